package com.repairsync.server.files;

import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.FileTypes;
import com.repairsync.protocol.FileUpload;
import com.repairsync.protocol.Sha256;
import com.repairsync.server.ApiException;
import com.repairsync.server.ServerConfig;
import com.repairsync.server.store.FileRow;
import com.repairsync.server.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file lane: a device uploads a file's bytes in chunks under the file's SHA-256 ({@link
 * #begin}, then {@link #putChunk} for each chunk it has not sent), and any device of the shop
 * downloads it ({@link #open}, {@link #copy}). Files are shared within a shop only: a file the
 * shop holds is never uploaded again, and another shop's files are never revealed.
 *
 * <p>Nothing half-checked is kept: a chunk is stored only once its SHA-256 matches, the first
 * chunk's bytes must be an allowed type, and the last chunk completes the file only if the whole
 * file's SHA-256 is its name; otherwise the upload is deleted, rows and bytes. An upload in progress
 * reserves its size against the shop's quota; one idle for {@link #IDLE_UPLOAD} is deleted.
 */
public final class FileLane {
    private static final Logger log = LoggerFactory.getLogger(FileLane.class);
    /** Uploads one shop may have in progress at once. */
    public static final int MAX_UPLOADS_IN_PROGRESS = 16;
    /** How long an unfinished upload is kept after it began. */
    public static final Duration IDLE_UPLOAD = Duration.ofHours(24);
    /** Abandoned uploads deleted per shop at once (the rest go the next time). */
    private static final int STALE_PER_SWEEP = 100;
    /** Locks completing files, by shop and hash: two last chunks arriving at once complete the file once. */
    private static final int LOCK_STRIPES = 64;

    private final Store store;
    private final FileBytes bytes;
    private final Clock clock;
    private final long maxFileBytes;
    private final long quotaBytes;
    private final int chunkSize;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

    public FileLane(Store store, FileBytes bytes, Clock clock, long maxFileBytes, long quotaBytes) {
        this(store, bytes, clock, maxFileBytes, quotaBytes, FileUpload.DEFAULT_CHUNK_SIZE);
    }

    FileLane(Store store, FileBytes bytes, Clock clock, long maxFileBytes, long quotaBytes, int chunkSize) {
        this.store = store;
        this.bytes = bytes;
        this.clock = clock;
        this.maxFileBytes = maxFileBytes;
        this.quotaBytes = quotaBytes;
        this.chunkSize = chunkSize;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /**
     * The file lane of a server: bytes on the disk of the data directory with SQLite, in the
     * database with PostgreSQL (every node serves every file); abandoned uploads are deleted first.
     */
    public static FileLane open(ServerConfig config, Store store, Clock clock) {
        FileBytes bytes = storage(config, store);
        ServerConfig.Attachments limits = config.attachments();
        FileLane lane = new FileLane(store, bytes, clock, limits.maxFileBytes(), limits.quotaBytes());
        lane.start();
        return lane;
    }

    /** Where this lane keeps the files' bytes. */
    public FileBytes bytes() {
        return bytes;
    }

    /** Where a server keeps its files' bytes: the data directory's disk with SQLite, the database with PostgreSQL. */
    public static FileBytes storage(ServerConfig config, Store store) {
        return config.database().isPostgres() ? new DatabaseFileBytes(store) : DiskFileBytes.open(config.dataDir());
    }

    /** Deletes the uploads abandoned while the server was down, of every shop the storage can name. */
    public void start() {
        for (String shopId : bytes.shops()) {
            deleteStale(shopId);
        }
    }

    /**
     * Begins or resumes the upload of a file of {@code size} bytes named by its SHA-256: a file the
     * shop holds is complete at once; an upload in progress answers the chunks it holds.
     */
    public FileUpload begin(String shopId, String deviceId, String hash, long size) {
        checkHash(hash);
        if (size < 1 || size > maxFileBytes) {
            throw new ApiException(
                    ErrorCode.FILE_TOO_LARGE,
                    "size",
                    "size must be from 1 to " + maxFileBytes + " bytes (the server's --max-attachment), got " + size);
        }
        Optional<FileRow> existing = store.read(tx -> tx.findFile(shopId, hash));
        if (existing.isPresent()) {
            return resume(existing.get(), size);
        }
        deleteStale(shopId);
        FileRow upload =
                new FileRow(shopId, hash, size, chunkSize, null, FileRow.UPLOADING, clock.instant(), null, deviceId);
        FileRow begun = store.write(tx -> {
            tx.currentSeq(shopId); // takes the shop's write lock: concurrent begins count each other
            Optional<FileRow> raced = tx.findFile(shopId, hash);
            if (raced.isPresent()) {
                return raced.get();
            }
            if (tx.uploadsInProgress(shopId) >= MAX_UPLOADS_IN_PROGRESS) {
                throw new ApiException(
                        ErrorCode.RATE_LIMITED,
                        "hash",
                        "the shop has " + MAX_UPLOADS_IN_PROGRESS
                                + " uploads in progress; finish one before beginning another");
            }
            long used = tx.fileBytes(shopId);
            if (used + size > quotaBytes) {
                throw new ApiException(
                        ErrorCode.QUOTA_EXCEEDED,
                        "size",
                        "the shop's files take " + used + " of its " + quotaBytes + " bytes (--attachment-quota);"
                                + " a file of " + size + " bytes does not fit");
            }
            tx.insertUpload(upload);
            return upload;
        });
        return resume(begun, size);
    }

    private FileUpload resume(FileRow row, long size) {
        if (row.stored()) {
            return complete(row);
        }
        if (row.size() != size) {
            throw ApiException.invalid(
                    "size", "the upload of this file began with size " + row.size() + ", not " + size);
        }
        return status(row);
    }

    /**
     * Stores one chunk of an upload: exactly the chunk's length, with the SHA-256 the device claims
     * for it. The last missing chunk completes the file. A chunk of a file the shop holds already is
     * not read and answers complete.
     *
     * @param body the chunk's bytes; at most its length plus one byte is read
     * @param declaredLength the request's declared length, or -1 when unknown
     */
    public FileUpload putChunk(
            String shopId, String hash, int index, InputStream body, long declaredLength, String claimedSha256) {
        checkHash(hash);
        FileRow row = store.read(tx -> tx.findFile(shopId, hash))
                .orElseThrow(
                        () -> new ApiException(ErrorCode.NOT_FOUND, "hash", "no upload of this file; begin it first"));
        if (row.stored()) {
            return complete(row);
        }
        int count = FileUpload.chunkCount(row.size(), row.chunkSize());
        if (index < 0 || index >= count) {
            throw ApiException.invalid("index", "index must be from 0 to " + (count - 1) + ", got " + index);
        }
        if (!Sha256.isHex(claimedSha256)) {
            throw ApiException.invalid(
                    FileUpload.CHUNK_HASH_HEADER,
                    FileUpload.CHUNK_HASH_HEADER + " must be the chunk's SHA-256: 64 lower-case hex digits");
        }
        byte[] chunk = readChunk(body, declaredLength, FileUpload.chunkLength(row.size(), row.chunkSize(), index));
        if (!Sha256.of(chunk).equals(claimedSha256)) {
            throw new ApiException(
                    ErrorCode.HASH_MISMATCH,
                    "chunk",
                    "chunk " + index + " does not have the SHA-256 sent with it; it was not kept: send it again");
        }
        if (index == 0 && FileTypes.detect(chunk, chunk.length).isEmpty()) {
            deleteUpload(row);
            throw notAllowed();
        }
        bytes.writeChunk(shopId, hash, index, chunk);
        ReentrantLock lock = lock(shopId, hash);
        lock.lock();
        try {
            return finishIfWhole(row);
        } finally {
            lock.unlock();
        }
    }

    /** Reads exactly {@code length} bytes, never more than one past it. */
    private static byte[] readChunk(InputStream body, long declaredLength, int length) {
        if (declaredLength >= 0 && declaredLength != length) {
            throw wrongLength(declaredLength, length);
        }
        // Read straight into the chunk's array, in as large reads as the stream gives: readNBytes(int)
        // would gather 8 KiB pieces and copy them again, which cost most of a chunk's CPU.
        byte[] chunk = new byte[length];
        int read;
        boolean more;
        try {
            read = body.readNBytes(chunk, 0, length);
            more = read == length && body.read() >= 0;
        } catch (IOException e) {
            throw new ApiException(
                    ErrorCode.MALFORMED_REQUEST, "chunk", "the chunk could not be read: " + e.getMessage());
        }
        if (read != length || more) {
            throw wrongLength(more ? -1 : read, length);
        }
        return chunk;
    }

    private static ApiException wrongLength(long got, int length) {
        return ApiException.invalid(
                "chunk",
                "this chunk must be exactly " + length + " bytes long, got " + (got < 0 ? "more" : Long.toString(got)));
    }

    /** Completes the file when every chunk is held: checks its SHA-256 and type, then marks it stored. */
    private FileUpload finishIfWhole(FileRow row) {
        List<Integer> held = bytes.chunkIndexes(row.shopId(), row.hash());
        if (held.size() < FileUpload.chunkCount(row.size(), row.chunkSize())) {
            return new FileUpload(row.hash(), row.size(), row.chunkSize(), held, false, null);
        }
        // Every chunk is here: the row again, under the lock, as another request may have finished it.
        Optional<FileRow> now = store.read(tx -> tx.findFile(row.shopId(), row.hash()));
        if (now.isEmpty()) {
            throw new ApiException(ErrorCode.NOT_FOUND, "hash", "the upload of this file was deleted; begin it again");
        }
        if (now.get().stored()) {
            return complete(now.get());
        }
        String contentType = check(row);
        Instant storedAt = clock.instant();
        store.write(tx -> tx.markFileStored(row.shopId(), row.hash(), contentType, storedAt));
        log.info("file stored: shop={} hash={} size={} type={}", row.shopId(), row.hash(), row.size(), contentType);
        return new FileUpload(row.hash(), row.size(), row.chunkSize(), List.of(), true, contentType);
    }

    /** Reads the whole file back in order: its SHA-256 must be its name and its bytes an allowed type. */
    private String check(FileRow row) {
        MessageDigest digest = Sha256.digest();
        byte[] head = null;
        int count = FileUpload.chunkCount(row.size(), row.chunkSize());
        long length = 0;
        for (int index = 0; index < count; index++) {
            byte[] chunk = chunk(row.shopId(), row.hash(), index);
            if (index == 0) {
                head = chunk;
            }
            digest.update(chunk);
            length += chunk.length;
        }
        if (length != row.size() || !Sha256.hex(digest.digest()).equals(row.hash())) {
            deleteUpload(row);
            throw new ApiException(
                    ErrorCode.HASH_MISMATCH,
                    "file",
                    "the file's bytes do not have the SHA-256 it was sent under; nothing of it was kept");
        }
        Optional<String> type = FileTypes.detect(head, head.length);
        if (type.isEmpty()) {
            deleteUpload(row);
            throw notAllowed();
        }
        return type.get();
    }

    private static ApiException notAllowed() {
        return new ApiException(
                ErrorCode.FILE_TYPE_NOT_ALLOWED,
                "file",
                "the file's bytes are none of " + FileTypes.ALLOWED + ", whatever its name; nothing of it was kept");
    }

    /** The stored file of the shop, if it holds one under this hash; another shop's is never found. */
    public Optional<StoredFile> open(String shopId, String hash) {
        if (!Sha256.isHex(hash)) {
            return Optional.empty();
        }
        return store.read(tx -> tx.findFile(shopId, hash))
                .filter(FileRow::stored)
                .map(row -> new StoredFile(shopId, hash, row.size(), row.contentType(), row.chunkSize()));
    }

    /** Writes the file's bytes from byte {@code from} to its end, one chunk at a time. */
    public void copy(StoredFile file, long from, OutputStream out) throws IOException {
        int first = (int) (from / file.chunkSize());
        int count = FileUpload.chunkCount(file.size(), file.chunkSize());
        for (int index = first; index < count; index++) {
            byte[] chunk = chunk(file.shopId(), file.hash(), index);
            int skip = index == first ? (int) (from - (long) first * file.chunkSize()) : 0;
            out.write(chunk, skip, chunk.length - skip);
        }
    }

    private byte[] chunk(String shopId, String hash, int index) {
        return bytes.readChunk(shopId, hash, index)
                .orElseThrow(() -> new IllegalStateException("chunk " + index + " of file " + hash + " is missing"));
    }

    private FileUpload status(FileRow row) {
        List<Integer> held = bytes.chunkIndexes(row.shopId(), row.hash());
        return new FileUpload(row.hash(), row.size(), row.chunkSize(), held, false, null);
    }

    private static FileUpload complete(FileRow row) {
        return new FileUpload(row.hash(), row.size(), row.chunkSize(), List.of(), true, row.contentType());
    }

    /** Deletes the shop's uploads begun more than {@link #IDLE_UPLOAD} ago and never finished. */
    private void deleteStale(String shopId) {
        Instant before = clock.instant().minus(IDLE_UPLOAD);
        for (FileRow stale : store.read(tx -> tx.staleUploads(shopId, before, STALE_PER_SWEEP))) {
            log.info("abandoned upload deleted: shop={} hash={} begun={}", shopId, stale.hash(), stale.createdAt());
            deleteUpload(stale);
        }
    }

    /** Deletes an upload: its bytes first, so a crash between the two leaves a row that resumes, never stray bytes. */
    private void deleteUpload(FileRow row) {
        bytes.delete(row.shopId(), row.hash());
        store.write(tx -> {
            tx.deleteFile(row.shopId(), row.hash());
            return null;
        });
    }

    private static void checkHash(String hash) {
        if (!Sha256.isHex(hash)) {
            throw ApiException.invalid("hash", "hash must be the file's SHA-256: 64 lower-case hex digits");
        }
    }

    private ReentrantLock lock(String shopId, String hash) {
        return locks[Math.floorMod(shopId.hashCode() * 31 + hash.hashCode(), LOCK_STRIPES)];
    }
}
