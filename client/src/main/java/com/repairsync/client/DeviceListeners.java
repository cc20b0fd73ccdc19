package com.repairsync.client;

import com.repairsync.client.internal.DeviceInfo;
import com.repairsync.client.internal.LocalDatabase;
import com.repairsync.client.internal.Outbox;
import com.repairsync.protocol.WireInstant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's sync-state and record listeners, and the sync state they are told: a listener that
 * throws is logged and the others still hear.
 */
final class DeviceListeners {
    private static final Logger log = LoggerFactory.getLogger(RepairSyncDevice.class);

    private final LocalDatabase db;
    private final LiveState live;
    private final List<Consumer<SyncState>> stateListeners = new CopyOnWriteArrayList<>();
    private final List<RecordListener> recordListeners = new CopyOnWriteArrayList<>();

    DeviceListeners(LocalDatabase db, LiveState live) {
        this.db = db;
        this.live = live;
    }

    void addSyncStateListener(Consumer<SyncState> listener) {
        stateListeners.add(listener);
    }

    void addRecordListener(RecordListener listener) {
        recordListeners.add(listener);
    }

    /** The current sync state: the live flags and what the database counts. */
    SyncState syncState() {
        return db.transaction(tx -> new SyncState(
                live.online,
                live.syncing,
                live.progress,
                new LinkedHashMap<>(Outbox.pendingByEntity(tx)),
                Outbox.failedCount(tx),
                tx.queryOne("SELECT COUNT(*) FROM conflicts WHERE dismissed = 0", row -> row.getInt(1))
                        .orElse(0),
                DeviceInfo.get(tx, DeviceInfo.LAST_SYNC_AT)
                        .map(WireInstant::parse)
                        .orElse(null),
                DeviceInfo.get(tx, DeviceInfo.SIGNED_OUT_REASON).orElse(live.lastError),
                com.repairsync.client.internal.ServerUpdateWaits.count(tx)));
    }

    /** The server ended the sign-in: tells of the records whose queued changes failed, and the new state. */
    void signInEnded(Set<String> keys) {
        recordsChanged(keys);
        publishState();
    }

    /** Tells the record listeners of each "entity/id" that changed. */
    void recordsChanged(Set<String> keys) {
        for (String key : keys) {
            int slash = key.indexOf('/');
            for (RecordListener listener : recordListeners) {
                try {
                    listener.changed(key.substring(0, slash), key.substring(slash + 1));
                } catch (RuntimeException e) {
                    log.warn("record listener failed", e);
                }
            }
        }
    }

    /** Tells the sync-state listeners the state now; nothing once the device closed. */
    void publishState() {
        if (stateListeners.isEmpty() || live.closed) {
            return;
        }
        SyncState state = syncState();
        for (Consumer<SyncState> listener : stateListeners) {
            try {
                listener.accept(state);
            } catch (RuntimeException e) {
                log.warn("sync state listener failed", e);
            }
        }
    }
}
