package com.repairsync.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.protocol.WireInstant;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.FieldType;
import com.repairsync.protocol.schema.Schema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses the next batch to push from the outbox: pending mutations whose retry time has come,
 * taken by entity priority, but never a mutation before an earlier one of its own record or of a
 * record it references (those come along, so a ticket brings its new customer), and every group
 * whole.
 *
 * <p>Only the oldest part of the queue is looked at, so a long queue drains in linear time. Every
 * prerequisite of an entry is older than it, so none falls outside; only a group that runs past the
 * window's end waits for the next look. The window is read without payloads (fields, deltas, error
 * texts): choosing needs none, and only the chosen entries are read in full, at the end.
 */
final class BatchChooser {
    /** The most mutations the server takes in one batch by default. */
    private static final int SERVER_BATCH_LIMIT = 2000;

    private static final String CHOOSING_COLUMNS = "seq, mutation_id, entity, record_id, group_id, priority, state,"
            + " next_attempt_at, COALESCE(reference_fields, fields)";

    private BatchChooser() {}

    /** See {@link Outbox#nextBatch(LocalDatabase.Tx, Instant, int, Set)}. */
    static List<OutboxEntry> nextBatch(LocalDatabase.Tx tx, Instant now, int limit, Set<String> appliedAhead)
            throws SQLException {
        int window = Math.max(limit * 2, 1000) + appliedAhead.size();
        List<OutboxEntry> queued = tx.query(
                "SELECT " + CHOOSING_COLUMNS + " FROM outbox ORDER BY seq LIMIT ?",
                BatchChooser::candidate,
                window + 1);
        String cutGroup = null;
        if (queued.size() > window) {
            cutGroup = queued.get(window).groupId();
            queued = queued.subList(0, window);
        }
        if (!appliedAhead.isEmpty()) {
            queued = queued.stream()
                    .filter(entry -> !appliedAhead.contains(entry.mutationId()))
                    .toList();
        }
        List<OutboxEntry> ready = ready(queued, now, cutGroup, new HashSet<>(FileWaits.waiting(tx)));
        Map<Long, OutboxEntry> batch = fill(new Queue(queued, ready), ready, limit);
        if (batch.isEmpty()) {
            return List.of();
        }
        // The server applies a batch in order; each record's mutations stay in the order made.
        List<Long> seqs = new ArrayList<>(batch.keySet());
        seqs.sort(null);
        return tx.query(
                "SELECT " + Outbox.COLUMNS + " FROM outbox WHERE seq IN ("
                        + String.join(", ", Collections.nCopies(seqs.size(), "?")) + ") ORDER BY seq",
                Outbox::entry,
                seqs.toArray());
    }

    /**
     * The entries that may go now: pending, due, not in a group cut by the window's end, and not
     * behind a blocked entry of their record, nor waiting for their file to upload ({@link
     * FileWaits}); a group with a blocked member waits whole.
     */
    private static List<OutboxEntry> ready(
            List<OutboxEntry> queued, Instant now, String cutGroup, Set<String> waitingForFiles) {
        Set<String> blockedRecords = new HashSet<>();
        Set<String> blockedGroups = new HashSet<>();
        List<OutboxEntry> ready = new ArrayList<>();
        for (OutboxEntry entry : queued) {
            String record = entry.entity() + "/" + entry.recordId();
            boolean due =
                    (entry.nextAttemptAt() == null || !entry.nextAttemptAt().isAfter(now))
                            && !waitingForFiles.contains(entry.mutationId());
            boolean cut = entry.groupId() != null && entry.groupId().equals(cutGroup);
            if (entry.failed() || !due || cut || blockedRecords.contains(record)) {
                blockedRecords.add(record);
                if (entry.groupId() != null) {
                    blockedGroups.add(entry.groupId());
                }
                continue;
            }
            ready.add(entry);
        }
        ready.removeIf(entry -> entry.groupId() != null && blockedGroups.contains(entry.groupId()));
        return ready;
    }

