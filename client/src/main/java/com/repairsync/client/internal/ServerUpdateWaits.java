package com.repairsync.client.internal;

import com.repairsync.client.WaitingChange;
import com.repairsync.protocol.CustomValues;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.PushResult;
import com.repairsync.protocol.TimeOrderedIds;
import com.repairsync.protocol.WireInstant;
import com.repairsync.protocol.WireVersions;
import com.repairsync.protocol.schema.CustomField;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.Schema;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

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

    /**
     * Whether a final refusal came from a server older than the change needs, a server that cannot
     * answer {@code not_yet_known} (before wire version 8): it refused an entity or a field it does
     * not know ({@code unknown_entity}, {@code invalid_field}), and the newest version it serves
     * ({@code serverNewest}, from its {@code RepairSync-Protocol-Supported}) is below the one that
     * brought the change's entity or its custom values. Such a change waits for the update too.
     */
    static boolean tooNew(OutboxEntry entry, PushResult result, OptionalInt serverNewest) {
        if (serverNewest.isEmpty()
                || (result.code() != ErrorCode.UNKNOWN_ENTITY && result.code() != ErrorCode.INVALID_FIELD)) {
            return false;
        }
        return serverNewest.getAsInt() < versionNeeded(entry);
    }

    /**
     * The mutation ids of a batch's changes that wait for an older server's update: each one it
     * refused as {@link #tooNew}, and the rest of its group (not applied either), as a {@code
     * not_yet_known} waits, never failed.
     */
    static Set<String> tooNew(List<OutboxEntry> batch, Map<String, PushResult> results, OptionalInt serverNewest) {
        Set<String> ids = new HashSet<>();
        Set<String> groups = new HashSet<>();
        for (OutboxEntry entry : batch) {
            PushResult result = results.get(entry.mutationId());
            if (result != null && tooNew(entry, result, serverNewest)) {
                ids.add(entry.mutationId());
                if (entry.groupId() != null) {
                    groups.add(entry.groupId());
                }
            }
        }
        batch.stream()
                .filter(entry -> entry.groupId() != null && groups.contains(entry.groupId()))
                .forEach(entry -> ids.add(entry.mutationId()));
        return ids;
    }

    /** The first wire version that knows everything the change names: its entity, its custom values. */
    private static int versionNeeded(OutboxEntry entry) {
        int needed =
                Schema.entity(entry.entity()).map(EntityType::sinceProtocol).orElse(WireVersions.CURRENT);
        if (entry.fields() != null && entry.fields().has(CustomValues.MEMBER)) {
            needed = Math.max(needed, CustomField.SINCE_PROTOCOL);
        }
        return needed;
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
