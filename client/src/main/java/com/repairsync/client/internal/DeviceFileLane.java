package com.repairsync.client.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.protocol.FileTypes;
import com.repairsync.protocol.NamedThreads;
import com.repairsync.protocol.WireInstant;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The device's side of the file lane: takes files in (with a thumbnail for photos), uploads them
 * ({@link FileUploads}), brings other devices' files down ({@link FileDownloads}) and says how each
 * stands. One per open device.
 */
public final class DeviceFileLane implements AutoCloseable {
    /** How many thumbnails one look ahead fetches at most; the next look takes the rest. */
    private static final int PREFETCH_BATCH = 200;

    /**
     * @param maxFileBytes the largest file the device takes in (the server may take less)
     * @param cacheLimit the most bytes of downloaded originals kept
     * @param keepOriginalsFor originals of attachments added this recently are fetched ahead too (zero: none)
     * @param uploadConcurrency how many files upload at once
     */
    public record Settings(long maxFileBytes, long cacheLimit, Duration keepOriginalsFor, int uploadConcurrency) {}

    private final LocalDatabase db;
    private final Clock clock;
    private final Settings settings;
    private final FileUploads uploads;
    private final FileDownloads downloads;
    private final ExecutorService lookAhead =
            Executors.newSingleThreadExecutor(NamedThreads.daemon("repairsync-file-prefetch"));
    private final AtomicBoolean prefetchQueued = new AtomicBoolean();
    /**
     * Whether attachments arrived (or a look ahead failed) since the last look: each look reads every
     * attachment, so a sync that brought none does not start one.
     */
    private final AtomicBoolean lookAgain = new AtomicBoolean(true);

    public DeviceFileLane(
            LocalDatabase db, SyncTransport transport, Clock clock, Settings settings, FileUploads.Listener listener) {
        this.db = db;
        this.clock = clock;
        this.settings = settings;
        this.uploads = new FileUploads(db, transport, clock, settings.uploadConcurrency(), listener);
        this.downloads = new FileDownloads(db, transport, clock, settings.cacheLimit(), listener);
    }

    /** Stores a file to attach, and a thumbnail of it if it is a photo the JDK can draw, inside {@code tx}. */
    LocalFiles.Stored intake(LocalDatabase.Tx tx, InputStream bytes, Instant now) throws SQLException {
        return LocalFiles.intake(tx, bytes, settings.maxFileBytes(), LocalFiles.ORIGINAL, now);
    }

