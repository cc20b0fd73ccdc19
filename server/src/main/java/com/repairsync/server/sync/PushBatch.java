package com.repairsync.server.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.Operation;
import com.repairsync.protocol.PushResponse;
import com.repairsync.protocol.PushResult;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.Violation;
import com.repairsync.protocol.merge.Merge;
import com.repairsync.protocol.merge.MergeOutcome;
import com.repairsync.protocol.merge.RecordState;
import com.repairsync.protocol.schema.Action;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.FieldType;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.server.auth.AuthService;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.erasure.ErasedArrivals;
import com.repairsync.server.history.ChangeHistory;
import com.repairsync.server.store.FileRow;
import com.repairsync.server.store.StoreTx;
import com.repairsync.server.store.StoredRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One push batch inside its write transaction: groups the mutations into units (a lone mutation,
 * or every mutation of one groupId), answers ids seen before with their first result, and applies
 * each new unit all or nothing.
 * Custom values are checked against the declarations as they stand then ({@link BatchCustomFields}).
 */
final class PushBatch {
    private final StoreTx tx;
    private final Principal principal;
    /** The device whose mutation ids these are: the pusher's, or a revoked one's held changes. */
    private final String resultsDevice;

    private final String shopId;
    private final Instant now;
    private final ShopClocks serverClock;
    private final MutationReader reader;
    /** The wire version of the device that sent the batch. */
    private final int protocol;

    private final PushPermissions permissions;
    private final BatchRecords records;
    /** Erases the records of an erasure that the batch creates (see {@link ErasedArrivals}). */
    private final ErasedArrivals arrivals;

    private final Map<String, PushResult> resultsInBatch = new HashMap<>();
    /** Results of mutation ids seen for the first time, stored together at the end of the batch. */
    private final List<PushResult> firstResults = new ArrayList<>();
    /** Results stored by earlier pushes of this batch's mutation ids, read in one query. */
    private Map<String, PushResult> resultsBefore;
    /** Each mutation read once: its typed form, or why it cannot be read (a Violation or a BodyViolation). */
    private final List<Object> read = new ArrayList<>();
    /** Employees whose sign-ins the unit being applied ended: forgotten if it is rolled back. */
    private final Set<String> signInsEndedInUnit = new LinkedHashSet<>();
    /** Employees whose sign-ins the committed batch ended, for every node to end at once. */
    private final Set<String> signInsEnded = new LinkedHashSet<>();
    /** The shop's sequence before this batch. */
    private final long fromCursor;
    /** What the batch changed, for realtime; read at the end of {@link #run}. */
    private CarriedChanges carried;
    /** The history rows of the changes applied, stored with them at the end; null when history is off. */
    private final ChangeHistory history;
    /** The shop's custom field declarations as the batch has written them so far. */
    private final BatchCustomFields customs;

    PushBatch(
            StoreTx tx,
            Principal principal,
            Set<String> confirmed,
            Instant now,
            ShopClocks serverClock,
            MutationReader reader,
            String resultsDevice,
            int protocol,
            boolean recordHistory) {
        this.tx = tx;
        this.protocol = protocol;
        this.principal = principal;
        this.resultsDevice = resultsDevice;
        this.shopId = principal.shopId();
        this.now = now;
        this.serverClock = serverClock;
        this.reader = reader;
        this.fromCursor = tx.currentSeq(shopId);
        this.permissions = new PushPermissions(tx, principal, AuthService.currentRole(tx, principal), confirmed);
        this.records = new BatchRecords(tx, shopId);
        this.arrivals = new ErasedArrivals(tx, shopId, records::get);
        // A change's device is the one whose mutation it was: for held changes, the revoked device.
        this.history = recordHistory ? new ChangeHistory(shopId, resultsDevice) : null;
        this.customs = new BatchCustomFields(tx, shopId);
    }

    /** The shop's sequence before this batch. */
    long fromCursor() {
        return fromCursor;
    }

    /** Employees whose sign-ins the batch ended. */
    Set<String> signInsEnded() {
        return signInsEnded;
    }

    /** What the batch changed, for realtime (see {@link BatchRecords#carriedChanges}), once it ran. */
    CarriedChanges carried() {
        return carried;
    }

