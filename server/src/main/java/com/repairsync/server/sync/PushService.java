package com.repairsync.server.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.Change;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.Hlc;
import com.repairsync.protocol.MutationStatus;
import com.repairsync.protocol.Operation;
import com.repairsync.protocol.PushResponse;
import com.repairsync.protocol.PushResult;
import com.repairsync.protocol.RecordText;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.Violation;
import com.repairsync.protocol.merge.Merge;
import com.repairsync.protocol.merge.MergeOutcome;
import com.repairsync.protocol.merge.MutationRules;
import com.repairsync.protocol.merge.RecordState;
import com.repairsync.protocol.schema.Action;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.FieldType;
import com.repairsync.protocol.schema.Permissions;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.protocol.schema.Visibility;
import com.repairsync.server.ApiException;
import com.repairsync.server.auth.AuthService;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.store.EmployeeRow;
import com.repairsync.server.store.Store;
import com.repairsync.server.store.StoreTx;
import com.repairsync.server.store.StoredInstants;
import com.repairsync.server.store.StoredRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Applies pushed mutation batches exactly once.
 *
 * <p>A batch runs in one write transaction. Each mutation id's first result is stored with the
 * change it made, in that same transaction, so a retry (also a concurrent one, which waits for the
 * write lock) finds the result and changes nothing. Each mutation, or each group of mutations
 * sharing a {@code groupId}, runs in its own savepoint: a rejected mutation undoes only its own
 * unit, so one bad mutation never fails the others, and a group applies all or nothing.
 */
public final class PushService {
    /** Most changed records a commit's realtime message carries; larger commits send only the cursor. */
    static final int MAX_CARRIED = 100;

    private final Store store;
    private final ShopClocks serverClock;
    private final Clock clock;
    private final Duration maxClockSkew;
    private final CommitListener listener;
    private final PushMetrics metrics;

    /** Counts push results by status. */
    @FunctionalInterface
    public interface PushMetrics {
        void record(MutationStatus status);
    }

    public PushService(
            Store store,
            ShopClocks serverClock,
            Clock clock,
            Duration maxClockSkew,
            CommitListener listener,
            PushMetrics metrics) {
        this.store = store;
        this.serverClock = serverClock;
        this.clock = clock;
        this.maxClockSkew = maxClockSkew;
        this.listener = listener;
        this.metrics = metrics;
    }

    /**
     * Applies a batch of mutations.
     *
     * @param mutations the batch, each element checked to be an object with a mutationId
     * @throws ApiException {@code forbidden} if the device is not the token's or not the shop's, or
     *     the signed-in employee is deactivated; nothing is stored then
     */
    public PushResponse push(Principal principal, String deviceId, List<ObjectNode> mutations) {
        return push(principal, deviceId, mutations, Set.of());
    }

    /**
     * Applies a batch of mutations, some of whose actors confirmed their password moments ago.
     *
     * @param confirmed employees with a valid step-up for this device: only their mutations may
     *     create an admin or make someone one
     */
    public PushResponse push(Principal principal, String deviceId, List<ObjectNode> mutations, Set<String> confirmed) {
        if (!principal.deviceId().equals(deviceId)) {
            throw new ApiException(
                    ErrorCode.FORBIDDEN,
                    "deviceId",
                    "deviceId " + deviceId + " is not the device this token was issued to");
        }
        Batch batch = new Batch(principal, confirmed);
        PushResponse response = store.write(tx -> batch.run(tx, mutations));
        response.results().forEach(result -> metrics.record(result.status()));
        if (response.cursor() > batch.fromCursor) {
            listener.committed(
                    principal.shopId(), batch.fromCursor, response.cursor(), batch.carried, response.serverHlc());
        }
        if (!batch.signInsEnded.isEmpty()) {
            listener.signInsEnded(principal.shopId(), batch.signInsEnded);
        }
        return response;
    }

