package com.repairsync.client.internal;

import com.repairsync.client.transport.OfflineException;
import com.repairsync.client.transport.RequestRejectedException;
import com.repairsync.client.transport.ServerBusyException;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.client.transport.TransportException;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.FileUpload;
import com.repairsync.protocol.NamedThreads;
import com.repairsync.protocol.Sha256;
import com.repairsync.protocol.WireInstant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The upload lane: sends the files this device took to the server, at most {@code concurrency} at a
 * time, on threads of its own, so a record push never waits behind a photo. An upload is resumable:
 * the server says which chunks it holds, and only the others go. Once a file is complete the
 * attachment records waiting for it are released to the push ({@code outbox.waits_for_file}).
 *
 * <p>A cut or a busy server retries later; a full shop (quota) every 15 minutes; a file the server
 * refuses for good (too large, a type it does not take) is marked failed with the reason, and the
 * records waiting for it go to the failed queue with the same reason, so nothing waits unseen.
 */
public final class FileUploads implements AutoCloseable {
    static final Duration RETRY_OFFLINE = Duration.ofSeconds(15);
    static final Duration RETRY_BUSY = Duration.ofMinutes(1);
    static final Duration RETRY_FULL = Duration.ofMinutes(15);
    /** Chunks of one file on their way at once: one travels while the next is read and hashed. */
    static final int CHUNKS_IN_FLIGHT = 2;

    /** What the device hears of the lane. */
    public interface Listener {
        /** An upload moved on, finished or failed: the attachments naming the file changed status. */
        void changed(String hash);

        /** A file is on the server: the records waiting for it may be pushed. */
        void uploaded(String hash);
    }

    private final LocalDatabase db;
    private final SyncTransport transport;
    private final Clock clock;
    private final int concurrency;
    private final Listener listener;
    private final ExecutorService workers;
    /** Sends the chunks of the files uploading, {@value #CHUNKS_IN_FLIGHT} per file. */
    private final ExecutorService chunks;

    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(NamedThreads.daemon("repairsync-upload-timer"));
    private final Set<String> inFlight = new HashSet<>();
    private boolean closed;

