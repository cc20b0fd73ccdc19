package com.repairsync.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.MutationStatus;
import com.repairsync.protocol.PushResult;
import com.repairsync.protocol.WireInstant;
import com.repairsync.protocol.schema.Schema;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a device stores when the server answers its push: an applied mutation leaves the outbox
 * and joins its record's server state; a field it lost waits for the winner, to be recorded as a
 * conflict.
 *
 * <p>A batch the server applied whole is acknowledged with a few statements per batch: one
 * delete of the batch's outbox rows, one read of the server states of its records and one of
 * what is still queued for them, and one write per record. Acknowledging mutation by mutation took
 * four statements each (two of them reads that parse JSON), and was most of a device's push time.
 *
 * <p>It stores exactly what acknowledging each mutation in turn would: each record's server state
 * is advanced through its mutations in batch order, in memory, and written once with the view
 * rebased on what is still queued. A batch with anything else (a refusal, an unanswered mutation,
 * fields that lost to later writes, a server state a pull already brought past a mutation) is
 * left untouched for the one-by-one path, which records conflicts and failures.
 */
public final class Acknowledgements {
    private Acknowledgements() {}

    /**
     * Acknowledges the batch if every mutation in it was simply applied.
     *
     * @return false, having written nothing, if the batch needs acknowledging one by one
     */
    public static boolean wholeBatch(
            LocalDatabase.Tx tx, List<OutboxEntry> batch, Map<String, PushResult> results, Instant now, boolean keep)
            throws SQLException {
        Map<String, Set<String>> recordIds = simplyApplied(batch, results);
        if (recordIds == null) {
            return false;
        }
        Map<String, Records.Base> bases = new HashMap<>(); // entity/id -> server state
        for (Map.Entry<String, Set<String>> ids : recordIds.entrySet()) {
            Records.findBases(tx, ids.getKey(), ids.getValue())
                    .forEach((id, base) -> bases.put(ids.getKey() + "/" + id, base));
        }
        Map<String, OutboxEntry> touched = new LinkedHashMap<>(); // entity/id -> an entry naming it
        for (OutboxEntry entry : batch) {
            String key = entry.entity() + "/" + entry.recordId();
            Records.Base row = bases.get(key);
            long seq = results.get(entry.mutationId()).seq();
            if (row != null && (seq <= row.seq() || !row.current())) {
                // A pull already brought this mutation's effect, or the base is of an earlier history
                // (which holds it if it was acknowledged then): it must not apply twice.
                return false;
            }
            Rebase.View next = Rebase.apply(
                    Schema.entity(entry.entity()).orElseThrow(),
                    entry.recordId(),
                    row == null ? null : row.record(),
                    row != null && row.deleted(),
                    List.of(entry));
            bases.put(key, new Records.Base(next.record(), seq, next.deleted(), true));
            touched.putIfAbsent(key, entry);
        }

        Outbox.acknowledge(tx, batch.stream().map(OutboxEntry::mutationId).toList(), now, keep);
        Map<String, List<OutboxEntry>> queued = new HashMap<>();
        for (Map.Entry<String, Set<String>> ids : recordIds.entrySet()) {
            for (OutboxEntry left : Outbox.ofRecords(tx, ids.getKey(), ids.getValue())) {
                queued.computeIfAbsent(left.entity() + "/" + left.recordId(), key -> new ArrayList<>())
                        .add(left);
            }
        }
        for (Map.Entry<String, OutboxEntry> record : touched.entrySet()) {
            Records.Base base = bases.get(record.getKey());
            OutboxEntry entry = record.getValue();
            Records.setBase(
                    tx,
                    entry.entity(),
                    entry.recordId(),
                    base.record(),
                    base.seq(),
                    base.deleted(),
                    queued.getOrDefault(record.getKey(), List.of()),
                    now);
        }
        return true;
    }

    /**
     * The records of the batch, entity to ids in batch order, if the server simply applied every
     * mutation (a seq, nothing superseded); null otherwise.
     */
    private static Map<String, Set<String>> simplyApplied(List<OutboxEntry> batch, Map<String, PushResult> results) {
        Map<String, Set<String>> recordIds = new LinkedHashMap<>();
        for (OutboxEntry entry : batch) {
            PushResult result = results.get(entry.mutationId());
            if (result == null
                    || result.outcome() != MutationStatus.APPLIED
                    || result.seq() == null
                    || (result.superseded() != null && !result.superseded().isEmpty())) {
                return null;
            }
            recordIds
                    .computeIfAbsent(entry.entity(), entity -> new LinkedHashSet<>())
                    .add(entry.recordId());
        }
        return recordIds;
    }