    /**
     * Whether an employee write ends their sign-ins: deactivated, deleted, or given another role (a
     * demoted manager's tablets must not go on acting for others; a new role signs in afresh).
     */
    static boolean endsSignIns(RecordState before, RecordState after) {
        if (before == null || before.deleted()) {
            return false;
        }
        return after.deleted()
                || Boolean.FALSE.equals(after.value("active")) && !Boolean.FALSE.equals(before.value("active"))
                || !java.util.Objects.equals(before.value("role"), after.value("role"));
    }

    /** One batch inside its write transaction. */
    private final class Batch {
        private StoreTx tx;
        private final Principal principal;
        private final String shopId;
        private final Instant now = clock.instant();
        private final Map<String, PushResult> resultsInBatch = new HashMap<>();
        /** Results of mutation ids seen for the first time, stored together at the end of the batch. */
        private final List<PushResult> firstResults = new ArrayList<>();
        /** Results stored by earlier pushes of this batch's mutation ids, read in one query. */
        private Map<String, PushResult> resultsBefore;
        /** Actors looked up in this batch; forgotten whenever an employee record is written. */
        private final Map<String, Optional<EmployeeRow>> actors = new HashMap<>();
        /**
         * Records this batch read or wrote, by entity and id (empty: not in the shop), so a batch
         * reads the records it names in one query per entity instead of one or more per mutation.
         */
        private final Map<EntityType, Map<String, Optional<StoredRecord>>> records = new HashMap<>();
        /** Records written by the unit being applied: forgotten if the unit is rolled back. */
        private final List<Map.Entry<EntityType, String>> writtenInUnit = new ArrayList<>();
        /** Employees whose sign-ins the unit being applied ended: forgotten if it is rolled back. */
        private final Set<String> signInsEndedInUnit = new LinkedHashSet<>();
        /** Employees whose sign-ins the committed batch ended, for every node to end at once. */
        private final Set<String> signInsEnded = new LinkedHashSet<>();

        private Role deviceRole;

        /** The shop's sequence before this batch. */
        private long fromCursor;
        /**
         * Records this batch wrote, in order of first write, rolled back or not: those it kept are
         * the ones whose sequence is now past {@link #fromCursor}.
         */
        private final Set<Map.Entry<EntityType, String>> written = new LinkedHashSet<>();
        /** What the committed batch changed, for realtime (see {@link #carriedChanges}). */
        private List<Change> carried;

        private final Set<String> confirmed;

        Batch(Principal principal, Set<String> confirmed) {
            this.principal = principal;
            this.shopId = principal.shopId();
            this.confirmed = confirmed;
        }

        PushResponse run(StoreTx tx, List<ObjectNode> mutations) {
            this.tx = tx;
            fromCursor = tx.currentSeq(shopId);
            deviceRole = AuthService.currentRole(tx, principal);
            resultsBefore = tx.findMutationResults(
                    shopId,
                    principal.deviceId(),
                    mutations.stream().map(PushService::mutationId).toList());
            readNamedRecords(mutations);
            PushResult[] results = new PushResult[mutations.size()];
            for (List<Integer> unit : units(mutations)) {
                runUnit(mutations, unit, results);
            }
            tx.saveMutationResults(shopId, principal.deviceId(), firstResults, now);
            carried = carriedChanges();
            return new PushResponse(
                    List.of(results),
                    tx.currentSeq(shopId),
                    serverClock.of(shopId).now().toString());
        }

        private void runUnit(List<ObjectNode> mutations, List<Integer> unit, PushResult[] results) {
            List<Integer> pending = new ArrayList<>();
            Map<Integer, Integer> repeats = new LinkedHashMap<>();
            Map<String, Integer> firstInUnit = new HashMap<>();
            for (int index : unit) {
                String mutationId = mutationId(mutations.get(index));
                Optional<PushResult> first = Optional.ofNullable(resultsInBatch.get(mutationId))
                        .or(() -> Optional.ofNullable(resultsBefore.get(mutationId)));
                Integer earlier = firstInUnit.putIfAbsent(mutationId, index);
                if (first.isPresent()) {
                    results[index] = first.get().asDuplicate();
                } else if (earlier != null) {
                    repeats.put(index, earlier);
                } else {
                    pending.add(index);
                }
            }
            if (!pending.isEmpty()) {
                applyUnit(mutations, pending, results);
            }
            repeats.forEach((repeat, earlier) -> results[repeat] = results[earlier].asDuplicate());
        }

