package com.repairsync.client.internal;

import com.repairsync.client.transport.SyncTransport;
import com.repairsync.client.transport.TransportException;
import com.repairsync.protocol.NamedThreads;
import com.repairsync.protocol.Sha256;
import com.repairsync.protocol.WireInstant;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Brings files from the server: thumbnails ahead of time, so the gallery shows at once, and
 * originals when someone opens one (or, by choice, those of recent attachments). A download keeps
 * each chunk as it arrives, so after a cut it resumes where it stopped; the whole file is checked
 * against its SHA-256 before it counts as held. Originals beyond the cache limit are dropped, least
 * recently used first ({@link LocalFiles#evict}).
 */
public final class FileDownloads implements AutoCloseable {
    private final LocalDatabase db;
    private final SyncTransport transport;
    private final Clock clock;
    private final long cacheLimit;
    private final FileUploads.Listener listener;
    private final ExecutorService workers =
            Executors.newFixedThreadPool(2, NamedThreads.numberedDaemons("repairsync-download"));
    private final Map<String, CompletableFuture<Void>> inFlight = new HashMap<>();

    public FileDownloads(
            LocalDatabase db, SyncTransport transport, Clock clock, long cacheLimit, FileUploads.Listener listener) {
        this.db = db;
        this.transport = transport;
        this.clock = clock;
        this.cacheLimit = cacheLimit;
        this.listener = listener;
    }

    /**
     * Downloads a file unless it is held here already or on its way; the future completes once it
     * is held, or with why it is not.
     */
    public synchronized CompletableFuture<Void> fetch(String hash, long size, String contentType, String role) {
        if (db.transaction(tx -> LocalFiles.held(tx, hash))) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> running = inFlight.get(hash);
        if (running != null) {
            return running;
        }
        CompletableFuture<Void> download =
                CompletableFuture.runAsync(() -> download(hash, size, contentType, role), workers);
        inFlight.put(hash, download);
        download.whenComplete((done, failure) -> {
            synchronized (this) {
                inFlight.remove(hash);
            }
            if (failure == null) {
                listener.changed(hash);
            }
        });
        return download;
    }

    /** {@link #fetch} and wait for it. */
    public void fetchNow(String hash, long size, String contentType, String role) {
        try {
            fetch(hash, size, contentType, role).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private void download(String hash, long size, String contentType, String role) {
        String now = WireInstant.format(clock.instant());
        int held = db.transaction(tx -> {
            tx.update(
                    "INSERT OR IGNORE INTO files (hash, size, content_type, role, stored, added_at, last_used_at)"
                            + " VALUES (?, ?, ?, ?, 0, ?, ?)",
                    hash,
                    size,
                    contentType,
                    role,
                    now,
                    now);
            return LocalFiles.chunksHeld(tx, hash);
        });
        Hashed hashed = hashHeld(hash, held);
        long from = (long) held * LocalFiles.CHUNK;
        if (size < 0 || from < size) {
            long total = transport.download(hash, from, (in, whole) -> {
                if (size >= 0 && whole >= 0 && whole != size) {
                    throw new IOException("the server holds " + whole + " bytes under " + hash + ", not " + size);
                }
                keepChunks(hash, in, held, hashed);
                return whole;
            });
            if (size < 0 && total >= 0) {
                db.transaction(tx -> tx.update("UPDATE files SET size = ? WHERE hash = ?", total, hash));
            }
        }
        verify(
                hash,
                db.transaction(tx -> LocalFiles.find(tx, hash).orElseThrow().size()),
                hashed);
        if (LocalFiles.ORIGINAL.equals(role)) {
            db.transaction(
                    tx -> LocalFiles.evict(tx, cacheLimit, clock.instant().minus(SyncEngine.KEEP_ACKNOWLEDGED)));
        }
    }

    /** The SHA-256 of the file so far, over the first chunks a cut download kept. */
    private Hashed hashHeld(String hash, int held) {
        Hashed hashed = new Hashed();
        for (int index = 0; index < held; index++) {
            int chunkIndex = index;
            hashed.add(db.transaction(tx -> LocalFiles.chunk(tx, hash, chunkIndex)));
        }
        return hashed;
    }

    /**
     * Stores the stream in chunks from {@code index}, each in its own transaction, so a cut keeps
     * them, and hashes them on the way.
     */
    private void keepChunks(String hash, InputStream in, int index, Hashed hashed) throws IOException {
        byte[] buffer = new byte[LocalFiles.CHUNK];
        for (int next = index; ; next++) {
            int read = in.readNBytes(buffer, 0, buffer.length);
            if (read == 0) {
                return;
            }
            byte[] chunk = java.util.Arrays.copyOf(buffer, read);
            hashed.add(chunk);
            int chunkIndex = next;
            db.serverStateTransaction(tx -> tx.update(
                    "INSERT OR REPLACE INTO file_chunks (hash, idx, data) VALUES (?, ?, ?)", hash, chunkIndex, chunk));
            if (read < buffer.length) {
                return;
            }
        }
    }

    /** Checks the kept chunks against the file's hash: held if equal, dropped (to download again) if not. */
    private void verify(String hash, long size, Hashed hashed) {
        boolean whole =
                hashed.length == size && Sha256.hex(hashed.digest.digest()).equals(hash);
        db.transaction(tx -> whole
                ? tx.update(
                        "UPDATE files SET stored = 1, last_used_at = ? WHERE hash = ?",
                        WireInstant.format(clock.instant()),
                        hash)
                : tx.update("DELETE FROM file_chunks WHERE hash = ?", hash));
        if (!whole) {
            throw new FileCorruptException("the downloaded bytes of " + hash + " do not have that SHA-256; they were"
                    + " dropped and are fetched again next time");
        }
    }

    /** The SHA-256 and length of a file's bytes, fed chunk by chunk in order. */
    private static final class Hashed {
        final MessageDigest digest = Sha256.digest();
        long length;

        void add(byte[] chunk) {
            digest.update(chunk);
            length += chunk.length;
        }
    }

    /** A downloaded file whose bytes do not match its hash. */
    public static final class FileCorruptException extends TransportException {
        FileCorruptException(String message) {
            super(message, null);
        }

        @Override
        public boolean retriable() {
            return true;
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
