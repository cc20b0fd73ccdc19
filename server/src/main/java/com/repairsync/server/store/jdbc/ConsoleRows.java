package com.repairsync.server.store.jdbc;

import com.repairsync.server.store.CounterRow;
import com.repairsync.server.store.DeviceHealthRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * What the owner's console reads: each device's latest health report and the shop's hourly
 * counters. Neither takes the shop's sequence lock: they never hold up a push.
 */
final class ConsoleRows {
    private static final String HEALTH_COLUMNS = "shop_id, device_id, reported_at, app_version, sdk_version, protocol,"
            + " platform, queue_depth, oldest_unsent_since, failed_count, conflict_count, clock_offset_ms,"
            + " last_push_at, last_pull_at, acting_employee_id";

    private final JdbcTransaction tx;

    ConsoleRows(JdbcTransaction tx) {
        this.tx = tx;
    }

    void markDeviceSeen(String shopId, String deviceId, Instant now) {
        tx.scope(shopId);
        tx.update(
                "mark device seen",
                "UPDATE devices SET last_seen_at = ? WHERE shop_id = ? AND id = ? AND last_seen_at < ?",
                now,
                shopId,
                deviceId,
                now);
    }

    void saveDeviceHealth(DeviceHealthRow health) {
        tx.scope(health.shopId());
        tx.update(
                "save device health",
                "INSERT INTO device_health (" + HEALTH_COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (shop_id, device_id) DO UPDATE SET reported_at = excluded.reported_at,"
                        + " app_version = excluded.app_version, sdk_version = excluded.sdk_version,"
                        + " protocol = excluded.protocol, platform = excluded.platform,"
                        + " queue_depth = excluded.queue_depth, oldest_unsent_since = excluded.oldest_unsent_since,"
                        + " failed_count = excluded.failed_count, conflict_count = excluded.conflict_count,"
                        + " clock_offset_ms = excluded.clock_offset_ms, last_push_at = excluded.last_push_at,"
                        + " last_pull_at = excluded.last_pull_at, acting_employee_id = excluded.acting_employee_id",
                health.shopId(),
                health.deviceId(),
                health.reportedAt(),
                health.appVersion(),
                health.sdkVersion(),
                health.protocol(),
                health.platform(),
                health.queueDepth(),
                health.oldestUnsentSince(),
                health.failedCount(),
                health.conflictCount(),
                health.clockOffsetMillis(),
                health.lastPushAt(),
                health.lastPullAt(),
                health.actingEmployeeId());
    }

    List<DeviceHealthRow> deviceHealth(String shopId) {
        tx.scope(shopId);
        return tx.query(
                "read device health",
                "SELECT " + HEALTH_COLUMNS + " FROM device_health WHERE shop_id = ?",
                this::health,
                shopId);
    }

    private DeviceHealthRow health(ResultSet row) throws SQLException {
        Dialect dialect = tx.dialect();
        return new DeviceHealthRow(
                row.getString("shop_id"),
                row.getString("device_id"),
                dialect.readInstant(row, "reported_at"),
                row.getString("app_version"),
                row.getString("sdk_version"),
                row.getInt("protocol"),
                row.getString("platform"),
                row.getInt("queue_depth"),
                dialect.readInstant(row, "oldest_unsent_since"),
                row.getInt("failed_count"),
                row.getInt("conflict_count"),
                row.getLong("clock_offset_ms"),
                dialect.readInstant(row, "last_push_at"),
                dialect.readInstant(row, "last_pull_at"),
                row.getString("acting_employee_id"));
    }

    void saveCounters(String shopId, List<CounterRow> counters, boolean add) {
        tx.scope(shopId);
        String merge = add ? "sync_counters.value + excluded.value" : "excluded.value";
        for (CounterRow counter : counters) {
            tx.update(
                    "save counter",
                    "INSERT INTO sync_counters (shop_id, hour, device_id, name, value) VALUES (?, ?, ?, ?, ?)"
                            + " ON CONFLICT (shop_id, hour, device_id, name) DO UPDATE SET value = " + merge,
                    shopId,
                    counter.hour(),
                    counter.deviceId(),
                    counter.name(),
                    counter.value());
        }
    }

    List<CounterRow> counters(String shopId, Instant fromHour, Instant toHour) {
        tx.scope(shopId);
        return tx.query(
                "read counters",
                "SELECT hour, device_id, name, value FROM sync_counters WHERE shop_id = ? AND hour >= ? AND hour < ?"
                        + " ORDER BY hour",
                row -> new CounterRow(
                        tx.dialect().readInstant(row, "hour"),
                        row.getString("device_id"),
                        row.getString("name"),
                        row.getLong("value")),
                shopId,
                fromHour,
                toHour);
    }

    void deleteCountersBefore(String shopId, Instant hour) {
        tx.scope(shopId);
        tx.update("delete old counters", "DELETE FROM sync_counters WHERE shop_id = ? AND hour < ?", shopId, hour);
    }
}