        private void applyUnit(List<ObjectNode> mutations, List<Integer> pending, PushResult[] results) {
            int[] current = new int[1];
            Supplier<Void> applyAll = () -> {
                for (int index : pending) {
                    current[0] = index;
                    results[index] = apply(mutations.get(index));
                }
                return null;
            };
            try {
                if (pending.size() == 1) {
                    // apply() checks everything before its one write, so a lone mutation needs no
                    // savepoint: a refusal leaves nothing to undo.
                    applyAll.get();
                } else {
                    tx.atomically(applyAll);
                }
            } catch (Violation violation) {
                // The unit's writes were rolled back: what this batch remembers of them goes too.
                actors.clear();
                writtenInUnit.forEach(key -> records.get(key.getKey()).remove(key.getValue()));
                signInsEndedInUnit.clear();
                rejectUnit(mutations, pending, current[0], violation, results);
            }
            writtenInUnit.clear();
            signInsEnded.addAll(signInsEndedInUnit);
            signInsEndedInUnit.clear();
            for (int index : pending) {
                resultsInBatch.put(results[index].mutationId(), results[index]);
                firstResults.add(results[index]);
            }
        }

        private void rejectUnit(
                List<ObjectNode> mutations,
                List<Integer> pending,
                int failed,
                Violation violation,
                PushResult[] results) {
            String failedId = mutationId(mutations.get(failed));
            for (int index : pending) {
                String mutationId = mutationId(mutations.get(index));
                results[index] = index == failed
                        ? PushResult.rejected(mutationId, violation.code(), violation.getMessage(), violation.field())
                        : PushResult.rejected(
                                mutationId,
                                ErrorCode.GROUP_FAILED,
                                "not applied: mutation " + failedId + " of the same group was rejected ("
                                        + violation.getMessage() + ")",
                                null);
            }
        }

