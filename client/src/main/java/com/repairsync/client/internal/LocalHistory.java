package com.repairsync.client.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.repairsync.client.LocalStoreException;
import com.repairsync.protocol.HistoryEntry;
import com.repairsync.protocol.HistoryFeed;
import com.repairsync.protocol.HistoryPage;
import com.repairsync.protocol.WireInstant;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The recent history a manager's device keeps to read offline (table {@code history}, device
 * migration V6): the feed's pages stored with their cursor, entries older than the server's window
 * pruned, one record's entries read newest first. The device keeps history exactly while {@link
 * DeviceInfo#HISTORY_CURSOR} is set; {@link #forget} drops both. Every method runs inside the
 * caller's transaction.
 */
public final class LocalHistory {
    private static final TypeReference<List<HistoryEntry.FieldChange>> CHANGES = new TypeReference<>() {};

    private LocalHistory() {}

    /** Whether this device keeps history (it read the feed at least once and was not told to forget it). */
    public static boolean kept(LocalDatabase.Tx tx) throws SQLException {
        return DeviceInfo.get(tx, DeviceInfo.HISTORY_CURSOR).isPresent();
    }

    /** The feed's cursor: the {@code after} of the next feed request (0 before the first). */
    public static long cursor(LocalDatabase.Tx tx) throws SQLException {
        return DeviceInfo.get(tx, DeviceInfo.HISTORY_CURSOR)
                .map(Long::parseLong)
                .orElse(0L);
    }

    /** How many days of history the device keeps, as the server last said; empty if it keeps none. */
    public static OptionalInt windowDays(LocalDatabase.Tx tx) throws SQLException {
        return DeviceInfo.get(tx, DeviceInfo.HISTORY_WINDOW_DAYS)
                .map(days -> OptionalInt.of(Integer.parseInt(days)))
                .orElse(OptionalInt.empty());
    }

    /**
     * Stores a feed page: its entries (one already here is replaced), its cursor and window, then
     * forgets what is older than the window at {@code now}.
     *
     * @return how many entries the window pruned
     */
    public static int store(LocalDatabase.Tx tx, HistoryFeed page, Instant now) throws SQLException {
        for (HistoryEntry entry : page.entries()) {
            tx.update(
                    "INSERT OR REPLACE INTO history (seq, entity, record_id, op, actor_id, device_id, hlc, at, changes)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    entry.seq(),
                    entry.entity(),
                    entry.recordId(),
                    entry.op(),
                    entry.actorId(),
                    entry.deviceId(),
                    entry.hlc(),
                    // The fixed form, so that the window's cut can compare text.
                    WireInstant.format(WireInstant.parse(entry.at())),
                    Json.write(entry.changes()));
        }
        DeviceInfo.put(tx, DeviceInfo.HISTORY_CURSOR, Long.toString(page.cursor()));
        DeviceInfo.put(tx, DeviceInfo.HISTORY_WINDOW_DAYS, Integer.toString(page.windowDays()));
        return prune(tx, now);
    }

    /** Forgets the entries the server applied more than the window's days before {@code now}. */
    public static int prune(LocalDatabase.Tx tx, Instant now) throws SQLException {
        OptionalInt days = windowDays(tx);
        if (days.isEmpty()) {
            return 0;
        }
        Instant cut = now.minus(Duration.ofDays(days.getAsInt()));
        return tx.update("DELETE FROM history WHERE at < ?", WireInstant.format(cut));
    }

    /** Forgets every entry and the cursor: the device keeps no history from now on, until it reads the feed again. */
    public static void forget(LocalDatabase.Tx tx) throws SQLException {
        tx.update("DELETE FROM history");
        tx.update(
                "DELETE FROM device_info WHERE key IN (?, ?, ?)",
                DeviceInfo.HISTORY_CURSOR,
                DeviceInfo.HISTORY_WINDOW_DAYS,
                DeviceInfo.HISTORY_PULL_MARK);
    }

    /**
     * One record's entries, newest first: at most {@code limit}, older than {@code before} (null:
     * from the newest). The page's {@code before} is the next page's, or null after the last entry.
     */
    public static HistoryPage page(LocalDatabase.Tx tx, String entity, String recordId, Long before, int limit)
            throws SQLException {
        List<HistoryEntry> entries = tx.query(
                "SELECT seq, entity, record_id, op, actor_id, device_id, hlc, at, changes FROM history"
                        + " WHERE entity = ? AND record_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?",
                LocalHistory::entry,
                entity,
                recordId,
                before == null ? Long.MAX_VALUE : before,
                limit + 1);
        if (entries.size() <= limit) {
            return new HistoryPage(entries, null);
        }
        List<HistoryEntry> page = new ArrayList<>(entries.subList(0, limit));
        return new HistoryPage(page, page.get(limit - 1).seq());
    }

    private static HistoryEntry entry(ResultSet row) throws SQLException {
        List<HistoryEntry.FieldChange> changes;
        try {
            changes = Json.MAPPER.readValue(row.getString("changes"), CHANGES);
        } catch (IOException e) {
            throw new LocalStoreException(
                    "history entry " + row.getLong("seq") + " holds unreadable changes: " + e.getMessage(), e);
        }
        return new HistoryEntry(
                row.getLong("seq"),
                row.getString("entity"),
                row.getString("record_id"),
                row.getString("op"),
                row.getString("actor_id"),
                row.getString("device_id"),
                row.getString("hlc"),
                row.getString("at"),
                changes);
    }
}
