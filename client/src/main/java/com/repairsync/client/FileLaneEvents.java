package com.repairsync.client;

import com.repairsync.client.internal.DeviceFileLane;
import com.repairsync.client.internal.FileUploads;
import com.repairsync.client.internal.LocalDatabase;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.protocol.schema.Schema;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns the file lane's news into the device's: an upload's progress or a download tells the record
 * listeners which attachments changed (their status or thumbnail), and a finished upload starts a
 * push of the records that waited for it.
 */
final class FileLaneEvents implements FileUploads.Listener {
    /** Set while this class tells the listeners: the lane's own news is no reason to look ahead again. */
    private static final ThreadLocal<Boolean> TELLING = ThreadLocal.withInitial(() -> false);

    private final LocalDatabase db;
    private final DeviceListeners listeners;
    private final Consumer<Set<String>> written;

    FileLaneEvents(LocalDatabase db, DeviceListeners listeners, Consumer<Set<String>> written) {
        this.db = db;
        this.listeners = listeners;
        this.written = written;
    }

    /**
     * The device's file lane, its news told through {@code listeners}; attachments arriving from the
     * server make it look for thumbnails to fetch.
     */
    static DeviceFileLane lane(
            LocalDatabase db,
            SyncTransport transport,
            DeviceOptions options,
            DeviceListeners listeners,
            Consumer<Set<String>> written) {
        FileOptions files = options.files();
        DeviceFileLane lane = new DeviceFileLane(
                db,
                transport,
                options.clock(),
                new DeviceFileLane.Settings(
                        files.maxFileBytes(), files.cacheLimit(), files.keepOriginalsFor(), files.uploadConcurrency()),
                new FileLaneEvents(db, listeners, written));
        listeners.addRecordListener((entity, id) -> {
            if (Schema.ATTACHMENTS.name().equals(entity) && !TELLING.get()) {
                lane.attachmentsChanged();
            }
        });
        return lane;
    }

    @Override
    public void changed(String hash) {
        Set<String> keys = attachmentsNaming(hash);
        if (!keys.isEmpty()) {
            TELLING.set(true);
            try {
                listeners.recordsChanged(keys);
            } finally {
                TELLING.set(false);
            }
        }
    }

    /** The records that waited for the file go out (a write's news: listeners, state, a sync). */
    @Override
    public void uploaded(String hash) {
        Set<String> keys = attachmentsNaming(hash);
        TELLING.set(true);
        try {
            written.accept(keys);
        } finally {
            TELLING.set(false);
        }
    }

    private Set<String> attachmentsNaming(String hash) {
        List<String> ids = db.transaction(tx -> tx.query(
                // The expressions and the entity are those of the indexes of device migration V5.
                "SELECT id FROM records WHERE entity = 'attachments' AND deleted = 0"
                        + " AND json_extract(coalesce(view, base), '$.fileHash') = ?"
                        + " UNION SELECT id FROM records WHERE entity = 'attachments' AND deleted = 0"
                        + " AND json_extract(coalesce(view, base), '$.thumbnailHash') = ?",
                row -> row.getString(1),
                hash,
                hash));
        Set<String> keys = new HashSet<>();
        ids.forEach(id -> keys.add(Schema.ATTACHMENTS.name() + "/" + id));
        return keys;
    }
}
