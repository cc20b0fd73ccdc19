package com.repairsync.server.history;

import com.repairsync.protocol.Hlc;
import com.repairsync.protocol.Operation;
import com.repairsync.protocol.merge.RecordState;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.server.store.HistoryRow;
import com.repairsync.server.store.StoreTx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The history rows of one write transaction (a push batch): one per applied change that took a
 * sequence number, gathered as the batch applies its units and stored together at its end in a
 * few multi-row inserts, in the same transaction as the changes. A unit that is rolled back takes
 * its rows with it, exactly as its record writes go.
 */
public final class ChangeHistory implements AutoCloseable {
    /** The ops of {@link com.repairsync.protocol.HistoryEntry#op()} a push writes, and a password change. */
    public static final String CREATE = "create";

    public static final String UPDATE = "update";
    public static final String DELETE = "delete";
    public static final String ADJUST = "adjust";
    public static final String RESTORE = "restore";
    public static final String PASSWORD = "password";

    private final String shopId;
    private final String deviceId;
    private final HistoryChanges changes = new HistoryChanges();
    private final List<HistoryRow> rows = new ArrayList<>();
    /** Rows from this index on belong to the unit being applied. */
    private int unitStart;

    /**
     * @param deviceId the device the changes came from: the pusher, or for held changes applied
     *     from the console the revoked device whose changes they were
     */
    public ChangeHistory(String shopId, String deviceId) {
        this.shopId = shopId;
        this.deviceId = deviceId;
    }

    /**
     * A mutation was applied and took {@code seq}.
     *
     * @param before the record before it, or null when it created the record
     * @param deltas the adjustment's amounts (adjust only)
     */
    public void applied(
            EntityType type,
            String recordId,
            Operation op,
            RecordState before,
            RecordState after,
            Map<String, Long> deltas,
            String actorId,
            Hlc hlc,
            long seq,
            Instant at) {
        String name;
        String fields;
        switch (op) {
            case UPSERT -> {
                name = before == null ? CREATE : UPDATE;
                fields = before == null ? changes.created(type, after) : changes.updated(type, before, after);
            }
            case ADJUST -> {
                name = ADJUST;
                fields = changes.adjusted(type, deltas, after);
            }
            case DELETE -> {
                name = DELETE;
                fields = HistoryChanges.NONE;
            }
            case RESTORE -> {
                name = RESTORE;
                fields = HistoryChanges.NONE;
            }
            default -> throw new IllegalArgumentException("no history op for " + op);
        }
        rows.add(new HistoryRow(
                shopId, seq, type.name(), recordId, name, actorId, deviceId, hlc.toString(), at, fields));
    }

    /** The unit being applied ended: its rows stay, or go with its rolled-back writes. */
    public void unitEnded(boolean rolledBack) {
        if (rolledBack) {
            rows.subList(unitStart, rows.size()).clear();
        }
        unitStart = rows.size();
    }

    /** Stores the rows gathered so far, in the transaction that made their changes. */
    public void writeTo(StoreTx tx) {
        if (!rows.isEmpty()) {
            tx.insertHistory(rows);
            rows.clear();
        }
        unitStart = 0;
    }

    @Override
    public void close() {
        changes.close();
    }

    /**
     * The row of an employee's sign-in password being set: who set it, from where, no values. It
     * has no HLC: it is not a synced write.
     */
    public static HistoryRow password(
            String shopId, String employeeId, String actorId, String deviceId, long seq, Instant at) {
        return new HistoryRow(
                shopId,
                seq,
                Schema.EMPLOYEES.name(),
                employeeId,
                PASSWORD,
                actorId,
                deviceId,
                null,
                at,
                HistoryChanges.NONE);
    }

    /** The row of a record the server created itself (a shop's first admin at sign-up). */
    public static HistoryRow created(
            String shopId,
            EntityType type,
            String recordId,
            RecordState state,
            String actorId,
            Hlc hlc,
            long seq,
            Instant at) {
        try (HistoryChanges one = new HistoryChanges()) {
            return new HistoryRow(
                    shopId,
                    seq,
                    type.name(),
                    recordId,
                    CREATE,
                    actorId,
                    null,
                    hlc.toString(),
                    at,
                    one.created(type, state));
        }
    }
}