    /**
     * The server applied a mutation: it leaves the outbox and joins the record's server state, so
     * the view does not flicker back before the next pull. Fields it lost wait for the pull that
     * brings the winning value, to be recorded as conflicts.
     */
    public static void one(LocalDatabase.Tx tx, OutboxEntry entry, PushResult result, Instant now, boolean keep)
            throws SQLException {
        Outbox.acknowledge(tx, List.of(entry.mutationId()), now, keep);
        Records.Base row =
                Records.findBase(tx, entry.entity(), entry.recordId()).orElse(null);
        List<String> lost = result.superseded() == null ? List.of() : result.superseded();
        if (row != null && !row.current()) {
            // The base is of an earlier server history: it already holds this change if the device
            // had it acknowledged before (sent again after a restore, or answered as a duplicate),
            // and its sequence says nothing about this history's. Applying the change again would
            // count a stock adjustment twice; the download that follows brings the server's state.
            waitForWinners(tx, entry, lost);
            Records.rebase(tx, entry.entity(), entry.recordId(), now);
            return;
        }
        if (row != null && result.seq() != null && result.seq() <= row.seq()) {
            // A pull already brought a server state that includes this mutation (or the write that
            // beat it): applying it again would count a stock adjustment twice.
            for (String field : lost) {
                insertConflict(tx, entry, field, row.deleted() ? null : row.record(), row.deleted(), now);
            }
            Records.rebase(tx, entry.entity(), entry.recordId(), now);
            return;
        }
        ObjectNode base = row == null ? null : row.record();
        boolean baseDeleted = row != null && row.deleted();
        OutboxEntry won = entry;
        if (entry.fields() != null && !lost.isEmpty()) {
            ObjectNode kept = entry.fields().deepCopy();
            Json.removeFields(kept, lost);
            won = withFields(entry, kept);
            waitForWinners(tx, entry, lost);
        }
        Rebase.View next = Rebase.apply(
                Schema.entity(entry.entity()).orElseThrow(), entry.recordId(), base, baseDeleted, List.of(won));
        long seq = Math.max(row == null ? 0 : row.seq(), result.seq() == null ? 0 : result.seq());
        Records.setBase(tx, entry.entity(), entry.recordId(), next.record(), seq, next.deleted(), now);
    }

    /** Keeps the fields the change lost until the pull that brings their winning values (a conflict then). */
    private static void waitForWinners(LocalDatabase.Tx tx, OutboxEntry entry, List<String> lost) throws SQLException {
        if (entry.fields() == null) {
            return;
        }
        for (String field : lost) {
            tx.update(
                    "INSERT INTO lost_writes (entity, record_id, field, local_value, actor_id, hlc)"
                            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (entity, record_id, field) DO UPDATE SET"
                            + " local_value = excluded.local_value, actor_id = excluded.actor_id, hlc = excluded.hlc",
                    entry.entity(),
                    entry.recordId(),
                    field,
                    Json.write(Json.valueOf(entry.fields(), field)),
                    entry.actorId(),
                    entry.hlc());
        }
    }

    private static OutboxEntry withFields(OutboxEntry entry, ObjectNode fields) {
        return new OutboxEntry(
                entry.seq(),
                entry.mutationId(),
                entry.entity(),
                entry.recordId(),
                entry.op(),
                fields,
                entry.deltas(),
                entry.hlc(),
                entry.actorId(),
                entry.groupId(),
                entry.priority(),
                entry.failed(),
                entry.attempts(),
                entry.nextAttemptAt(),
                entry.lastCode(),
                entry.lastMessage(),
                entry.lastField(),
                entry.lastErrorAt(),
                entry.creates());
    }

    /** An acknowledged write lost a field; the stored server state shows the winner. */
    private static void insertConflict(
            LocalDatabase.Tx tx, OutboxEntry entry, String field, ObjectNode winner, boolean deleted, Instant now)
            throws SQLException {
        insertConflict(
                tx,
                entry.entity(),
                entry.recordId(),
                field,
                Json.write(Json.valueOf(entry.fields(), field)),
                deleted ? null : Json.valueOf(winner, field),
                deleted,
                entry.actorId(),
                entry.hlc(),
                now);
    }

    static void insertConflict(
            LocalDatabase.Tx tx,
            String entity,
            String recordId,
            String field,
            String localValue,
            JsonNode winning,
            boolean deleted,
            String actorId,
            String localHlc,
            Instant now)
            throws SQLException {
        tx.update(
                "INSERT INTO conflicts (entity, record_id, field, local_value, winning_value, actor_id, local_hlc,"
                        + " detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                entity,
                recordId,
                field,
                localValue,
                deleted ? "\"(deleted)\"" : Json.write(winning),
                actorId,
                localHlc,
                WireInstant.format(now));
    }
}
