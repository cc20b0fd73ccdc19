package com.repairsync.client.internal;

import com.repairsync.client.WaitingChange;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.PushResult;
import com.repairsync.protocol.TimeOrderedIds;
import com.repairsync.protocol.WireInstant;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Changes waiting for their server to be updated (wire version 8): the server answered {@link
 * ErrorCode#NOT_YET_KNOWN}, it does not know a field or an entity the change names because it is
 * older than this device. Nothing of the change was applied; it stays queued whole under a new
 * mutation id (the server keeps its first answer to an id) with its HLC, never failed, and goes again
 * after {@link #RETRY}. Marked in the outbox by {@code last_code}, which the app sees as {@link
 * com.repairsync.client.SyncState#waitingForServerUpdate()} and {@link WaitingChange}s.
 */
public final class ServerUpdateWaits {
    /** How long a change waits before it goes again: until the shop has probably updated the server. */
    static final Duration RETRY = Duration.ofMinutes(5);

    private static final String CODE = ErrorCode.NOT_YET_KNOWN.wireName();

    private ServerUpdateWaits() {}

    /** Keeps a change the server refused as not yet known queued, with the reason the app shows. */
    static void waitFor(LocalDatabase.Tx tx, OutboxEntry entry, PushResult result, Instant now) throws SQLException {
        tx.update(
                "UPDATE outbox SET mutation_id = ?, next_attempt_at = ?, last_code = ?, last_message = ?,"
                        + " last_field = ?, last_error_at = ? WHERE mutation_id = ?",
                TimeOrderedIds.newId(),
                WireInstant.format(now.plus(RETRY)),
                CODE,
                reason(entry, result),
                result.field(),
                WireInstant.format(now),
                entry.mutationId());
    }

    /** "waiting for the server to be updated: it does not know tickets.custom.warrantyUntil yet". */
    static String reason(OutboxEntry entry, PushResult result) {
        String unknown = result.field() == null || result.field().isBlank()
                ? entry.entity()
                : entry.entity() + "." + result.field();
        return "waiting for the server to be updated: it does not know " + unknown + " yet";
    }

    /** The changes waiting, oldest first. */
    public static List<WaitingChange> list(LocalDatabase.Tx tx) throws SQLException {
        return tx
                .query(
                        "SELECT " + Outbox.COLUMNS + " FROM outbox WHERE state = 'pending' AND last_code = ?"
                                + " ORDER BY seq",
                        Outbox::entry,
                        CODE)
                .stream()
                .map(entry -> new WaitingChange(
                        entry.mutationId(),
                        entry.entity(),
                        entry.recordId(),
                        entry.lastMessage(),
                        entry.lastField(),
                        entry.lastErrorAt(),
                        entry.nextAttemptAt()))
                .toList();
    }

    /** How many changes wait. */
    public static int count(LocalDatabase.Tx tx) throws SQLException {
        return tx.queryOne(
                        "SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND last_code = ?",
                        row -> row.getInt(1),
                        CODE)
                .orElse(0);
    }
}
