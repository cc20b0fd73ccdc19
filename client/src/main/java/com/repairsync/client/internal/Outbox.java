package com.repairsync.client.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.Operation;
import com.repairsync.protocol.WireInstant;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.FieldType;
import com.repairsync.protocol.schema.Schema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The outbox table: queued mutations in the order the device made them. */
public final class Outbox {
    private static final TypeReference<LinkedHashMap<String, Long>> DELTAS = new TypeReference<>() {};
    static final String COLUMNS = "seq, mutation_id, entity, record_id, op, fields, deltas, hlc, actor_id,"
            + " group_id, priority, state, attempts, next_attempt_at, last_code, last_message, last_field, last_error_at,"
            + " creates";

    private Outbox() {}

    public static void add(LocalDatabase.Tx tx, OutboxEntry entry, Instant now) throws SQLException {
        tx.update(
                "INSERT INTO outbox (mutation_id, entity, record_id, op, fields, reference_fields, deltas, hlc,"
                        + " actor_id, group_id, priority, state, attempts, created_at, creates)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)",
                entry.mutationId(),
                entry.entity(),
                entry.recordId(),
                entry.op().wireName(),
                Json.write(entry.fields()),
                referenceFields(entry.entity(), entry.fields()),
                entry.deltas() == null ? null : Json.write(entry.deltas()),
                entry.hlc(),
                entry.actorId(),
                entry.groupId(),
                entry.priority(),
                WireInstant.format(now),
                entry.creates() == null ? null : entry.creates() ? 1 : 0);
    }

    /** The queued (pending or failed) mutations of one record, oldest first. */
    public static List<OutboxEntry> ofRecord(LocalDatabase.Tx tx, String entity, String recordId) throws SQLException {
        return tx.query(
                "SELECT " + COLUMNS + " FROM outbox WHERE entity = ? AND record_id = ? ORDER BY seq",
                Outbox::entry,
                entity,
                recordId);
    }

    /** The queued mutations of some records of one entity, in the order they were made. */
    public static List<OutboxEntry> ofRecords(LocalDatabase.Tx tx, String entity, Collection<String> recordIds)
            throws SQLException {
        List<OutboxEntry> entries = tx.queryIn(
                "SELECT " + COLUMNS + " FROM outbox WHERE entity = ? AND record_id IN ",
                Outbox::entry,
                List.of(entity),
                recordIds);
        entries.sort(Comparator.comparingLong(OutboxEntry::seq));
        return entries;
    }

    /** Every queued entry not yet failed, in queue order. */
    public static List<OutboxEntry> pending(LocalDatabase.Tx tx) throws SQLException {
        return tx.query("SELECT " + COLUMNS + " FROM outbox WHERE state = 'pending' ORDER BY seq", Outbox::entry);
    }

    public static List<OutboxEntry> failed(LocalDatabase.Tx tx) throws SQLException {
        return tx.query("SELECT " + COLUMNS + " FROM outbox WHERE state = 'failed' ORDER BY seq", Outbox::entry);
    }

    public static List<OutboxEntry> byMutationId(LocalDatabase.Tx tx, String mutationId) throws SQLException {
        return tx.query("SELECT " + COLUMNS + " FROM outbox WHERE mutation_id = ?", Outbox::entry, mutationId);
    }

    public static List<OutboxEntry> ofGroup(LocalDatabase.Tx tx, String groupId) throws SQLException {
        return tx.query("SELECT " + COLUMNS + " FROM outbox WHERE group_id = ? ORDER BY seq", Outbox::entry, groupId);
    }

    /**
     * The next batch to push: pending mutations whose retry time has come, taken by entity
     * priority, but never a mutation before an earlier one of its own record or of a record it
     * references (those come along, so a ticket brings its new customer), and every group whole.
     */
    public static List<OutboxEntry> nextBatch(LocalDatabase.Tx tx, Instant now, int limit) throws SQLException {
        return nextBatch(tx, now, limit, Set.of());
    }

