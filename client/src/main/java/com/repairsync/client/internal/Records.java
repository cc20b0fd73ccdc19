package com.repairsync.client.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.client.SyncStatus;
import com.repairsync.protocol.RecordText;
import com.repairsync.protocol.WireInstant;
import com.repairsync.protocol.schema.DeviceIndex;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.Schema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The records table: per record the server's state, the rebased view and the sync status. */
public final class Records {
    private Records() {}

    /**
     * The device's history generation ({@link DeviceInfo#HISTORY_GENERATION}), in SQL. A record's
     * base stored under an earlier one is from before the server's data was restored: its sequence
     * belongs to the old history and counts as 0 ({@link #BASE_SEQ}), so any state the server now
     * sends replaces it.
     */
    public static final String CURRENT_HISTORY = "COALESCE((SELECT CAST(value AS INTEGER) FROM device_info"
            + " WHERE key = '" + DeviceInfo.HISTORY_GENERATION + "'), 0)";

    /** A record's server sequence in this history, in SQL: 0 for a base of an earlier history. */
    public static final String BASE_SEQ = "CASE WHEN base_history = " + CURRENT_HISTORY + " THEN base_seq ELSE 0 END";

    /**
     * A record as read: its stored view, or its base where the view is not stored. A record with
     * nothing queued sees exactly its server state, so its view column is left NULL rather than
     * holding a second copy of the base: a pulled record is half the bytes to write (an initial
     * sync stores 20-30% more rows a second). A deleted record's view is NULL too.
     */
    private static final String ROW_COLUMNS = "entity, id, base, " + BASE_SEQ + " AS base_seq, base_deleted,"
            + " CASE WHEN deleted = 0 THEN coalesce(view, base) END AS view, deleted, status";

    /** One stored record. */
    public record Row(
            String entity,
            String id,
            ObjectNode base,
            long baseSeq,
            boolean baseDeleted,
            ObjectNode view,
            boolean deleted,
            SyncStatus status) {}

    public static Optional<Row> find(LocalDatabase.Tx tx, String entity, String id) throws SQLException {
        return tx.queryOne(
                "SELECT " + ROW_COLUMNS + " FROM records WHERE entity = ? AND id = ?", Records::row, entity, id);
    }

    /** Live (not deleted) views of an entity matching a SQL condition over {@code view}. */
    public static List<Row> where(LocalDatabase.Tx tx, String entity, String condition, Object... params)
            throws SQLException {
        return where(tx, entity, condition, "id", -1, params);
    }

    /**
     * Live views of an entity matching a SQL condition over {@code view}, ordered by SQL over it,
     * at most {@code limit} of them (negative: no limit): the database sorts and stops, so a long
     * list is never read whole to show its first lines.
     */
    public static List<Row> where(
            LocalDatabase.Tx tx, String entity, String condition, String orderBy, int limit, Object... params)
            throws SQLException {
        Object[] all = new Object[params.length + 2];
        all[0] = entity;
        System.arraycopy(params, 0, all, 1, params.length);
        all[all.length - 1] = limit;
        // The condition sees the view as the app does, whether it is stored or is the base.
        return tx.query(
                "SELECT * FROM (SELECT " + ROW_COLUMNS + " FROM records WHERE entity = ? AND deleted = 0) WHERE ("
                        + condition + ") ORDER BY " + orderBy + " LIMIT ?",
                Records::row,
                all);
    }

    /** The SQL of a field of a record as the app reads it, in a query over {@code records} ({@link #list}). */
    public static String viewField(String wireName) {
        return DeviceQueryIndexes.field("records", wireName);
    }

    /** The columns of {@link #row} for a live record read straight from {@code records}. */
    static final String LIVE_ROW_COLUMNS = "entity, id, base, " + BASE_SEQ
            + " AS base_seq, base_deleted, coalesce(view, base) AS view, deleted, status";

    /**
     * Live records of an entity meeting a condition over their fields ({@link #viewField}), ordered
     * by SQL over them, at most {@code limit} (negative: no limit). With an index (one the entity
     * declares, {@link DeviceIndex}) SQLite reads that index ({@code INDEXED BY}: a missing one is an
     * error, never a silent full scan) and only the records in it: the condition need not repeat the
     * index's own.
     */
    public static List<Row> list(
            LocalDatabase.Tx tx,
            EntityType type,
            DeviceIndex index,
            String condition,
            String orderBy,
            int limit,
            Object... params)
            throws SQLException {
        Object[] all = java.util.Arrays.copyOf(params, params.length + 1);
        all[params.length] = limit;
        return tx.query(listSql(type, index, condition, orderBy), Records::row, all);
    }

    /** The SQL of {@link #list}: its parameters are the condition's, then the limit. */
    public static String listSql(EntityType type, DeviceIndex index, String condition, String orderBy) {
        String from = index == null
                ? "records WHERE entity = '" + DeviceQueryIndexes.entityLiteral(type) + "' AND deleted = 0"
                : "records INDEXED BY " + DeviceQueryIndexes.indexName(type, index) + " WHERE "
                        + DeviceQueryIndexes.condition(type, index, "records");
        return "SELECT " + LIVE_ROW_COLUMNS + " FROM " + from + " AND (" + condition + ") ORDER BY " + orderBy
                + " LIMIT ?";
    }

