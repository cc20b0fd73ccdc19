package com.repairsync.client.internal;

import java.sql.SQLException;
import java.util.Optional;

/** Small facts about the device (its id, shop, tokens, cursor), kept in its database. */
public final class DeviceInfo {
    public static final String SERVER_URL = "server_url";
    /** The server certificate the device pinned: a fingerprint or "authorities" (ServerTrust). */
    public static final String SERVER_CERTIFICATE = "server_certificate";

    public static final String SHOP_ID = "shop_id";
    public static final String DEVICE_ID = "device_id";
    public static final String DEVICE_NAME = "device_name";
    public static final String SIGNED_IN_EMPLOYEE = "signed_in_employee";
    public static final String SIGNED_IN_ROLE = "signed_in_role";
    public static final String ACTING_EMPLOYEE = "acting_employee";
    public static final String ACCESS_TOKEN = "access_token";
    public static final String REFRESH_TOKEN = "refresh_token";
    public static final String ACCESS_EXPIRES_AT = "access_expires_at";
    public static final String CURSOR = "cursor";
    /** The server history id (epoch) the cursor and the records' server sequences belong to. */
    public static final String SERVER_HISTORY = "server_history";
    /** When this device last found the server's data restored (see ServerHistoryCheck). */
    public static final String SERVER_RESTORED_AT = "server_restored_at";
    /**
     * How many times this device found the server's history changed: the generation a record's
     * base is stored in ({@code records.base_history}); a base of an earlier one counts as sequence 0.
     */
    public static final String HISTORY_GENERATION = "history_generation";

    public static final String LAST_SYNC_AT = "last_sync_at";
    public static final String HLC_HIGH_WATER = "hlc_high_water";
    /** Why the device's sign-in ended (the server said so); it syncs again only after a new join. */
    public static final String SIGNED_OUT_REASON = "signed_out_reason";
    /** The refresh token a removed device held, kept only until it sent up what it had not sent. */
    public static final String SURRENDER_TOKEN = "surrender_token";
    /** Set when the shop asked this removed device to delete its data (after sending it up). */
    public static final String WIPE_REQUESTED = "wipe_requested";

    /** The history feed's cursor on a manager's device that keeps history offline (LocalHistory). */
    public static final String HISTORY_CURSOR = "history_cursor";
    /** How many days of history the server lets devices keep (the feed's windowDays). */
    public static final String HISTORY_WINDOW_DAYS = "history_window_days";
    /** The pull cursor when the device last read the history feed to its end: unmoved, nothing is new. */
    public static final String HISTORY_PULL_MARK = "history_pull_mark";

    private DeviceInfo() {}

    public static Optional<String> get(LocalDatabase.Tx tx, String key) throws SQLException {
        return tx.queryOne("SELECT value FROM device_info WHERE key = ?", row -> row.getString(1), key)
                .filter(value -> value != null);
    }

    public static void put(LocalDatabase.Tx tx, String key, String value) throws SQLException {
        tx.update(
                "INSERT INTO device_info (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                key,
                value);
    }

    public static long cursor(LocalDatabase.Tx tx) throws SQLException {
        return get(tx, CURSOR).map(Long::parseLong).orElse(0L);
    }
}
