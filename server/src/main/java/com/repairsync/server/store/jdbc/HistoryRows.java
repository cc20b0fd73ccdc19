package com.repairsync.server.store.jdbc;

import com.repairsync.server.store.AuditFilter;
import com.repairsync.server.store.HistoryRow;
import com.repairsync.server.store.RecordHistory;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The shops' record history: written with the changes it describes, read by record (index
 * {@code (shop_id, entity, record_id, seq)}), by shop newest first (the primary key, or {@code
 * (shop_id, at)} for a time range) and as the managers' feed, and pruned oldest first.
 */
final class HistoryRows implements RecordHistory {
    /**
     * Rows per multi-row INSERT, largest first: a few statement shapes keep the statement cache
     * small while a push's hundreds of rows go in a handful of statements.
     */
    private static final int[] ROWS_PER_INSERT = {32, 8, 1};

    private static final int PARAMS_PER_ROW = 10;
    private static final String[] INSERT_SQL = new String[ROWS_PER_INSERT[0] + 1];

    static {
        for (int size : ROWS_PER_INSERT) {
            INSERT_SQL[size] = "INSERT INTO record_history (shop_id, seq, entity, record_id, op, actor_id, device_id,"
                    + " hlc, at, changes) VALUES "
                    + String.join(", ", Collections.nCopies(size, "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        }
    }

    private static final String COLUMNS = "shop_id, seq, entity, record_id, op, actor_id, device_id, hlc, at, changes";

    /** How far a row's time may run ahead of a later row's: see {@link #seqBefore}. */
    private static final Duration AT_ORDER_SLACK = Duration.ofHours(1);

    private final JdbcTransaction tx;

    HistoryRows(JdbcTransaction tx) {
        this.tx = tx;
    }

    /** Stores rows in multi-row INSERTs, each of one shop (row-level security checks every row against it). */
    void insertHistory(List<HistoryRow> rows) {
        int start = 0;
        while (start < rows.size()) {
            String shopId = rows.get(start).shopId();
            int end = start + 1;
            while (end < rows.size() && rows.get(end).shopId().equals(shopId)) {
                end++;
            }
            tx.enter(shopId); // a push entered its shop before its first write: nothing more to do then
            insertOfOneShop(rows.subList(start, end));
            start = end;
        }
    }

    private void insertOfOneShop(List<HistoryRow> rows) {
        int from = 0;
        for (int size : ROWS_PER_INSERT) {
            while (rows.size() - from >= size) {
                List<HistoryRow> chunk = rows.subList(from, from + size);
                JdbcTransaction.sql("store record history", () -> {
                    PreparedStatement statement = tx.prepare(INSERT_SQL[size]);
                    int i = 1;
                    for (HistoryRow row : chunk) {
                        bind(statement, i, row);
                        i += PARAMS_PER_ROW;
                    }
                    return statement.executeUpdate();
                });
                from += size;
            }
        }
    }

    private void bind(PreparedStatement statement, int first, HistoryRow row) throws SQLException {
        statement.setString(first, row.shopId());
        statement.setLong(first + 1, row.seq());
        statement.setString(first + 2, row.entity());
        statement.setString(first + 3, row.recordId());
        statement.setString(first + 4, row.op());
        statement.setString(first + 5, row.actorId());
        statement.setString(first + 6, row.deviceId());
        statement.setString(first + 7, row.hlc());
        tx.dialect().bindInstant(statement, first + 8, row.at());
        statement.setString(first + 9, row.changesJson());
    }

    @Override
    public List<HistoryRow> ofRecord(String shopId, String entity, String recordId, long before, int limit) {
        tx.scope(shopId);
        return tx.query(
                "read record history",
                "SELECT " + COLUMNS + " FROM record_history WHERE shop_id = ? AND entity = ? AND record_id = ?"
                        + " AND seq < ? ORDER BY seq DESC LIMIT ?",
                this::row,
                shopId,
                entity,
                recordId,
                before,
                limit);
    }

    /**
     * The audit: newest first by the primary key, each filter a condition on the row. A time range
     * first becomes a range of sequence numbers through {@code (shop_id, at)} ({@link #seqBefore},
     * {@link #seqFrom}), so the read covers that range only, not every newer row.
     */
    @Override
    public List<HistoryRow> audit(String shopId, AuditFilter filter) {
        tx.scope(shopId);
        long above = filter.from() == null ? 0 : seqBefore(shopId, filter.from());
        long below = filter.to() == null ? filter.before() : Math.min(filter.before(), seqFrom(shopId, filter.to()));
        StringBuilder sql = new StringBuilder(
                "SELECT " + COLUMNS + " FROM record_history WHERE shop_id = ? AND seq > ? AND seq < ?");
        List<Object> params = new ArrayList<>(List.of(shopId, above, below));
        condition(sql, params, " AND actor_id = ?", filter.actorId());
        condition(sql, params, " AND device_id = ?", filter.deviceId());
        condition(sql, params, " AND entity = ?", filter.entity());
        condition(sql, params, " AND at >= ?", filter.from());
        condition(sql, params, " AND at < ?", filter.to());
        sql.append(" ORDER BY seq DESC LIMIT ?");
        params.add(filter.limit());
        return tx.query("read the audit", sql.toString(), this::row, params.toArray());
    }

    private static void condition(StringBuilder sql, List<Object> params, String condition, Object value) {
        if (value != null) {
            sql.append(condition);
            params.add(value);
        }
    }

    /**
     * The feed: rows after {@code after} within the window, by the primary key. A device whose
     * cursor lies before the window (its first read, or back after a long time) starts at the
     * window's start ({@link #seqBefore}) instead of reading every older row.
     */
    @Override
    public List<HistoryRow> feed(String shopId, long after, Instant since, int limit) {
        tx.scope(shopId);
        Optional<Instant> next = tx.queryOne(
                "read the feed's next row",
                "SELECT at FROM record_history WHERE shop_id = ? AND seq > ? ORDER BY seq LIMIT 1",
                row -> tx.dialect().readInstant(row, 1),
                shopId,
                after);
        if (next.isEmpty()) {
            return List.of();
        }
        long from = next.get().isBefore(since) ? Math.max(after, seqBefore(shopId, since)) : after;
        return tx.query(
                "read the feed",
                "SELECT " + COLUMNS + " FROM record_history WHERE shop_id = ? AND seq > ? AND at >= ?"
                        + " ORDER BY seq LIMIT ?",
                this::row,
                shopId,
                from,
                since,
                limit);
    }

    /*
     * Time ranges as sequence ranges. Rows commit in sequence order but take their time when their
     * push began, before it waited for the shop's lock (or on another node, whose clock may differ
     * a little), so time order is sequence order only up to {@link #AT_ORDER_SLACK}: a row written
     * more than that before another also committed before it. Each bound is one seek into
     * {@code (shop_id, at)}.
     */

    /** A sequence number no row written at or after {@code time} is at or below (0 if none is known). */
    private long seqBefore(String shopId, Instant time) {
        return tx.queryOne(
                        "find the history row before a time",
                        "SELECT seq FROM record_history WHERE shop_id = ? AND at < ? ORDER BY at DESC LIMIT 1",
                        row -> row.getLong(1),
                        shopId,
                        time.minus(AT_ORDER_SLACK))
                .orElse(0L);
    }

    /** A sequence number no row written before {@code time} is at or above ({@link Long#MAX_VALUE} if none). */
    private long seqFrom(String shopId, Instant time) {
        return tx.queryOne(
                        "find the history row after a time",
                        "SELECT seq FROM record_history WHERE shop_id = ? AND at >= ? ORDER BY at LIMIT 1",
                        row -> row.getLong(1),
                        shopId,
                        time.plus(AT_ORDER_SLACK))
                .orElse(Long.MAX_VALUE);
    }

    @Override
    public List<String> shopsBefore(Instant before, String afterShop, int limit) {
        return tx.query(
                "find shops with old history",
                tx.dialect().shopsWithHistoryBeforeSql(),
                row -> row.getString(1),
                afterShop,
                before,
                limit);
    }

    /** Deletes the oldest rows before a time, at most {@code limit}: a bounded step of retention. */
    @Override
    public int deleteBefore(String shopId, Instant before, int limit) {
        tx.scope(shopId);
        return tx.update(
                "prune record history",
                "DELETE FROM record_history WHERE shop_id = ? AND seq IN (SELECT seq FROM record_history"
                        + " WHERE shop_id = ? AND at < ? ORDER BY at LIMIT ?)",
                shopId,
                shopId,
                before,
                limit);
    }

    private HistoryRow row(ResultSet row) throws SQLException {
        return new HistoryRow(
                row.getString(1),
                row.getLong(2),
                row.getString(3),
                row.getString(4),
                row.getString(5),
                row.getString(6),
                row.getString(7),
                row.getString(8),
                tx.dialect().readInstant(row, 9),
                row.getString(10));
    }
}
