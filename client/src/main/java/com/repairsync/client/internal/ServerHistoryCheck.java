package com.repairsync.client.internal;

import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices that the server's data was put back to an earlier state (a restore): its answer names
 * another history id (epoch) than the one this device's cursor came from, or its sequence is below
 * this device's cursor. The device then forgets its server positions (the cursor and each record's
 * server sequence, which belong to the old history) so its next pull downloads the shop again from
 * the start; its own queued and failed changes stay as they are and are rebased on what arrives.
 * Records the restored server lacks stay on the device. See docs/operations.md.
 */
final class ServerHistoryCheck {
    private static final Logger log = LoggerFactory.getLogger(ServerHistoryCheck.class);

    private ServerHistoryCheck() {}

    /**
     * Follows an answer's history inside the caller's transaction.
     *
     * @param epoch the answer's history id, null from servers that do not send one
     * @param serverCursor the shop's sequence the answer gives
     * @return true if the server's history changed and the device's server positions were reset
     */
    static boolean follow(LocalDatabase.Tx tx, String epoch, long serverCursor) throws SQLException {
        String known = DeviceInfo.get(tx, DeviceInfo.SERVER_HISTORY).orElse(null);
        long cursor = DeviceInfo.cursor(tx);
        boolean newHistory = epoch != null && known != null && !epoch.equals(known);
        boolean wentBack = serverCursor < cursor;
        if (epoch != null && !epoch.equals(known)) {
            DeviceInfo.put(tx, DeviceInfo.SERVER_HISTORY, epoch);
        }
        if (!newHistory && !wentBack) {
            return false;
        }
        log.warn(
                "the server's data was restored ({}): downloading the shop again; this device's own changes are kept",
                newHistory
                        ? "history " + known + " is now " + epoch
                        : "its sequence " + serverCursor + " is below this device's cursor " + cursor);
        tx.update("UPDATE records SET base_seq = 0");
        DeviceInfo.put(tx, DeviceInfo.CURSOR, "0");
        return true;
    }
}