    /** Applies the batch and stores the first results of its new mutation ids. */
    PushResponse run(List<ObjectNode> mutations) {
        resultsBefore = tx.findMutationResults(
                shopId,
                resultsDevice,
                mutations.stream().map(MutationReader::mutationId).toList());
        List<PushedMutation> readable = new ArrayList<>();
        for (ObjectNode mutation : mutations) {
            try {
                PushedMutation typed = reader.read(mutation, protocol);
                read.add(typed);
                readable.add(typed);
            } catch (Violation | MutationReader.BodyViolation unreadable) {
                read.add(unreadable);
            }
        }
        records.readNamed(readable);
        arrivals.readErased(creatable(readable));
        PushResult[] results = new PushResult[mutations.size()];
        for (List<Integer> unit : units(mutations)) {
            runUnit(mutations, unit, results);
        }
        if (history != null) {
            history.writeTo(tx);
            history.close();
        }
        tx.saveMutationResults(shopId, resultsDevice, firstResults, now);
        carried = records.carriedChanges(fromCursor, customs::hidden);
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
            String mutationId = MutationReader.mutationId(mutations.get(index));
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
                results[index] = apply(read.get(index));
            }
            return null;
        };
        boolean rolledBack = false;
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
            rolledBack = true;
            permissions.forgetActors();
            signInsEndedInUnit.clear();
            rejectUnit(mutations, pending, current[0], violation, results);
        }
        records.unitEnded(rolledBack);
        if (rolledBack) {
            customs.rolledBack();
        }
        if (history != null) {
            history.unitEnded(rolledBack);
        }
        signInsEnded.addAll(signInsEndedInUnit);
        signInsEndedInUnit.clear();
        for (int index : pending) {
            resultsInBatch.put(results[index].mutationId(), results[index]);
            firstResults.add(results[index]);
        }
    }

    private void rejectUnit(
            List<ObjectNode> mutations, List<Integer> pending, int failed, Violation violation, PushResult[] results) {
        String failedId = MutationReader.mutationId(mutations.get(failed));
        // A change the server does not know yet waits whole: its group's others wait with it, retriable.
        boolean waits = violation.code() == ErrorCode.NOT_YET_KNOWN;
        for (int index : pending) {
            String mutationId = MutationReader.mutationId(mutations.get(index));
            results[index] = index == failed
                    ? PushResult.rejected(mutationId, violation.code(), violation.getMessage(), violation.field())
                    : PushResult.rejected(
                            mutationId,
                            waits ? ErrorCode.NOT_YET_KNOWN : ErrorCode.GROUP_FAILED,
                            (waits
                                            ? "waits with mutation " + failedId + " of the same group ("
                                            : "not applied: mutation " + failedId + " of the same group was rejected (")
                                    + violation.getMessage() + ")",
                            null);
        }
    }

    /** Checks a mutation against its record and the actor's rights, then merges and stores it. */
    private PushResult apply(Object readMutation) {
        if (readMutation instanceof Violation unreadable) {
            throw unreadable;
        }
        if (readMutation instanceof MutationReader.BodyViolation unreadable) {
            permissions.actorRole(unreadable.actorId());
            throw unreadable.violation();
        }
        PushedMutation read = (PushedMutation) readMutation;
        Role actorRole = permissions.actorRole(read.actorId());
        PushedMutation mutation = read.custom() == null ? read : read.withCustom(customs.values(read, actorRole));
        Optional<StoredRecord> existing = records.get(mutation.type(), mutation.recordId());
        RecordState before = existing.map(StoredRecord::state).orElse(null);
        if (before == null && Boolean.FALSE.equals(mutation.create())) {
            // An edit of a record this server lacks (its create has not arrived: after a restore, it
            // comes back when its device sends it again). Applied as a create it would stamp every
            // other field with the edit's HLC and hide the create's values.
            throw new Violation(
                    ErrorCode.UNKNOWN_RECORD,
                    null,
                    mutation.type().name() + "/" + mutation.recordId()
                            + " does not exist; an edit waits for its create");
        }
        Action action =
                switch (mutation.op()) {
                    case UPSERT -> before == null ? Action.CREATE : Action.UPDATE;
                    // Who may delete a record may bring it back.
                    case DELETE, RESTORE -> Action.DELETE;
                    case ADJUST -> Action.ADJUST;
                };
        permissions.check(mutation, actorRole, action, before);
        if (mutation.type() == Schema.CUSTOM_FIELDS && mutation.op() == Operation.UPSERT) {
            customs.checkDeclaration(mutation, existing);
        }
        checkReferences(mutation.type(), mutation.fields());
        return write(mutation, existing);
    }

    /** Merges a checked mutation into its record and saves what changed. */
    private PushResult write(PushedMutation mutation, Optional<StoredRecord> existing) {
        RecordState before = existing.map(StoredRecord::state).orElse(null);
        MergeOutcome outcome = Merge.apply(
                mutation.type(),
                before,
                mutation.op(),
                mutation.fields(),
                mutation.deltas(),
                mutation.hlc(),
                mutation.recordId());
        serverClock.of(shopId).receive(mutation.hlc());
        if (before == null) {
            // A record of an erasure arrives erased, whatever its device sent: resent after a
            // restore, or made offline for an erased customer.
            outcome = arrivals.arrive(mutation.type(), mutation.recordId(), outcome, serverClock.of(shopId));
        }
        if (!outcome.changed()) {
            // Nothing to store (every field lost, or the record is deleted): no new change for devices to pull.
            return PushResult.applied(
                    mutation.mutationId(), existing.orElseThrow().seq(), outcome.superseded());
        }
        long seq = tx.nextSeq(shopId);
        Instant createdAt = existing.map(StoredRecord::createdAt).orElse(now);
        StoredRecord saved = new StoredRecord(mutation.recordId(), seq, outcome.state(), createdAt, now);
        records.save(mutation.type(), saved);
        if (mutation.type() == Schema.CUSTOM_FIELDS) {
            customs.written(saved);
        }
        if (history != null) {
            history.applied(
                    mutation.type(),
                    mutation.recordId(),
                    mutation.op(),
                    before,
                    outcome.state(),
                    mutation.deltas(),
                    mutation.actorId(),
                    mutation.hlc(),
                    seq,
                    now);
        }
        if (mutation.type() == Schema.EMPLOYEES) {
            permissions.forgetActors(); // a role or active flag may have changed
            if (PushService.endsSignIns(before, outcome.state())) {
                tx.bumpSessionGeneration(shopId, mutation.recordId());
                tx.revokeRefreshTokensOf(shopId, mutation.recordId(), null, now);
                signInsEndedInUnit.add(mutation.recordId());
            }
        }
        return PushResult.applied(mutation.mutationId(), seq, outcome.superseded());
    }

    private void checkReferences(EntityType type, Map<String, Object> fields) {
        for (Map.Entry<String, Object> entry : fields.entrySet()) {
            Optional<FieldSpec> declared = type.field(entry.getKey());
            if (declared.isEmpty()) {
                continue; // a custom value: no reference, no file
            }
            FieldSpec field = declared.get();
            if (field.type() == FieldType.FILE && entry.getValue() != null) {
                checkFile(field, (String) entry.getValue());
            }
            if (field.type() != FieldType.REFERENCE || entry.getValue() == null) {
                continue;
            }
            EntityType target = Schema.entity(field.references()).orElseThrow();
            boolean live = records.get(target, (String) entry.getValue())
                    .filter(found -> !found.state().deleted())
                    .isPresent();
            if (!live) {
                throw new Violation(
                        ErrorCode.UNKNOWN_RECORD,
                        field.name(),
                        field.name() + " " + entry.getValue() + " names no " + target.name() + " record of this shop");
            }
        }
    }

    /**
     * A record naming a file is applied only once the shop holds the file's bytes: until then it is
     * refused retryably, and the device sends it again after the file's upload.
     */
    private void checkFile(FieldSpec field, String hash) {
        boolean stored = tx.findFile(shopId, hash).filter(FileRow::stored).isPresent();
        if (!stored) {
            throw new Violation(
                    ErrorCode.FILE_MISSING,
                    field.name(),
                    field.name() + " " + hash + " names a file this shop does not hold yet; upload it, then send"
                            + " the record again");
        }
    }

    /** The records the batch's upserts would create (the shop lacks them), by entity. */
    private Map<EntityType, Set<String>> creatable(List<PushedMutation> readable) {
        Map<EntityType, Set<String>> creatable = new HashMap<>();
        for (PushedMutation mutation : readable) {
            if (mutation.op() == Operation.UPSERT
                    && records.get(mutation.type(), mutation.recordId()).isEmpty()) {
                creatable
                        .computeIfAbsent(mutation.type(), t -> new LinkedHashSet<>())
                        .add(mutation.recordId());
            }
        }
        return creatable;
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
}
