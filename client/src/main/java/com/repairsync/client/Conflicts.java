package com.repairsync.client;

import com.repairsync.client.internal.DeviceCore;
import com.repairsync.client.internal.LocalDatabase;
import com.repairsync.protocol.WireInstant;
import java.util.List;

/** The fields this device wrote that lost to later writes elsewhere, until a person settles them. */
final class Conflicts {
    private final LocalDatabase db;
    private final DeviceCore core;
    private final DeviceListeners listeners;

    Conflicts(LocalDatabase db, DeviceCore core, DeviceListeners listeners) {
        this.db = db;
        this.core = core;
        this.listeners = listeners;
    }

    /** The conflicts not yet dismissed, oldest first. */
    List<Conflict> open() {
        return db.transaction(tx -> tx.query(
                "SELECT id, entity, record_id, field, local_value, winning_value, actor_id, local_hlc, detected_at"
                        + " FROM conflicts WHERE dismissed = 0 ORDER BY id",
                row -> new Conflict(
                        row.getLong(1),
                        row.getString(2),
                        row.getString(3),
                        row.getString(4),
                        row.getString(5),
                        row.getString(6),
                        row.getString(7),
                        row.getString(8),
                        WireInstant.parse(row.getString(9)))));
    }

    /** Keeps mine (writes the lost value again, then closes it) or theirs (only closes it); see {@link DeviceCore#resolveConflict}. */
    void resolve(long conflictId, ConflictChoice choice) {
        core.resolveConflict(conflictId, choice == ConflictChoice.KEEP_MINE);
        listeners.publishState();
    }
}