    /** Takes ready entries by priority, each with its prerequisites, up to {@code limit}. */
    private static Map<Long, OutboxEntry> fill(Queue index, List<OutboxEntry> ready, int limit) {
        List<OutboxEntry> byPriority = new ArrayList<>(ready);
        byPriority.sort((a, b) -> a.priority() != b.priority()
                ? Integer.compare(a.priority(), b.priority())
                : Long.compare(a.seq(), b.seq()));
        Map<Long, OutboxEntry> batch = new LinkedHashMap<>();
        Map<Long, OutboxEntry> oversized = null; // the first unit larger than the batch size
        for (OutboxEntry entry : byPriority) {
            if (batch.containsKey(entry.seq())) {
                continue;
            }
            Map<Long, OutboxEntry> needed = index.withPrerequisites(entry, batch);
            if (needed == null) {
                continue;
            }
            if (batch.size() + needed.size() > limit) {
                if (oversized == null && needed.size() <= SERVER_BATCH_LIMIT) {
                    oversized = needed;
                }
                continue; // its prerequisites may still fit on their own
            }
            batch.putAll(needed);
            if (batch.size() >= limit) {
                break;
            }
        }
        if (batch.isEmpty() && oversized != null) {
            // Nothing fits: a unit larger than the batch size goes alone, within the server's default limit.
            batch.putAll(oversized);
        }
        return batch;
    }

    /** The looked-at part of the queue, indexed by record and by group (entries in seq order). */
    private static final class Queue {
        private final Map<String, List<OutboxEntry>> byRecord = new HashMap<>();
        private final Map<String, List<OutboxEntry>> byGroup = new HashMap<>();
        private final Set<Long> ready = new HashSet<>();

        Queue(List<OutboxEntry> queued, List<OutboxEntry> readyEntries) {
            for (OutboxEntry entry : queued) {
                byRecord.computeIfAbsent(entry.entity() + "/" + entry.recordId(), k -> new ArrayList<>())
                        .add(entry);
                if (entry.groupId() != null) {
                    byGroup.computeIfAbsent(entry.groupId(), k -> new ArrayList<>())
                            .add(entry);
                }
            }
            readyEntries.forEach(entry -> ready.add(entry.seq()));
        }

        /**
         * An entry with its group and, recursively, every earlier queued entry of its own record or
         * of a record it references; null if one of those cannot go now (failed or waiting to retry).
         */
        Map<Long, OutboxEntry> withPrerequisites(OutboxEntry start, Map<Long, OutboxEntry> batch) {
            Map<Long, OutboxEntry> needed = new LinkedHashMap<>();
            ArrayDeque<OutboxEntry> todo = new ArrayDeque<>(List.of(start));
            while (!todo.isEmpty()) {
                OutboxEntry entry = todo.pop();
                if (batch.containsKey(entry.seq()) || needed.putIfAbsent(entry.seq(), entry) != null) {
                    continue;
                }
                if (!ready.contains(entry.seq())) {
                    return null;
                }
                if (entry.groupId() != null) {
                    byGroup.getOrDefault(entry.groupId(), List.of()).forEach(todo::push);
                }
                for (String target : references(entry)) {
                    for (OutboxEntry earlier : byRecord.getOrDefault(target, List.of())) {
                        if (earlier.seq() >= entry.seq()) {
                            break;
                        }
                        todo.push(earlier);
                    }
                }
            }
            return needed;
        }
    }

    /** "entity/id" of the entry's own record (its earlier entries go first) and of every record it references. */
    private static List<String> references(OutboxEntry entry) {
        List<String> targets = new ArrayList<>();
        targets.add(entry.entity() + "/" + entry.recordId());
        if (entry.fields() == null) {
            return targets;
        }
        EntityType type = Schema.entity(entry.entity()).orElseThrow();
        for (FieldSpec field : type.fields()) {
            JsonNode value = entry.fields().get(field.name());
            if (field.type() == FieldType.REFERENCE && value != null && value.isTextual()) {
                targets.add(field.references() + "/" + value.textValue());
            }
        }
        return targets;
    }

    /**
     * An entry as far as choosing a batch needs it: its fields are only its reference fields, and it
     * has no operation, deltas or error texts.
     */
    private static OutboxEntry candidate(ResultSet row) throws SQLException {
        return new OutboxEntry(
                row.getLong(1),
                row.getString(2),
                row.getString(3),
                row.getString(4),
                null,
                Json.object(row.getString(9)),
                null,
                null,
                null,
                row.getString(5),
                row.getInt(6),
                // Only a pending entry may go: failed ones and those awaiting a password confirmation wait.
                !"pending".equals(row.getString(7)),
                0,
                WireInstant.parse(row.getString(8)),
                null,
                null,
                null,
                null,
                null);
    }
}
