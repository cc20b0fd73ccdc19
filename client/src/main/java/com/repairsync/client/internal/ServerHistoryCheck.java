package com.repairsync.client.internal;

import com.repairsync.protocol.WireInstant;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices that the server's data was put back to an earlier state (a restore): its answer names
 * another history id (epoch) than the one this device's cursor came from, or its sequence is below
 * this device's cursor. The device then forgets its server positions (the cursor, and each record's
 * server sequence, which belong to the old history: the history generation moves on) so its next
 * pull downloads the shop again from the start, and queues again the changes the server
 * acknowledged in the last {@code DeviceOptions.keepAcknowledged}, which the restore may have lost;
 * its own queued and failed changes stay as they are and are rebased on what arrives. See
 * docs/operations.md.
 */
final class ServerHistoryCheck {
    private static final Logger log = LoggerFactory.getLogger(ServerHistoryCheck.class);

    private ServerHistoryCheck() {}

    /**
     * Follows an answer's history inside the caller's transaction.
     *
     * @param epoch the answer's history id, null from servers that do not send one
     * @param serverCursor the shop's sequence the answer gives
     * @return the entity/id keys of the records whose kept acknowledged changes were queued again,
     *     or null if the server's history is the one this device knows
     */
    static Set<String> follow(LocalDatabase.Tx tx, String epoch, long serverCursor, Instant now) throws SQLException {
        String known = DeviceInfo.get(tx, DeviceInfo.SERVER_HISTORY).orElse(null);
        long cursor = DeviceInfo.cursor(tx);
        boolean newHistory = epoch != null && known != null && !epoch.equals(known);
        boolean wentBack = serverCursor < cursor;
        if (epoch != null && !epoch.equals(known)) {
            DeviceInfo.put(tx, DeviceInfo.SERVER_HISTORY, epoch);
        }
        if (!newHistory && !wentBack) {
            return null;
        }
        log.warn(
                "the server's data was restored ({}): downloading the shop again; this device's own changes are kept",
                newHistory
                        ? "history " + known + " is now " + epoch
                        : "its sequence " + serverCursor + " is below this device's cursor " + cursor);
        // Every record's base now belongs to an earlier history and counts as sequence 0 (see
        // Records.CURRENT_HISTORY) until this history stores it again; a record the restore lost keeps
        // it until its maker sends it again (HealingWait). Nothing is rewritten: the download that
        // follows writes only the records that differ.
        long generation = DeviceInfo.get(tx, DeviceInfo.HISTORY_GENERATION)
                .map(Long::parseLong)
                .orElse(0L);
        DeviceInfo.put(tx, DeviceInfo.HISTORY_GENERATION, Long.toString(generation + 1));
        DeviceInfo.put(tx, DeviceInfo.CURSOR, "0");
        if (newHistory) {
            // Only a new history id arms HealingWait: a sequence below the cursor alone may be a
            // stale answer, and the device then downloads again without waiting for anything.
            DeviceInfo.put(tx, DeviceInfo.SERVER_RESTORED_AT, WireInstant.format(now));
        }
        // The changes the server acknowledged may be lost with its data: they go again (those it
        // still has come back as duplicates, so counters stay exact), in the order first made.
        Set<String> requeued = Outbox.requeueAcknowledged(tx);
        for (String key : requeued) {
            int slash = key.indexOf('/');
            Records.rebase(tx, key.substring(0, slash), key.substring(slash + 1), now);
        }
        return requeued;
    }
}
