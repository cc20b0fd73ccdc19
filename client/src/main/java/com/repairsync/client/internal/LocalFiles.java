package com.repairsync.client.internal;

import com.repairsync.client.InvalidRecordException;
import com.repairsync.protocol.FileTypes;
import com.repairsync.protocol.FileUpload;
import com.repairsync.protocol.Sha256;
import com.repairsync.protocol.TimeOrderedIds;
import com.repairsync.protocol.WireInstant;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The device's files: their bytes in 1 MiB chunks inside the encrypted database ({@code
 * file_chunks}), and a row each ({@code files}) saying what the file is, whether its bytes are here,
 * and how its upload stands. Everything here runs inside the caller's transaction.
 */
public final class LocalFiles {
    /** The size of the chunks a file is kept in here (the server's chunk size may differ). */
    static final int CHUNK = FileUpload.DEFAULT_CHUNK_SIZE;

    static final String ORIGINAL = "original";
    static final String THUMBNAIL = "thumbnail";

    /** A file held here. */
    public record Stored(String hash, long size, String contentType) {}

    /** A file's row. */
    record Row(
            String hash,
            long size,
            String contentType,
            String role,
            boolean stored,
            String upload,
            long uploadedBytes,
            String errorCode,
            String errorMessage) {}

    private LocalFiles() {}

    /**
     * Stores a stream's bytes as a file to upload: checked to be of an allowed type by its first
     * bytes, at most {@code maxSize} bytes long. The same bytes stored before are kept once; a file
     * the server already has (it came from there) is not uploaded again.
     *
     * @throws InvalidRecordException naming "file" if the bytes are empty, too large or of no allowed type
     */
    static Stored intake(LocalDatabase.Tx tx, InputStream in, long maxSize, String role, Instant now)
            throws SQLException {
        String staging = "staging-" + TimeOrderedIds.newId();
        MessageDigest digest = Sha256.digest();
        byte[] buffer = new byte[CHUNK];
        long size = 0;
        String type = null;
        for (int index = 0; ; index++) {
            int read = readChunk(in, buffer);
            if (read == 0) {
                break;
            }
            if (index == 0) {
                type = FileTypes.detect(buffer, read)
                        .orElseThrow(() -> new InvalidRecordException(
                                "file", "the file is not a JPEG, PNG, HEIC or WebP picture nor a PDF"));
            }
            size += read;
            if (size > maxSize) {
                throw new InvalidRecordException("file", "the file is larger than " + maxSize + " bytes");
            }
            digest.update(buffer, 0, read);
            tx.update(
                    "INSERT INTO file_chunks (hash, idx, data) VALUES (?, ?, ?)",
                    staging,
                    index,
                    Arrays.copyOf(buffer, read));
            if (read < CHUNK) {
                break;
            }
        }
        if (size == 0) {
            throw new InvalidRecordException("file", "the file is empty");
        }
        String hash = Sha256.hex(digest.digest());
        keep(tx, staging, new Stored(hash, size, type), role, now);
        return new Stored(hash, size, type);
    }

    /** Stores bytes already in memory (a thumbnail) as a file to upload. */
    static Stored intake(LocalDatabase.Tx tx, byte[] bytes, String role, Instant now) throws SQLException {
        return intake(tx, new java.io.ByteArrayInputStream(bytes), bytes.length, role, now);
    }

    /** Moves staged chunks under their hash, unless the bytes are here already, and records the file. */
    private static void keep(LocalDatabase.Tx tx, String staging, Stored file, String role, Instant now)
            throws SQLException {
        String stamp = WireInstant.format(now);
        Optional<Row> known = find(tx, file.hash());
        if (known.isPresent() && known.get().stored()) {
            tx.update("DELETE FROM file_chunks WHERE hash = ?", staging);
            tx.update("UPDATE files SET last_used_at = ? WHERE hash = ?", stamp, file.hash());
            return;
        }
        tx.update("UPDATE file_chunks SET hash = ? WHERE hash = ?", file.hash(), staging);
        if (known.isPresent()) {
            // Known from the server (its bytes evicted, or never downloaded): the server has it.
            tx.update("UPDATE files SET stored = 1, last_used_at = ? WHERE hash = ?", stamp, file.hash());
            return;
        }
        tx.update(
                "INSERT INTO files (hash, size, content_type, role, stored, upload, added_at, last_used_at)"
                        + " VALUES (?, ?, ?, ?, 1, 'pending', ?, ?)",
                file.hash(),
                file.size(),
                file.contentType(),
                role,
                stamp,
                stamp);
    }