    /**
     * The next batch as if the mutations in {@code appliedAhead} had already left the queue: the
     * server applied them and their acknowledgement is still to be stored. See {@link BatchChooser}.
     */
    public static List<OutboxEntry> nextBatch(LocalDatabase.Tx tx, Instant now, int limit, Set<String> appliedAhead)
            throws SQLException {
        return BatchChooser.nextBatch(tx, now, limit, appliedAhead);
    }

    /** The reference fields among a mutation's fields, as stored in {@code reference_fields}. */
    private static String referenceFields(String entity, ObjectNode fields) {
        ObjectNode references = Json.MAPPER.createObjectNode();
        if (fields != null) {
            for (FieldSpec field : Schema.entity(entity).orElseThrow().fields()) {
                JsonNode value = fields.get(field.name());
                if (field.type() == FieldType.REFERENCE && value != null) {
                    references.set(field.name(), value);
                }
            }
        }
        return Json.write(references);
    }

    /** The payload columns the outbox and the acknowledged table share. */
    private static final String PAYLOAD = "seq, mutation_id, entity, record_id, op, fields, reference_fields, deltas,"
            + " hlc, actor_id, group_id, priority, created_at, creates";

    /**
     * The server applied these mutations: they leave the queue and are kept among the acknowledged
     * (see V3__acknowledged_changes.sql), unless {@code keep} is false.
     */
    public static void acknowledge(LocalDatabase.Tx tx, Collection<String> mutationIds, Instant now, boolean keep)
            throws SQLException {
        if (keep) {
            tx.updateIn(
                    "INSERT OR REPLACE INTO acknowledged (" + PAYLOAD + ", acknowledged_at) SELECT " + PAYLOAD
                            + ", ? FROM outbox WHERE mutation_id IN ",
                    List.of(WireInstant.format(now)),
                    mutationIds);
        }
        removeAll(tx, mutationIds);
    }

    /** Forgets acknowledged mutations older than {@code cutoff}. */
    public static void forgetAcknowledgedBefore(LocalDatabase.Tx tx, Instant cutoff) throws SQLException {
        tx.update("DELETE FROM acknowledged WHERE acknowledged_at < ?", WireInstant.format(cutoff));
    }

    /**
     * Queues every kept acknowledged mutation again, in its first order, for a server whose data went
     * back (those it still has come back as duplicates).
     *
     * @return the entity/id keys of the records they change
     */
    public static Set<String> requeueAcknowledged(LocalDatabase.Tx tx) throws SQLException {
        Set<String> records = new LinkedHashSet<>(tx.query(
                "SELECT entity || '/' || record_id FROM acknowledged WHERE mutation_id NOT IN"
                        + " (SELECT mutation_id FROM outbox) ORDER BY seq",
                row -> row.getString(1)));
        tx.update("INSERT INTO outbox (" + PAYLOAD + ", state, attempts) SELECT " + PAYLOAD
                + ", 'pending', 0 FROM acknowledged WHERE mutation_id NOT IN (SELECT mutation_id FROM outbox)");
        tx.update("DELETE FROM acknowledged");
        return records;
    }

    /**
     * Replaces the fields of a queued ({@code table} outbox) or acknowledged ({@code acknowledged})
     * mutation, keeping its id and HLC: for an erasure, which removes personal values from both.
     */
    static void rewriteFields(LocalDatabase.Tx tx, String table, String mutationId, String entity, ObjectNode fields)
            throws SQLException {
        if (!table.equals("outbox") && !table.equals("acknowledged")) {
            throw new IllegalArgumentException("mutations are kept in outbox and acknowledged, not " + table);
        }
        tx.update(
                "UPDATE " + table + " SET fields = ?, reference_fields = ? WHERE mutation_id = ?",
                Json.write(fields),
                referenceFields(entity, fields),
                mutationId);
    }

    public static void remove(LocalDatabase.Tx tx, String mutationId) throws SQLException {
        tx.update("DELETE FROM outbox WHERE mutation_id = ?", mutationId);
    }

