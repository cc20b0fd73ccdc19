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
            if (Schema.ATTACHMENTS.name().equals(entity)) {
                lane.prefetchSoon();
            }
        });
        return lane;
    }

    @Override
    public void changed(String hash) {
        Set<String> keys = attachmentsNaming(hash);
        if (!keys.isEmpty()) {
            listeners.recordsChanged(keys);
        }
    }

    /** The records that waited for the file go out (a write's news: listeners, state, a sync). */
    @Override
    public void uploaded(String hash) {
        written.accept(attachmentsNaming(hash));
    }

    private Set<String> attachmentsNaming(String hash) {
        List<String> ids = db.transaction(tx -> tx.query(
                "SELECT id FROM records WHERE entity = ? AND deleted = 0"
                        + " AND (json_extract(coalesce(view, base), '$.fileHash') = ?"
                        + " OR json_extract(coalesce(view, base), '$.thumbnailHash') = ?)",
                row -> row.getString(1),
                Schema.ATTACHMENTS.name(),
                hash,
                hash));
        Set<String> keys = new HashSet<>();
        ids.forEach(id -> keys.add(Schema.ATTACHMENTS.name() + "/" + id));
        return keys;
    }
}