    /** Reads up to a whole chunk, fewer only at the stream's end. */
    private static int readChunk(InputStream in, byte[] buffer) {
        try {
            return in.readNBytes(buffer, 0, buffer.length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the file to attach: " + e.getMessage(), e);
        }
    }

    static Optional<Row> find(LocalDatabase.Tx tx, String hash) throws SQLException {
        return tx.queryOne(
                "SELECT hash, size, content_type, role, stored, upload, uploaded_bytes, error_code, error_message"
                        + " FROM files WHERE hash = ?",
                row -> new Row(
                        row.getString(1),
                        row.getLong(2),
                        row.getString(3),
                        row.getString(4),
                        row.getInt(5) == 1,
                        row.getString(6),
                        row.getLong(7),
                        row.getString(8),
                        row.getString(9)),
                hash);
    }

    /** Whether the file's bytes are held here. */
    static boolean held(LocalDatabase.Tx tx, String hash) throws SQLException {
        return find(tx, hash).map(Row::stored).orElse(false);
    }

    /** {@code length} bytes of a held file from {@code offset}, read across its chunks. */
    static byte[] read(LocalDatabase.Tx tx, String hash, long offset, int length) throws SQLException {
        if (offset % CHUNK == 0) {
            byte[] chunk = chunk(tx, hash, (int) (offset / CHUNK));
            if (chunk.length == length) {
                return chunk; // the server cuts files as this device keeps them: no copy
            }
        }
        byte[] out = new byte[length];
        int filled = 0;
        while (filled < length) {
            long position = offset + filled;
            int index = (int) (position / CHUNK);
            int within = (int) (position % CHUNK);
            byte[] chunk = chunk(tx, hash, index);
            int take = Math.min(chunk.length - within, length - filled);
            if (take <= 0) {
                throw new IllegalStateException("file " + hash + " ends before byte " + position);
            }
            System.arraycopy(chunk, within, out, filled, take);
            filled += take;
        }
        return out;
    }

    static byte[] chunk(LocalDatabase.Tx tx, String hash, int index) throws SQLException {
        return tx.queryOne(
                        "SELECT data FROM file_chunks WHERE hash = ? AND idx = ?", row -> row.getBytes(1), hash, index)
                .orElseThrow(() -> new IllegalStateException("file " + hash + " lacks chunk " + index));
    }

    /** How many chunks of the file are here (a download in progress keeps the ones it finished). */
    static int chunksHeld(LocalDatabase.Tx tx, String hash) throws SQLException {
        return tx.queryOne("SELECT COUNT(*) FROM file_chunks WHERE hash = ?", row -> row.getInt(1), hash)
                .orElse(0);
    }

    /** Marks the file used now, so eviction takes others first. */
    static void touch(LocalDatabase.Tx tx, String hash, Instant now) throws SQLException {
        tx.update("UPDATE files SET last_used_at = ? WHERE hash = ?", WireInstant.format(now), hash);
    }

    /**
     * Drops the bytes of the least recently used downloaded originals until those left take at most
     * {@code limit} bytes. A file not yet uploaded is never dropped: it is the only copy. Nor is one
     * this device uploaded after {@code keepUploadedSince}: if the server is restored to a copy from
     * before it, the device sends it again (as it sends its acknowledged changes again).
     *
     * @return the hashes dropped
     */
    static List<String> evict(LocalDatabase.Tx tx, long limit, Instant keepUploadedSince) throws SQLException {
        record Candidate(String hash, long size) {}
        List<Candidate> held = tx.query(
                "SELECT hash, size FROM files WHERE role = 'original' AND stored = 1"
                        + " AND (upload IS NULL OR upload = 'done' AND added_at < ?) ORDER BY last_used_at DESC, hash",
                row -> new Candidate(row.getString(1), row.getLong(2)),
                WireInstant.format(keepUploadedSince));
        long kept = 0;
        List<String> dropped = new java.util.ArrayList<>();
        for (Candidate candidate : held) {
            if (kept + candidate.size() <= limit) {
                kept += candidate.size();
                continue;
            }
            tx.update("DELETE FROM file_chunks WHERE hash = ?", candidate.hash());
            tx.update("UPDATE files SET stored = 0 WHERE hash = ?", candidate.hash());
            dropped.add(candidate.hash());
        }
        return dropped;
    }
}