    public static void removeAll(LocalDatabase.Tx tx, Collection<String> mutationIds) throws SQLException {
        tx.updateIn("DELETE FROM outbox WHERE mutation_id IN ", List.of(), mutationIds);
    }

    public static void markFailed(
            LocalDatabase.Tx tx, String mutationId, String code, String message, String field, Instant now)
            throws SQLException {
        tx.update(
                "UPDATE outbox SET state = 'failed', last_code = ?, last_message = ?, last_field = ?, last_error_at = ?"
                        + " WHERE mutation_id = ?",
                code,
                message,
                field,
                WireInstant.format(now),
                mutationId);
    }

    /**
     * Holds an entry the server refused for want of a fresh password confirmation: it is neither
     * sent again nor failed, and goes out once its actor confirms ({@link #confirmed}).
     */
    public static void awaitConfirmation(LocalDatabase.Tx tx, String mutationId, String message, Instant now)
            throws SQLException {
        tx.update(
                "UPDATE outbox SET state = 'awaiting_confirmation', last_code = 'reauthentication_required',"
                        + " last_message = ?, last_error_at = ? WHERE mutation_id = ?",
                message,
                WireInstant.format(now),
                mutationId);
    }

    /**
     * The actor confirmed their password: their entries awaiting it are queued again, each under a
     * new mutation id (the server keeps the refusal of the old one for good), with its original HLC.
     */
    public static int confirmed(LocalDatabase.Tx tx, String actorId) throws SQLException {
        List<String> waiting = tx.query(
                "SELECT mutation_id FROM outbox WHERE state = 'awaiting_confirmation' AND actor_id = ? ORDER BY seq",
                row -> row.getString(1),
                actorId);
        for (String mutationId : waiting) {
            tx.update(
                    "UPDATE outbox SET state = 'pending', mutation_id = ?, next_attempt_at = NULL, last_code = NULL,"
                            + " last_message = NULL, last_error_at = NULL WHERE mutation_id = ?",
                    com.repairsync.protocol.TimeOrderedIds.newId(),
                    mutationId);
        }
        return waiting.size();
    }

    /** How many entries wait for a password confirmation. */
    public static int awaitingConfirmationCount(LocalDatabase.Tx tx) throws SQLException {
        return tx.queryOne("SELECT COUNT(*) FROM outbox WHERE state = 'awaiting_confirmation'", row -> row.getInt(1))
                .orElse(0);
    }

    /** Records a server error: one more attempt spent, the next one not before the given time. */
    /**
     * Keeps a mutation queued until {@code nextAttemptAt} without spending one of its attempts: for
     * a refusal this version cannot judge, which must never end in the failed queue by itself.
     */
    public static void retryLater(
            LocalDatabase.Tx tx, String mutationId, String message, Instant now, Instant nextAttemptAt)
            throws SQLException {
        tx.update(
                "UPDATE outbox SET next_attempt_at = ?, last_message = ?, last_error_at = ? WHERE mutation_id = ?",
                WireInstant.format(nextAttemptAt),
                message,
                WireInstant.format(now),
                mutationId);
    }

    /**
     * Sends a refused mutation again later as a new one: the server remembers its first answer to a
     * mutation id and gives it to every copy, so a change that may now succeed (the record it needs
     * is back, or a newer server's refusal no longer holds) needs a new id. It keeps its HLC, and so
     * its place among the writes.
     */
    public static void retryAsNew(
            LocalDatabase.Tx tx, String mutationId, String message, Instant now, Instant nextAttemptAt)
            throws SQLException {
        tx.update(
                "UPDATE outbox SET mutation_id = ?, next_attempt_at = ?, last_message = ?, last_error_at = ?"
                        + " WHERE mutation_id = ?",
                com.repairsync.protocol.TimeOrderedIds.newId(),
                WireInstant.format(nextAttemptAt),
                message,
                WireInstant.format(now),
                mutationId);
    }

    public static void markAttempt(
            LocalDatabase.Tx tx, String mutationId, String message, Instant now, Instant nextAttemptAt)
            throws SQLException {
        tx.update(
                "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_message = ?, last_error_at = ?"
                        + " WHERE mutation_id = ?",
                WireInstant.format(nextAttemptAt),
                message,
                WireInstant.format(now),
                mutationId);
    }

