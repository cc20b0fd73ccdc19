package com.repairsync.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.MutationStatus;
import com.repairsync.protocol.PushResult;
import com.repairsync.protocol.WireInstant;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.FieldType;
import com.repairsync.protocol.schema.Schema;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a change the server refused waits for the shop to heal instead of failing: after a
 * restore, the server may lack a record this device still holds (made or changed on a device that
 * has not sent it again yet). A change that edits such a record, or names it (a ticket for that
 * customer), is refused with {@code unknown_record} until then. So for the window of keeping
 * acknowledged changes after this device found the server restored, such a refusal, about a record
 * the device holds from before the restore and has not seen since (base sequence 0, see {@link
 * ServerHistoryCheck}) or one whose earlier change this device still has queued (its create, waiting
 * too), waits and goes again; so does such a refusal the server replays for an id it
 * answered before (the device may not have heard that answer, given before the record came back).
 * Any other refusal fails as always.
 */
final class HealingWait {
    private HealingWait() {}

    /**
     * The all-or-nothing groups of a batch that wait: those with a member that does. The server
     * refused the whole group, so every member goes again together (never one applied without the
     * others, a part without its stock adjustment).
     */
    static Set<String> waitingGroups(
            LocalDatabase.Tx tx, List<OutboxEntry> batch, Map<String, PushResult> results, Instant now, Duration keep)
            throws SQLException {
        Set<String> groups = new HashSet<>();
        for (OutboxEntry entry : batch) {
            PushResult result = results.get(entry.mutationId());
            if (entry.groupId() != null && result != null && applies(tx, entry, result, now, keep)) {
                groups.add(entry.groupId());
            }
        }
        return groups;
    }

    static boolean applies(LocalDatabase.Tx tx, OutboxEntry entry, PushResult result, Instant now, Duration keep)
            throws SQLException {
        if (result.code() != ErrorCode.UNKNOWN_RECORD) {
            return false;
        }
        Optional<Instant> restoredAt =
                DeviceInfo.get(tx, DeviceInfo.SERVER_RESTORED_AT).map(WireInstant::parse);
        if (restoredAt.isEmpty() || !restoredAt.get().plus(keep).isAfter(now)) {
            return false;
        }
        if (result.status() == MutationStatus.DUPLICATE) {
            // The server's first answer to this id, from before the record came back, perhaps (the
            // device did not hear it then): it goes again under a new id and is judged afresh.
            return true;
        }
        if (result.field() == null) {
            // The record itself: held from before the restore, live or deleted (an acknowledged delete
            // sent again waits for the record's create as much as an edit does), or made here and its
            // create still queued before this change (waiting itself, for a customer it names, say).
            return tx.queryOne(
                                    "SELECT 1 FROM records WHERE entity = ? AND id = ? AND " + Records.BASE_SEQ + " = 0"
                                            + " AND (base IS NOT NULL OR base_deleted = 1)",
                                    row -> true,
                                    entry.entity(),
                                    entry.recordId())
                            .isPresent()
                    || tx.queryOne(
                                    "SELECT 1 FROM outbox WHERE entity = ? AND record_id = ? AND seq < ?"
                                            + " AND state = 'pending'",
                                    row -> true,
                                    entry.entity(),
                                    entry.recordId(),
                                    entry.seq())
                            .isPresent();
        }
        // A record it names: held from before the restore and live here (a reference to one this
        // device knows deleted is refused for good, as always).
        Optional<FieldSpec> field = Schema.entity(entry.entity()).flatMap(type -> type.field(result.field()));
        JsonNode named = entry.fields() == null ? null : entry.fields().get(result.field());
        if (field.isEmpty() || field.get().type() != FieldType.REFERENCE || named == null || !named.isTextual()) {
            return false;
        }
        return tx.queryOne(
                        "SELECT 1 FROM records WHERE entity = ? AND id = ? AND base IS NOT NULL AND " + Records.BASE_SEQ
                                + " = 0 AND base_deleted = 0",
                        row -> true,
                        field.get().references(),
                        named.asText())
                .isPresent();
    }
}