        private PushResult apply(ObjectNode mutation) {
            String mutationId = mutationId(mutation);
            EntityType type = Schema.entity(text(mutation, "entity"))
                    .orElseThrow(() -> new Violation(
                            ErrorCode.UNKNOWN_ENTITY,
                            "entity",
                            "entity " + mutation.path("entity") + " is not one of "
                                    + Schema.entities().stream()
                                            .map(EntityType::name)
                                            .toList()));
            String recordId = FieldSpec.canonicalUuid(text(mutation, "recordId"))
                    .orElseThrow(
                            () -> new Violation(ErrorCode.VALIDATION_FAILED, "recordId", "recordId must be a UUID"));
            Operation op = Operation.fromWire(text(mutation, "op"))
                    .orElseThrow(() ->
                            new Violation(ErrorCode.VALIDATION_FAILED, "op", "op must be upsert, delete or adjust"));
            Hlc hlc = hlc(mutation);
            Role actorRole = actorRole(mutation);

            Map<String, Object> fields = Map.of();
            Map<String, Long> deltas = Map.of();
            switch (op) {
                case UPSERT -> {
                    refuseMember(mutation, "deltas", "upsert sets fields; use op adjust for deltas");
                    fields = MutationRules.fields(type, fieldsObject(mutation));
                    fields.forEach(PushService::refuseUnstorable);
                }
                case ADJUST -> {
                    refuseMember(mutation, "fields", "adjust carries deltas, not fields");
                    deltas = MutationRules.deltas(type, deltas(mutation));
                }
                case DELETE -> {
                    refuseMember(mutation, "fields", "delete carries no fields");
                    refuseMember(mutation, "deltas", "delete carries no deltas");
                }
            }

            Optional<StoredRecord> existing = record(type, recordId);
            RecordState before = existing.map(StoredRecord::state).orElse(null);
            Action action =
                    switch (op) {
                        case UPSERT -> before == null ? Action.CREATE : Action.UPDATE;
                        case DELETE -> Action.DELETE;
                        case ADJUST -> Action.ADJUST;
                    };
            String actorId = FieldSpec.canonicalUuid(text(mutation, "actorId")).orElseThrow();
            Permissions.denial(actorId, actorRole, type, action, recordId, fields, before)
                    .ifPresent(reason -> {
                        throw new Violation(ErrorCode.FORBIDDEN, null, reason);
                    });
            if (Permissions.needsStepUp(type, fields, before) && !confirmed.contains(text(mutation, "actorId"))) {
                throw new Violation(
                        ErrorCode.REAUTHENTICATION_REQUIRED,
                        "stepUp",
                        "creating an admin or making someone one needs the actor's password again: confirm it"
                                + " (POST /v1/auth/step-up) and send the change with the confirmation in stepUp");
            }
            checkReferences(type, fields);

            MergeOutcome outcome = Merge.apply(type, before, op, fields, deltas, hlc, recordId);
            serverClock.of(shopId).receive(hlc);
            if (!outcome.changed()) {
                // Nothing to store (every field lost, or the record is deleted): no new change for devices to pull.
                return PushResult.applied(mutationId, existing.orElseThrow().seq(), outcome.superseded());
            }
            long seq = tx.nextSeq(shopId);
            Instant createdAt = existing.map(StoredRecord::createdAt).orElse(now);
            StoredRecord saved = new StoredRecord(recordId, seq, outcome.state(), createdAt, now);
            tx.saveRecord(type, shopId, saved);
            records.computeIfAbsent(type, t -> new HashMap<>()).put(recordId, Optional.of(saved));
            writtenInUnit.add(Map.entry(type, recordId));
            written.add(Map.entry(type, recordId));
            if (type == Schema.EMPLOYEES) {
                actors.clear(); // a role or active flag may have changed
                if (endsSignIns(before, outcome.state())) {
                    tx.bumpSessionGeneration(shopId, recordId);
                    tx.revokeRefreshTokensOf(shopId, recordId, null, now);
                    signInsEndedInUnit.add(recordId);
                }
            }
            return PushResult.applied(mutationId, seq, outcome.superseded());
        }

        /**
         * What the batch changed, for the realtime hub to carry to devices so they need not pull:
         * null when it is more than {@link #MAX_CARRIED} records or touched an entity with fields
         * only some roles may see (those devices pull and get their own view). Read inside the
         * transaction, after the last unit, so every record is as it will commit.
         */
        private List<Change> carriedChanges() {
            List<Map.Entry<EntityType, StoredRecord>> kept = new ArrayList<>();
            for (Map.Entry<EntityType, String> key : written) {
                // A rolled-back write left the record as it was before the batch (read again), or absent.
                record(key.getKey(), key.getValue())
                        .filter(record -> record.seq() > fromCursor)
                        .ifPresent(record -> kept.add(Map.entry(key.getKey(), record)));
                if (kept.size() > MAX_CARRIED) {
                    return null;
                }
            }
            List<Change> changes = new ArrayList<>(kept.size());
            for (Map.Entry<EntityType, StoredRecord> entry : kept) {
                EntityType type = entry.getKey();
                if (!type.fields().stream().allMatch(field -> field.visibility() == Visibility.EVERYONE)) {
                    return null;
                }
                StoredRecord record = entry.getValue();
                boolean deleted = record.state().deleted();
                changes.add(new Change(
                        type.name(),
                        record.id(),
                        record.seq(),
                        deleted,
                        deleted ? null : RecordText.of(RecordJson.render(type, record, Role.FRONT_DESK))));
            }
            changes.sort(Comparator.comparingLong(Change::seq));
            return changes;
        }