    /**
     * Records of an entity this device holds as deleted, with the last values it knows of each (its
     * own queued changes applied, else the server's), at most {@code limit}: first those deleted here
     * and not yet acknowledged, then by the server's sequence, newest first. A tombstone without
     * values (pulled before wire version 6) is left out: there is nothing to show of it.
     */
    public static List<Row> deleted(LocalDatabase.Tx tx, String entity, int limit) throws SQLException {
        return tx.query(
                "SELECT entity, id, base, " + BASE_SEQ + " AS base_seq, base_deleted, coalesce(view, base) AS view,"
                        + " deleted, status FROM records WHERE entity = ? AND deleted = 1"
                        + " AND coalesce(view, base) IS NOT NULL"
                        + " ORDER BY status = 'synced', " + BASE_SEQ + " DESC, id DESC LIMIT ?",
                Records::row,
                entity,
                limit);
    }

    /**
     * A record's server state: what {@link #setBase} stores and a push acknowledgement builds on.
     *
     * @param seq its sequence in this history (0 for a base of an earlier one)
     * @param current whether it was stored in this history: a base of an earlier one already holds
     *     whatever this device had acknowledged then, and its sequence says nothing about this one's
     */
    public record Base(ObjectNode record, long seq, boolean deleted, boolean current) {}

    private static final String BASE_COLUMNS =
            "base, " + BASE_SEQ + ", base_deleted, base_history = " + CURRENT_HISTORY;

    private static Base base(ResultSet row, int first) throws SQLException {
        return new Base(
                Json.object(row.getString(first)),
                row.getLong(first + 1),
                row.getInt(first + 2) != 0,
                row.getInt(first + 3) != 0);
    }

    /** The server state of a stored record, without parsing its view. */
    public static Optional<Base> findBase(LocalDatabase.Tx tx, String entity, String id) throws SQLException {
        return tx.queryOne(
                "SELECT " + BASE_COLUMNS + " FROM records WHERE entity = ? AND id = ?",
                row -> base(row, 1),
                entity,
                id);
    }

    /** The server state of some stored records of one entity, by id. */
    public static Map<String, Base> findBases(LocalDatabase.Tx tx, String entity, Collection<String> ids)
            throws SQLException {
        Map<String, Base> bases = new HashMap<>();
        tx.queryIn(
                        "SELECT id, " + BASE_COLUMNS + " FROM records WHERE entity = ? AND id IN ",
                        row -> Map.entry(row.getString(1), base(row, 2)),
                        List.of(entity),
                        ids)
                .forEach(found -> bases.put(found.getKey(), found.getValue()));
        return bases;
    }

    /**
     * Stores the server's state of a record (from a pull or an acknowledged push) and rebases it:
     * one read of its queued mutations, one write of state, view and status.
     */
    public static void setBase(
            LocalDatabase.Tx tx, String entity, String id, ObjectNode base, long seq, boolean deleted, Instant now)
            throws SQLException {
        setBase(tx, entity, id, base, seq, deleted, Outbox.ofRecord(tx, entity, id), now);
    }

    /** {@link #setBase}, with the record's queued mutations already read. */
    public static void setBase(
            LocalDatabase.Tx tx,
            String entity,
            String id,
            ObjectNode base,
            long seq,
            boolean deleted,
            List<OutboxEntry> queued,
            Instant now)
            throws SQLException {
        ViewColumns view = ViewColumns.of(entity, id, base, deleted, queued);
        tx.update(
                "INSERT INTO records (entity, id, base, base_seq, base_deleted, view, deleted, status, updated_at,"
                        + " base_history) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, " + CURRENT_HISTORY + ")"
                        + " ON CONFLICT (entity, id) DO UPDATE SET"
                        + " base = excluded.base, base_seq = excluded.base_seq, base_deleted = excluded.base_deleted,"
                        + " view = excluded.view, deleted = excluded.deleted, status = excluded.status,"
                        + " updated_at = excluded.updated_at, base_history = excluded.base_history",
                entity,
                id,
                Json.write(base),
                seq,
                deleted ? 1 : 0,
                view.text(),
                view.deleted() ? 1 : 0,
                statusOf(queued),
                WireInstant.format(now));
    }

    /**
     * When a pulled state is not stored over the record's row: in this history, when an
     * acknowledged push already stored a newer state; over a base of an earlier history (the shop
     * downloaded again after a restore), when the row already holds exactly this state at this
     * sequence (the restored data shares the history up to the backup, so most records are so): a
     * download after a restore writes only what differs. Such a row stays of the earlier history and
     * so takes any state the server sends later.
     */
    private static final String STORE_SYNCED_UNLESS = " WHERE CASE WHEN records.base_history = excluded.base_history"
            + " THEN excluded.base_seq >= records.base_seq"
            + " ELSE NOT (records.base_seq = excluded.base_seq AND records.base IS excluded.base"
            + " AND records.base_deleted = excluded.base_deleted AND records.view IS NULL"
            + " AND records.status = 'synced') END";