    public FileUploads(LocalDatabase db, SyncTransport transport, Clock clock, int concurrency, Listener listener) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("at least one upload at a time, not " + concurrency);
        }
        this.db = db;
        this.transport = transport;
        this.clock = clock;
        this.concurrency = concurrency;
        this.listener = listener;
        this.workers = Executors.newFixedThreadPool(concurrency, NamedThreads.numberedDaemons("repairsync-upload"));
        this.chunks = Executors.newFixedThreadPool(
                concurrency * CHUNKS_IN_FLIGHT, NamedThreads.numberedDaemons("repairsync-upload-chunk"));
    }

    /** Starts the uploads that are due, up to the cap, and arms a wake-up for the next one waiting. */
    public synchronized void wake() {
        if (closed) {
            return;
        }
        Instant now = clock.instant();
        List<String> due = db.transaction(tx -> tx.query(
                "SELECT hash FROM files WHERE upload = 'pending' AND (next_upload_at IS NULL OR next_upload_at <= ?)"
                        + " ORDER BY role = 'original', added_at, hash LIMIT ?",
                row -> row.getString(1),
                WireInstant.format(now),
                concurrency + inFlight.size()));
        for (String hash : due) {
            if (inFlight.size() >= concurrency) {
                break;
            }
            if (inFlight.add(hash)) {
                workers.execute(() -> run(hash));
            }
        }
        if (inFlight.isEmpty()) {
            db.transaction(tx -> tx.queryOne(
                            "SELECT MIN(next_upload_at) FROM files WHERE upload = 'pending' AND next_upload_at > ?",
                            row -> row.getString(1),
                            WireInstant.format(now)))
                    .map(WireInstant::parse)
                    .ifPresent(at -> timer.schedule(
                            this::wake, Math.max(1, Duration.between(now, at).toMillis()), TimeUnit.MILLISECONDS));
        }
    }

    /**
     * The server answered: uploads that waited because it could not be reached (or was busy) go now;
     * those it refused for a reason (a full shop) keep their time.
     */
    public void serverAnswered() {
        db.transaction(tx ->
                tx.update("UPDATE files SET next_upload_at = NULL WHERE upload = 'pending' AND error_code IS NULL"));
        wake();
    }

    /** Whether the file is uploading now. */
    public synchronized boolean uploading(String hash) {
        return inFlight.contains(hash);
    }

    /** How many uploads are running now. */
    public synchronized int running() {
        return inFlight.size();
    }

    private void run(String hash) {
        try {
            upload(hash);
        } catch (RuntimeException e) {
            if (!isClosed()) {
                retryLater(hash, null, "upload failed: " + e, RETRY_BUSY);
            } // else: the device closed under the upload; it resumes when the device opens again
        } finally {
            synchronized (this) {
                inFlight.remove(hash);
            }
            if (!isClosed()) {
                listener.changed(hash);
                wake();
            }
        }
    }

    private void upload(String hash) {
        LocalFiles.Row file = db.transaction(tx -> LocalFiles.find(tx, hash)).orElse(null);
        if (file == null || !"pending".equals(file.upload()) || !file.stored()) {
            return;
        }
        try {
            FileUpload status = send(file);
            if (!status.complete()) {
                retryLater(hash, null, "the server did not complete the file after its last chunk", RETRY_BUSY);
                return;
            }
            uploaded(hash, file.size());
        } catch (RequestRejectedException refused) {
            refused(file, refused);
        } catch (OfflineException offline) {
            retryLater(hash, null, "waiting for the server: " + offline.getMessage(), RETRY_OFFLINE);
        } catch (ServerBusyException busy) {
            retryLater(hash, null, busy.getMessage(), busy.retryAfter() != null ? busy.retryAfter() : RETRY_BUSY);
        } catch (TransportException other) {
            retryLater(hash, null, other.getMessage(), RETRY_BUSY);
        } catch (UnsupportedOperationException noLane) {
            retryLater(hash, null, noLane.getMessage(), RETRY_FULL);
        }
    }

    /**
     * Sends the chunks the server lacks, {@value #CHUNKS_IN_FLIGHT} at a time (a chunk is read and
     * hashed while the one before it travels); returns the answer that completed the file, else the
     * last one.
     */
    private FileUpload send(LocalFiles.Row file) {
        FileUpload status = beginOrResume(file);
        Set<Integer> held = new HashSet<>(status.received());
        AtomicLong sent = new AtomicLong((long) held.size() * status.chunkSize());
        Deque<CompletableFuture<FileUpload>> travelling = new ArrayDeque<>();
        FileUpload last = status;
        try {
            for (int index = 0; index < status.chunkCount() && !last.complete(); index++) {
                if (held.contains(index)) {
                    continue;
                }
                if (travelling.size() == CHUNKS_IN_FLIGHT) {
                    last = laterOf(last, await(travelling.poll()));
                }
                int chunk = index;
                int chunkSize = status.chunkSize();
                travelling.add(CompletableFuture.supplyAsync(() -> sendChunk(file, chunkSize, chunk, sent), chunks));
            }
            while (!travelling.isEmpty()) {
                last = laterOf(last, await(travelling.poll()));
            }
        } finally {
            travelling.forEach(answer -> answer.cancel(false)); // a failure: the rest go again when resumed
        }
        return last;
    }

    private FileUpload sendChunk(LocalFiles.Row file, int chunkSize, int index, AtomicLong sent) {
        long offset = (long) index * chunkSize;
        int length = FileUpload.chunkLength(file.size(), chunkSize, index);
        byte[] bytes = db.transaction(tx -> LocalFiles.read(tx, file.hash(), offset, length));
        FileUpload answer = transport.uploadChunk(file.hash(), index, bytes, Sha256.of(bytes));
        progress(file.hash(), Math.min(file.size(), sent.addAndGet(length)));
        return answer;
    }

    /** The answer that completed the file wins; else the newer one. */
    private static FileUpload laterOf(FileUpload earlier, FileUpload later) {
        return earlier.complete() ? earlier : later;
    }

    private static <T> T await(CompletableFuture<T> answer) {
        try {
            return answer.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private FileUpload beginOrResume(LocalFiles.Row file) {
        FileUpload status = transport.beginUpload(file.hash(), file.size());
        if (!file.hash().equals(status.hash()) || status.size() != file.size() || status.chunkSize() <= 0) {
            throw new ServerBusyException(200, "the server answered for another file: " + status, null);
        }
        return status;
    }

    private void progress(String hash, long sent) {
        // Progress only: a crash may undo it, and the server says what it holds when the upload resumes.
        db.serverStateTransaction(
                tx -> tx.update("UPDATE files SET uploaded_bytes = MAX(uploaded_bytes, ?) WHERE hash = ?", sent, hash));
        listener.changed(hash);
    }

    /** The file is on the server: the records waiting for it go. */
    private void uploaded(String hash, long size) {
        db.transaction(tx -> {
            tx.update(
                    "UPDATE files SET upload = 'done', uploaded_bytes = ?, error_code = NULL, error_message = NULL,"
                            + " next_upload_at = NULL WHERE hash = ?",
                    size,
                    hash);
            return tx.update("UPDATE outbox SET waits_for_file = NULL WHERE waits_for_file = ?", hash);
        });
        listener.uploaded(hash);
    }

    private void refused(LocalFiles.Row file, RequestRejectedException refused) {
        if (refused.code().retriable()) {
            retryLater(file.hash(), refused.code().wireName(), refused.getMessage(), RETRY_FULL);
            return;
        }
        if (refused.code() == ErrorCode.HASH_MISMATCH && "chunk".equals(refused.field())) {
            // The chunk arrived other than it left (the device hashed its own bytes): it goes again.
            retryLater(file.hash(), refused.code().wireName(), refused.getMessage(), RETRY_OFFLINE);
            return;
        }
        if (refused.code() == ErrorCode.NOT_FOUND) {
            // The server dropped an idle upload, or has no file lane yet (older than wire version 5).
            retryLater(file.hash(), ErrorCode.NOT_FOUND.wireName(), refused.getMessage(), RETRY_BUSY);
            return;
        }
        Instant now = clock.instant();
        db.transaction(tx -> {
            tx.update(
                    "UPDATE files SET upload = 'failed', error_code = ?, error_message = ? WHERE hash = ?",
                    refused.code().wireName(),
                    refused.getMessage(),
                    file.hash());
            return FileWaits.fail(tx, file.hash(), refused.code().wireName(), refused.getMessage(), now);
        });
    }

    private void retryLater(String hash, String code, String message, Duration delay) {
        Instant at = clock.instant().plus(delay);
        db.transaction(tx -> tx.update(
                "UPDATE files SET next_upload_at = ?, error_code = ?, error_message = ? WHERE hash = ? AND upload = 'pending'",
                WireInstant.format(at),
                code,
                message,
                hash));
        synchronized (this) {
            if (!closed) {
                timer.schedule(this::wake, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
            }
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        closed = true;
        timer.shutdownNow();
        workers.shutdownNow();
        chunks.shutdownNow();
    }
}