        /**
         * Reads, per entity, every record the batch's mutations name as their record or in a
         * reference field. Malformed names are skipped here; apply() refuses them.
         */
        private void readNamedRecords(List<ObjectNode> mutations) {
            Map<EntityType, Set<String>> named = new HashMap<>();
            for (ObjectNode mutation : mutations) {
                Optional<EntityType> type =
                        Schema.entity(mutation.path("entity").asText());
                if (type.isEmpty()) {
                    continue;
                }
                FieldSpec.canonicalUuid(mutation.path("recordId").asText())
                        .ifPresent(id -> named.computeIfAbsent(type.get(), t -> new HashSet<>())
                                .add(id));
                JsonNode fields = mutation.path("fields");
                for (FieldSpec field : type.get().fields()) {
                    JsonNode value = fields.path(field.name());
                    if (field.type() == FieldType.REFERENCE && value.isTextual()) {
                        EntityType target = Schema.entity(field.references()).orElseThrow();
                        FieldSpec.canonicalUuid(value.textValue())
                                .ifPresent(id -> named.computeIfAbsent(target, t -> new HashSet<>())
                                        .add(id));
                    }
                }
            }
            named.forEach((type, ids) -> {
                Map<String, Optional<StoredRecord>> known = records.computeIfAbsent(type, t -> new HashMap<>());
                Map<String, StoredRecord> found = tx.findRecords(type, shopId, ids);
                ids.forEach(id -> known.put(id, Optional.ofNullable(found.get(id))));
            });
        }

        /** A record of the shop as this batch last saw or wrote it. */
        private Optional<StoredRecord> record(EntityType type, String recordId) {
            Map<String, Optional<StoredRecord>> known = records.computeIfAbsent(type, t -> new HashMap<>());
            Optional<StoredRecord> record = known.get(recordId);
            if (record == null) {
                record = tx.findRecord(type, shopId, recordId);
                known.put(recordId, record);
            }
            return record;
        }

        private Hlc hlc(ObjectNode mutation) {
            Hlc hlc;
            try {
                hlc = Hlc.parse(text(mutation, "hlc"));
            } catch (IllegalArgumentException e) {
                throw new Violation(ErrorCode.VALIDATION_FAILED, "hlc", "hlc is malformed: " + e.getMessage());
            }
            long limit = clock.millis() + maxClockSkew.toMillis();
            if (hlc.millis() > limit) {
                throw new Violation(
                        ErrorCode.CLOCK_SKEW,
                        "hlc",
                        "hlc " + hlc + " is "
                                + Duration.ofMillis(hlc.millis() - clock.millis())
                                        .toSeconds() + " s ahead of the server clock; the limit is "
                                + maxClockSkew.toSeconds() + " s");
            }
            return hlc;
        }

        /**
         * The role of the employee who made the change. A device signed in by an admin or manager may
         * act for any active employee (switched in by PIN) whose role is not above the signer's
         * current one; any other device only for its own. So a manager's tablet never acts as an
         * admin, whoever the mutation names.
         */
        private Role actorRole(ObjectNode mutation) {
            String actorId = FieldSpec.canonicalUuid(text(mutation, "actorId"))
                    .orElseThrow(() -> new Violation(ErrorCode.VALIDATION_FAILED, "actorId", "actorId must be a UUID"));
            if (!deviceRole.managesShop() && !actorId.equals(principal.employeeId())) {
                throw new Violation(
                        ErrorCode.FORBIDDEN,
                        "actorId",
                        "this device is signed in by a " + deviceRole.wireName()
                                + " and may only act for that employee, not " + actorId);
            }
            Role actor = actors.computeIfAbsent(actorId, id -> tx.findEmployee(shopId, id))
                    .filter(EmployeeRow::active)
                    .map(EmployeeRow::role)
                    .orElseThrow(() -> new Violation(
                            ErrorCode.FORBIDDEN,
                            "actorId",
                            "actorId " + actorId + " is not an active employee of this shop"));
            if (actor.outranks(deviceRole)) {
                throw new Violation(
                        ErrorCode.FORBIDDEN,
                        "actorId",
                        "this device is signed in by a " + deviceRole.wireName() + " and may not act as " + actorId
                                + ", a " + actor.wireName());
            }
            return actor;
        }