    /** A thumbnail of a stored photo, stored as a file of its own; empty if none can be made. */
    Optional<LocalFiles.Stored> thumbnail(LocalDatabase.Tx tx, LocalFiles.Stored original, Instant now)
            throws SQLException {
        if (!FileTypes.isImage(original.contentType())) {
            return Optional.empty();
        }
        Optional<byte[]> thumbnail = Thumbnails.of(original.contentType(), chunks(tx, original.hash()));
        if (thumbnail.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(LocalFiles.intake(tx, thumbnail.get(), LocalFiles.THUMBNAIL, now));
    }

    /** The held file's bytes, chunk by chunk, read through {@code tx}. */
    private static InputStream chunks(LocalDatabase.Tx tx, String hash) throws SQLException {
        int count = LocalFiles.chunksHeld(tx, hash);
        Enumeration<InputStream> parts = new Enumeration<>() {
            private int next;

            @Override
            public boolean hasMoreElements() {
                return next < count;
            }

            @Override
            public InputStream nextElement() {
                try {
                    return new java.io.ByteArrayInputStream(LocalFiles.chunk(tx, hash, next++));
                } catch (SQLException e) {
                    throw new com.repairsync.client.LocalStoreException("device database: " + e.getMessage(), e);
                }
            }
        };
        return new SequenceInputStream(parts);
    }

    /** After a sync the server answered: uploads waiting for it go, and files to fetch ahead are looked for. */
    public void wake() {
        uploads.serverAnswered();
        if (lookAgain.get()) {
            prefetchSoon();
        }
    }

    /** Attachments arrived or changed: look ahead for their thumbnails. */
    public void attachmentsChanged() {
        lookAgain.set(true);
        prefetchSoon();
    }

    /** Starts the uploads that are due (after a write). */
    void uploadSoon() {
        uploads.wake();
    }

    /** Looks, on the lane's own thread, for thumbnails (and recent originals) not held here yet. */
    public void prefetchSoon() {
        if (prefetchQueued.compareAndSet(false, true)) {
            lookAhead.execute(() -> {
                prefetchQueued.set(false);
                lookAgain.set(false);
                prefetch();
            });
        }
    }

    private void prefetch() {
        record Wanted(String hash, long size, String type, String role) {}
        String since = WireInstant.format(clock.instant().minus(settings.keepOriginalsFor()));
        boolean originals = !settings.keepOriginalsFor().isZero();
        // A synced record's view column is NULL (it is its base), so both are read.
        String view = "coalesce(r.view, r.base)";
        List<Wanted> wanted = db.transaction(tx -> tx.query(
                "SELECT json_extract(" + view + ", '$.thumbnailHash'), -1, 'image/jpeg', 'thumbnail' FROM records r"
                        + " WHERE r.entity = 'attachments' AND r.deleted = 0"
                        + " AND json_extract(" + view + ", '$.thumbnailHash') IS NOT NULL AND NOT EXISTS (SELECT 1"
                        + " FROM files f WHERE f.hash = json_extract(" + view + ", '$.thumbnailHash') AND f.stored = 1)"
                        + " UNION ALL SELECT json_extract(" + view + ", '$.fileHash'), json_extract(" + view
                        + ", '$.size'), json_extract(" + view + ", '$.contentType'), 'original' FROM records r"
                        + " WHERE ? AND r.entity = 'attachments' AND r.deleted = 0"
                        + " AND json_extract(" + view + ", '$.addedAt') >= ? AND NOT EXISTS (SELECT 1 FROM files f"
                        + " WHERE f.hash = json_extract(" + view + ", '$.fileHash') AND f.stored = 1) LIMIT ?",
                row -> new Wanted(row.getString(1), row.getLong(2), row.getString(3), row.getString(4)),
                originals ? 1 : 0,
                since,
                PREFETCH_BATCH));
        for (Wanted file : wanted) {
            try {
                downloads.fetchNow(file.hash(), file.size(), file.type(), file.role());
            } catch (RuntimeException e) {
                lookAgain.set(true); // offline or refused: the next sync looks again
                return;
            }
        }
        if (wanted.size() == PREFETCH_BATCH) {
            prefetchSoon();
        }
    }

    /** The file's bytes, downloaded first if they are not held here (blocking). */
    public InputStream open(String hash, long size, String contentType) {
        downloads.fetchNow(hash, size, contentType, LocalFiles.ORIGINAL);
        db.transaction(tx -> {
            LocalFiles.touch(tx, hash, clock.instant());
            return null;
        });
        return new HeldFileStream(db, hash);
    }

    /** A thumbnail's bytes if they are held here. */
    public Optional<byte[]> thumbnail(String hash) {
        return db.transaction(tx -> {
            Optional<LocalFiles.Row> file = LocalFiles.find(tx, hash).filter(LocalFiles.Row::stored);
            return file.isEmpty()
                    ? Optional.<byte[]>empty()
                    : Optional.of(LocalFiles.read(tx, hash, 0, (int) file.get().size()));
        });
    }

    /** How the attachment's file stands on this device. */
    public FileState state(ObjectNode attachment) {
        String hash = attachment.path("fileHash").asText(null);
        String thumbnail = attachment.path("thumbnailHash").asText(null);
        boolean uploadingNow = hash != null && uploads.uploading(hash);
        return db.transaction(tx -> {
            Optional<LocalFiles.Row> file = hash == null ? Optional.empty() : LocalFiles.find(tx, hash);
            boolean thumbnailHeld = thumbnail != null && LocalFiles.held(tx, thumbnail);
            return new FileState(
                    file.map(LocalFiles.Row::upload).orElse(null),
                    file.map(LocalFiles.Row::uploadedBytes).orElse(0L),
                    file.map(LocalFiles.Row::stored).orElse(false),
                    file.map(LocalFiles.Row::errorCode).orElse(null),
                    file.map(LocalFiles.Row::errorMessage).orElse(null),
                    thumbnailHeld,
                    uploadingNow);
        });
    }

    /**
     * How an attachment's file stands here.
     *
     * @param upload null for a file that came from the server (or is unknown here), else pending, done or failed
     * @param held whether the original's bytes are here
     */
    public record FileState(
            String upload,
            long uploadedBytes,
            boolean held,
            String errorCode,
            String errorMessage,
            boolean thumbnailHeld,
            boolean uploadingNow) {}

    @Override
    public void close() {
        lookAhead.shutdownNow();
        uploads.close();
        downloads.close();
    }
}
