package com.repairsync.server.store.jdbc;

import com.repairsync.server.store.DeviceRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The shop's devices: joined, seen, signed out and revoked. */
final class DeviceRows {
    private final JdbcTransaction tx;

    DeviceRows(JdbcTransaction tx) {
        this.tx = tx;
    }

    private static final String DEVICE_COLUMNS =
            "id, shop_id, name, joined_by, generation, created_at, last_seen_at, revoked_at, revoked_by, wipe_requested";

    Optional<DeviceRow> findDevice(String shopId, String deviceId) {
        tx.enter(shopId);
        return tx.queryOne(
                "find device",
                "SELECT " + DEVICE_COLUMNS + " FROM devices WHERE shop_id = ? AND id = ?",
                this::device,
                shopId,
                deviceId);
    }

    List<DeviceRow> devices(String shopId) {
        tx.enter(shopId);
        return tx.query(
                "list devices",
                "SELECT " + DEVICE_COLUMNS + " FROM devices WHERE shop_id = ? ORDER BY last_seen_at DESC, id",
                this::device,
                shopId);
    }

    private DeviceRow device(ResultSet row) throws SQLException {
        return new DeviceRow(
                row.getString("id"),
                row.getString("shop_id"),
                row.getString("name"),
                row.getString("joined_by"),
                row.getLong("generation"),
                tx.dialect().readInstant(row, "created_at"),
                tx.dialect().readInstant(row, "last_seen_at"),
                tx.dialect().readInstant(row, "revoked_at"),
                row.getString("revoked_by"),
                row.getBoolean("wipe_requested"));
    }

    void insertDevice(DeviceRow device, Instant now) {
        tx.enter(device.shopId());
        tx.update(
                "register device",
                "INSERT INTO devices (id, shop_id, name, joined_by, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)",
                device.id(),
                device.shopId(),
                device.name(),
                device.joinedBy(),
                now,
                now);
    }

    void touchDevice(String shopId, String deviceId, String name, String joinedBy, Instant now) {
        tx.enter(shopId);
        tx.update(
                "update device",
                "UPDATE devices SET name = ?, joined_by = ?, last_seen_at = ? WHERE shop_id = ? AND id = ?",
                name,
                joinedBy,
                now,
                shopId,
                deviceId);
    }

    void bumpDeviceGeneration(String shopId, String deviceId) {
        tx.enter(shopId);
        tx.update(
                "end device sign-in",
                "UPDATE devices SET generation = generation + 1 WHERE shop_id = ? AND id = ?",
                shopId,
                deviceId);
    }

    void revokeDevice(String shopId, String deviceId, String revokedBy, Instant now) {
        tx.enter(shopId);
        tx.update(
                "revoke device",
                "UPDATE devices SET generation = generation + 1, revoked_at = COALESCE(revoked_at, ?),"
                        + " revoked_by = COALESCE(revoked_by, ?) WHERE shop_id = ? AND id = ?",
                now,
                revokedBy,
                shopId,
                deviceId);
    }

    void requestWipe(String shopId, String deviceId) {
        tx.enter(shopId);
        tx.update(
                "request device wipe",
                "UPDATE devices SET wipe_requested = ? WHERE shop_id = ? AND id = ?",
                true,
                shopId,
                deviceId);
    }
}