    /**
     * Puts a failed mutation back in the queue, optionally with edited fields. A mutation the
     * server refused goes back under a new id and HLC (the server answers a known id with its first
     * result); one that failed on server errors keeps its id, since the server may have applied it.
     */
    public static void requeue(LocalDatabase.Tx tx, OutboxEntry failed, ObjectNode fields, String newHlc)
            throws SQLException {
        boolean refused = !"unavailable".equals(failed.lastCode());
        boolean fresh = refused || fields != null;
        tx.update(
                "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = NULL, last_code = NULL,"
                        + " last_message = NULL, last_field = NULL, fields = COALESCE(?, fields),"
                        + " reference_fields = COALESCE(?, reference_fields), mutation_id = ?, hlc = ?"
                        + " WHERE mutation_id = ?",
                fields == null ? null : Json.write(fields),
                fields == null ? null : referenceFields(failed.entity(), fields),
                fresh ? com.repairsync.protocol.TimeOrderedIds.newId() : failed.mutationId(),
                fresh ? newHlc : failed.hlc(),
                failed.mutationId());
    }

    /** Pending (not failed) mutations per entity. */
    public static Map<String, Integer> pendingByEntity(LocalDatabase.Tx tx) throws SQLException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        tx.query(
                        "SELECT entity, COUNT(*) FROM outbox WHERE state IN ('pending', 'awaiting_confirmation')"
                                + " GROUP BY entity ORDER BY entity",
                        row -> counts.put(row.getString(1), row.getInt(2)))
                .size();
        return counts;
    }

    /** When the oldest change still waiting to be sent was made, or null when none waits. */
    public static Instant oldestPendingAt(LocalDatabase.Tx tx) throws SQLException {
        return tx.queryOne(
                        "SELECT MIN(created_at) FROM outbox WHERE state IN ('pending', 'awaiting_confirmation')",
                        row -> row.getString(1))
                .map(WireInstant::parse)
                .orElse(null);
    }

    public static int failedCount(LocalDatabase.Tx tx) throws SQLException {
        return tx.queryOne("SELECT COUNT(*) FROM outbox WHERE state = 'failed'", row -> row.getInt(1))
                .orElse(0);
    }

    /** When the earliest mutation waiting for a retry becomes due, if one waits beyond now. */
    public static Instant nextRetryAfter(LocalDatabase.Tx tx, Instant now) throws SQLException {
        return tx.queryOne(
                        "SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'pending' AND next_attempt_at > ?",
                        row -> row.getString(1),
                        WireInstant.format(now))
                .map(WireInstant::parse)
                .orElse(null);
    }

    /** A full entry from a row of {@link #COLUMNS}. */
    static OutboxEntry entry(ResultSet row) throws SQLException {
        String deltas = row.getString("deltas");
        return new OutboxEntry(
                row.getLong("seq"),
                row.getString("mutation_id"),
                row.getString("entity"),
                row.getString("record_id"),
                Operation.fromWire(row.getString("op")).orElseThrow(),
                Json.object(row.getString("fields")),
                deltas == null ? null : readDeltas(deltas),
                row.getString("hlc"),
                row.getString("actor_id"),
                row.getString("group_id"),
                row.getInt("priority"),
                "failed".equals(row.getString("state")),
                row.getInt("attempts"),
                WireInstant.parse(row.getString("next_attempt_at")),
                row.getString("last_code"),
                row.getString("last_message"),
                row.getString("last_field"),
                WireInstant.parse(row.getString("last_error_at")),
                creates(row));
    }

    private static Boolean creates(ResultSet row) throws SQLException {
        int creates = row.getInt("creates");
        return row.wasNull() ? null : creates == 1;
    }

    private static Map<String, Long> readDeltas(String json) {
        try {
            return Json.MAPPER.readValue(json, DELTAS);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("corrupt deltas in the outbox: " + json, e);
        }
    }
}
