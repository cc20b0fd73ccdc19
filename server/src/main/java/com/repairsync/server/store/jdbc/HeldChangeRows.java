package com.repairsync.server.store.jdbc;

import com.repairsync.server.store.HeldChangeRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Changes revoked devices sent up for review, and how each was resolved. */
final class HeldChangeRows {
    private static final String COLUMNS =
            "shop_id, device_id, mutation_id, mutation, received_at, resolved_at, resolved_by, resolution";

    private final JdbcTransaction tx;

    HeldChangeRows(JdbcTransaction tx) {
        this.tx = tx;
    }

    /** Stores the changes after those the device sent before, in the order given. */
    int hold(String shopId, String deviceId, List<HeldChangeRow> changes) {
        tx.scope(shopId);
        int next = tx.queryOne(
                        "next held position",
                        "SELECT COALESCE(MAX(position) + 1, 0) FROM held_changes WHERE shop_id = ? AND device_id = ?",
                        row -> row.getInt(1),
                        shopId,
                        deviceId)
                .orElse(0);
        int stored = 0;
        for (HeldChangeRow change : changes) {
            stored += tx.update(
                    "hold change",
                    "INSERT INTO held_changes (shop_id, device_id, mutation_id, position, mutation, received_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (shop_id, device_id, mutation_id) DO NOTHING",
                    shopId,
                    deviceId,
                    change.mutationId(),
                    next++,
                    change.mutation(),
                    change.receivedAt());
        }
        return stored;
    }

    int count(String shopId, String deviceId) {
        tx.scope(shopId);
        return tx.queryOne(
                        "count held changes",
                        "SELECT COUNT(*) FROM held_changes WHERE shop_id = ? AND device_id = ?",
                        row -> row.getInt(1),
                        shopId,
                        deviceId)
                .orElse(0);
    }

    /** How many changes each device of the shop sent up, by device id (devices that sent none are absent). */
    java.util.Map<String, Integer> counts(String shopId) {
        tx.scope(shopId);
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        tx.query(
                "count held changes of the shop",
                "SELECT device_id, COUNT(*) FROM held_changes WHERE shop_id = ? GROUP BY device_id",
                row -> counts.put(row.getString(1), row.getInt(2)),
                shopId);
        return counts;
    }

    List<HeldChangeRow> list(String shopId, String deviceId) {
        tx.scope(shopId);
        return tx.query(
                "list held changes",
                "SELECT " + COLUMNS + " FROM held_changes WHERE shop_id = ? AND device_id = ?" + " ORDER BY position",
                this::row,
                shopId,
                deviceId);
    }

    Optional<HeldChangeRow> find(String shopId, String deviceId, String mutationId) {
        tx.scope(shopId);
        return tx.queryOne(
                "find held change",
                "SELECT " + COLUMNS + " FROM held_changes WHERE shop_id = ? AND device_id = ? AND mutation_id = ?",
                this::row,
                shopId,
                deviceId,
                mutationId);
    }

    void resolve(String shopId, String deviceId, String mutationId, String resolution, String by, Instant now) {
        tx.scope(shopId);
        tx.update(
                "resolve held change",
                "UPDATE held_changes SET resolved_at = ?, resolved_by = ?, resolution = ?"
                        + " WHERE shop_id = ? AND device_id = ? AND mutation_id = ? AND resolved_at IS NULL",
                now,
                by,
                resolution,
                shopId,
                deviceId,
                mutationId);
    }

    private HeldChangeRow row(ResultSet row) throws SQLException {
        return new HeldChangeRow(
                row.getString("shop_id"),
                row.getString("device_id"),
                row.getString("mutation_id"),
                row.getString("mutation"),
                tx.dialect().readInstant(row, "received_at"),
                tx.dialect().readInstant(row, "resolved_at"),
                row.getString("resolved_by"),
                row.getString("resolution"));
    }
}