        private void checkReferences(EntityType type, Map<String, Object> fields) {
            for (Map.Entry<String, Object> entry : fields.entrySet()) {
                FieldSpec field = type.field(entry.getKey()).orElseThrow();
                if (field.type() != FieldType.REFERENCE || entry.getValue() == null) {
                    continue;
                }
                EntityType target = Schema.entity(field.references()).orElseThrow();
                boolean live = record(target, (String) entry.getValue())
                        .filter(found -> !found.state().deleted())
                        .isPresent();
                if (!live) {
                    throw new Violation(
                            ErrorCode.UNKNOWN_RECORD,
                            field.name(),
                            field.name() + " " + entry.getValue() + " names no " + target.name()
                                    + " record of this shop");
                }
            }
        }
    }

    /** Groups mutation indexes into units: each groupId together, in order of first appearance. */
    private static List<List<Integer>> units(List<ObjectNode> mutations) {
        Map<String, List<Integer>> byKey = new LinkedHashMap<>();
        for (int i = 0; i < mutations.size(); i++) {
            JsonNode group = mutations.get(i).get("groupId");
            String key =
                    group != null && group.isTextual() && !group.textValue().isEmpty()
                            ? "group:" + group.textValue()
                            : "single:" + i;
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        return new ArrayList<>(byKey.values());
    }

    static String mutationId(ObjectNode mutation) {
        return mutation.get("mutationId").textValue();
    }

    private static String text(ObjectNode mutation, String member) {
        JsonNode value = mutation.get(member);
        if (value == null || value.isNull()) {
            throw new Violation(ErrorCode.VALIDATION_FAILED, member, member + " is required");
        }
        if (!value.isTextual()) {
            throw new Violation(ErrorCode.VALIDATION_FAILED, member, member + " must be a string");
        }
        refuseNul(member, value.textValue());
        return value.textValue();
    }

    /** Refuses a field value that one of the databases could not store as it is. */
    private static void refuseUnstorable(String field, Object value) {
        if (value instanceof String text) {
            refuseNul(field, text);
        } else if (value instanceof Instant instant && !StoredInstants.contains(instant)) {
            throw new Violation(
                    ErrorCode.VALIDATION_FAILED,
                    field,
                    field + " must be " + StoredInstants.RANGE + ", got " + instant);
        }
    }

    /**
     * Refuses text with U+0000, which PostgreSQL cannot store in text or jsonb; refused on SQLite
     * too, so both databases accept the same writes.
     */
    private static void refuseNul(String field, String text) {
        if (text.indexOf('\0') >= 0) {
            throw new Violation(
                    ErrorCode.VALIDATION_FAILED, field, field + " may not contain the NUL character (U+0000)");
        }
    }

    private static void refuseMember(ObjectNode mutation, String member, String reason) {
        JsonNode value = mutation.get(member);
        if (value != null && !value.isNull() && !(value.isObject() && value.isEmpty())) {
            throw new Violation(ErrorCode.INVALID_FIELD, member, reason);
        }
    }

    private static ObjectNode fieldsObject(ObjectNode mutation) {
        JsonNode fields = mutation.get("fields");
        if (fields == null || fields.isNull()) {
            return null;
        }
        if (!fields.isObject()) {
            throw new Violation(ErrorCode.VALIDATION_FAILED, "fields", "fields must be an object");
        }
        return (ObjectNode) fields;
    }

    private static Map<String, Long> deltas(ObjectNode mutation) {
        JsonNode deltas = mutation.get("deltas");
        if (deltas == null || deltas.isNull()) {
            return Map.of();
        }
        if (!deltas.isObject()) {
            throw new Violation(ErrorCode.VALIDATION_FAILED, "deltas", "deltas must be an object");
        }
        Map<String, Long> values = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> entries = deltas.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            JsonNode delta = entry.getValue();
            if (!delta.isIntegralNumber() || !delta.canConvertToLong()) {
                throw new Violation(
                        ErrorCode.VALIDATION_FAILED,
                        entry.getKey(),
                        "delta of " + entry.getKey() + " must be a whole number");
            }
            values.put(entry.getKey(), delta.longValue());
        }
        return values;
    }
}