    /**
     * Stores a pulled record on a device with nothing queued at all: with no local change to
     * replay, its view is its server state, so only the state is written (see {@link #ROW_COLUMNS}).
     * Returns false (and stores nothing) if an acknowledged push already stored a newer state of it,
     * or the row holds exactly this state (see {@link #STORE_SYNCED_UNLESS}). The record's text is
     * stored as it came; {@code now} is already in wire form (one page, one time).
     */
    public static boolean storeSynced(
            LocalDatabase.Tx tx, EntityType type, String id, RecordText base, long seq, boolean deleted, String now)
            throws SQLException {
        return storeSynced(tx, type.name(), id, base, seq, deleted, now);
    }

    /**
     * {@link #storeSynced(LocalDatabase.Tx, EntityType, String, RecordText, long, boolean, String)} by
     * entity name: an entity this version does not know (a newer server's) is stored the same way,
     * kept and never shown.
     */
    public static boolean storeSynced(
            LocalDatabase.Tx tx, String entity, String id, RecordText base, long seq, boolean deleted, String now)
            throws SQLException {
        boolean hidden = deleted || base == null; // as ViewColumns has it with nothing queued
        return tx.update(
                        "INSERT INTO records (entity, id, base, base_seq, base_deleted, view, deleted, status, updated_at,"
                                + " base_history) VALUES (?, ?, ?, ?, ?, NULL, ?, 'synced', ?, " + CURRENT_HISTORY + ")"
                                + " ON CONFLICT (entity, id) DO UPDATE SET"
                                + " base = excluded.base, base_seq = excluded.base_seq,"
                                + " base_deleted = excluded.base_deleted, view = NULL,"
                                + " deleted = excluded.deleted, status = 'synced', updated_at = excluded.updated_at,"
                                + " base_history = excluded.base_history"
                                + STORE_SYNCED_UNLESS,
                        entity,
                        id,
                        base == null ? null : base.json(),
                        seq,
                        deleted ? 1 : 0,
                        hidden ? 1 : 0,
                        now)
                > 0;
    }

    /**
     * Recomputes a record's view and status from its server state and its queued mutations. A
     * record the server never had and that has nothing queued any more is removed.
     */
    public static void rebase(LocalDatabase.Tx tx, String entity, String id, Instant now) throws SQLException {
        EntityType type = Schema.entity(entity).orElseThrow();
        Optional<Row> row = find(tx, entity, id);
        List<OutboxEntry> queued = Outbox.ofRecord(tx, entity, id);
        ObjectNode base = row.map(Row::base).orElse(null);
        boolean baseDeleted = row.map(Row::baseDeleted).orElse(false);
        if (base == null && !baseDeleted && queued.isEmpty()) {
            tx.update("DELETE FROM records WHERE entity = ? AND id = ?", entity, id);
            return;
        }
        ViewColumns view = ViewColumns.of(type.name(), id, base, baseDeleted, queued);
        tx.update(
                "INSERT INTO records (entity, id, base, base_seq, base_deleted, view, deleted, status, updated_at)"
                        + " VALUES (?, ?, NULL, 0, 0, ?, ?, ?, ?) ON CONFLICT (entity, id) DO UPDATE SET"
                        + " view = excluded.view, deleted = excluded.deleted, status = excluded.status,"
                        + " updated_at = excluded.updated_at",
                entity,
                id,
                view.text(),
                view.deleted() ? 1 : 0,
                statusOf(queued),
                WireInstant.format(now));
    }

    /**
     * The view and deleted columns of a record. With nothing queued the view is the base itself
     * (see {@link #ROW_COLUMNS}): nothing to replay or store, and deleted when the server deleted it
     * or never had it. Otherwise the queued mutations are replayed over the base.
     */
    private record ViewColumns(String text, boolean deleted) {
        static ViewColumns of(
                String entity, String id, ObjectNode base, boolean baseDeleted, List<OutboxEntry> queued) {
            if (queued.isEmpty()) {
                return new ViewColumns(null, baseDeleted || base == null);
            }
            // Only this version's entities have changes queued; a newer server's are only stored.
            EntityType type = Schema.entity(entity).orElseThrow();
            Rebase.View view = Rebase.apply(type, id, base, baseDeleted, queued);
            return new ViewColumns(Json.write(view.record()), view.deleted());
        }
    }

    private static String statusOf(List<OutboxEntry> queued) {
        SyncStatus status = queued.stream().anyMatch(OutboxEntry::failed)
                ? SyncStatus.FAILED
                : queued.isEmpty() ? SyncStatus.SYNCED : SyncStatus.PENDING;
        return status.name().toLowerCase(java.util.Locale.ROOT);
    }

    static Row row(ResultSet row) throws SQLException {
        return new Row(
                row.getString("entity"),
                row.getString("id"),
                Json.object(row.getString("base")),
                row.getLong("base_seq"),
                row.getInt("base_deleted") != 0,
                Json.object(row.getString("view")),
                row.getInt("deleted") != 0,
                SyncStatus.valueOf(row.getString("status").toUpperCase(java.util.Locale.ROOT)));
    }
}
