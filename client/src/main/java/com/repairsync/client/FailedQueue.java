package com.repairsync.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.client.internal.DeviceCustomFields;
import com.repairsync.client.internal.Json;
import com.repairsync.client.internal.LocalDatabase;
import com.repairsync.client.internal.Outbox;
import com.repairsync.client.internal.OutboxEntry;
import com.repairsync.client.internal.Records;
import com.repairsync.protocol.HlcClock;
import com.repairsync.protocol.Violation;
import com.repairsync.protocol.merge.MutationRules;
import com.repairsync.protocol.schema.CustomFieldSet;
import com.repairsync.protocol.schema.Schema;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The mutations the server refused or kept failing on, for a person to retry (as they were, or
 * with fields edited) or discard. A mutation of a group goes back or away with its whole group.
 */
final class FailedQueue {
    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {};

    private final LocalDatabase db;
    private final Clock clock;
    private final Supplier<HlcClock> hlc;
    /** Told of the records retried or discarded, and of the queue's new state. */
    private final DeviceListeners listeners;
    /** Asks for a sync, to send what went back to the queue. */
    private final Runnable requestSync;

    FailedQueue(
            LocalDatabase db, Clock clock, Supplier<HlcClock> hlc, DeviceListeners listeners, Runnable requestSync) {
        this.db = db;
        this.clock = clock;
        this.hlc = hlc;
        this.listeners = listeners;
        this.requestSync = requestSync;
    }

    /** See {@link RepairSyncDevice#failedMutations()}. */
    List<FailedMutation> list() {
        return db.transaction(Outbox::failed).stream()
                .map(entry -> new FailedMutation(
                        entry.mutationId(),
                        entry.entity(),
                        entry.recordId(),
                        entry.op().wireName(),
                        entry.fields() == null ? Map.of() : Json.MAPPER.convertValue(entry.fields(), FIELDS),
                        entry.lastCode(),
                        entry.lastMessage(),
                        entry.lastField(),
                        entry.attempts(),
                        entry.lastErrorAt()))
                .toList();
    }

    /** See {@link RepairSyncDevice#retry(String, Map)}. */
    void retry(String mutationId, Map<String, ?> editedFields) {
        Set<String> touched = new HashSet<>();
        db.transaction(tx -> {
            OutboxEntry failed = failedEntry(tx, mutationId);
            ObjectNode edited =
                    editedFields.isEmpty() ? null : edited(failed, editedFields, DeviceCustomFields.read(tx));
            for (OutboxEntry member : unitOf(tx, failed)) {
                Outbox.requeue(
                        tx,
                        member,
                        member.mutationId().equals(mutationId) ? edited : null,
                        hlc.get().now().toString());
                Records.rebase(tx, member.entity(), member.recordId(), clock.instant());
                touched.add(member.entity() + "/" + member.recordId());
            }
            return null;
        });
        listeners.recordsChanged(touched);
        listeners.publishState();
        requestSync.run();
    }

    /** The failed upsert's fields with edits applied, each edit checked against the declaration. */
    private static ObjectNode edited(OutboxEntry failed, Map<String, ?> editedFields, CustomFieldSet customs) {
        ObjectNode raw = DeviceCustomFields.wireFields(editedFields);
        ObjectNode edits;
        try {
            edits = Json.wireObject(
                    MutationRules.fields(Schema.entity(failed.entity()).orElseThrow(), raw, customs));
        } catch (Violation violation) {
            throw new InvalidRecordException(violation.field(), violation.getMessage());
        }
        return failed.fields() == null ? edits : Json.setFields(failed.fields().deepCopy(), edits, false);
    }

    /** See {@link RepairSyncDevice#discard(String)}. */
    void discard(String mutationId) {
        Set<String> touched = new HashSet<>();
        db.transaction(tx -> {
            OutboxEntry failed = failedEntry(tx, mutationId);
            for (OutboxEntry member : unitOf(tx, failed)) {
                for (OutboxEntry later : Outbox.ofRecord(tx, member.entity(), member.recordId())) {
                    if (later.seq() >= member.seq()) {
                        Outbox.remove(tx, later.mutationId());
                    }
                }
                Records.rebase(tx, member.entity(), member.recordId(), clock.instant());
                touched.add(member.entity() + "/" + member.recordId());
            }
            return null;
        });
        listeners.recordsChanged(touched);
        listeners.publishState();
    }

    private static OutboxEntry failedEntry(LocalDatabase.Tx tx, String mutationId) throws SQLException {
        return Outbox.byMutationId(tx, mutationId).stream()
                .filter(OutboxEntry::failed)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no failed mutation " + mutationId));
    }

    private static List<OutboxEntry> unitOf(LocalDatabase.Tx tx, OutboxEntry entry) throws SQLException {
        return entry.groupId() == null ? List.of(entry) : Outbox.ofGroup(tx, entry.groupId());
    }
}
