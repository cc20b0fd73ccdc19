package com.repairsync.client;

import com.repairsync.client.internal.LocalDatabase;
import com.repairsync.protocol.WireInstant;
import java.util.List;

/** The fields this device wrote that lost to later writes elsewhere, until a person dismisses them. */
final class Conflicts {
    private final LocalDatabase db;

    Conflicts(LocalDatabase db) {
        this.db = db;
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

    void dismiss(long conflictId) {
        db.transaction(tx -> tx.update("UPDATE conflicts SET dismissed = 1 WHERE id = ?", conflictId));
    }
}
