package com.repairsync.server.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.MutationStatus;
import com.repairsync.protocol.PushResponse;
import com.repairsync.protocol.PushResult;
import com.repairsync.protocol.WireVersions;
import com.repairsync.protocol.merge.RecordState;
import com.repairsync.server.ApiException;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Applies pushed mutation batches exactly once.
 *
 * <p>A batch runs in one write transaction. Each mutation id's first result is stored with the
 * change it made, in that same transaction, so a retry (also a concurrent one, which waits for the
 * write lock) finds the result and changes nothing. Each mutation, or each group of mutations
 * sharing a {@code groupId}, runs in its own savepoint: a rejected mutation undoes only its own
 * unit, so one bad mutation never fails the others, and a group applies all or nothing. Every
 * change that took a sequence number writes its history row ({@link
 * com.repairsync.server.history.ChangeHistory}) in the same transaction; a rolled-back unit's rows
 * go with it.
 */
public final class PushService {
    private final Store store;
    private final ShopClocks serverClock;
    private final Clock clock;
    private final MutationReader reader;
    private final CommitListener listener;
    private final PushMetrics metrics;
    private final boolean recordHistory;

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
        this(store, serverClock, clock, maxClockSkew, listener, metrics, true);
    }

    /**
     * @param recordHistory whether each applied change writes its history row (false only to
     *     measure what history costs: {@code --record-history false})
     */
    public PushService(
            Store store,
            ShopClocks serverClock,
            Clock clock,
            Duration maxClockSkew,
            CommitListener listener,
            PushMetrics metrics,
            boolean recordHistory) {
        this.recordHistory = recordHistory;
        this.store = store;
        this.serverClock = serverClock;
        this.clock = clock;
        this.reader = new MutationReader(clock, maxClockSkew);
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
        return push(principal, deviceId, mutations, confirmed, WireVersions.CURRENT);
    }

    /**
     * Applies a batch from a device speaking wire version {@code protocol}: entities newer than it
     * are refused as unknown ({@code unknown_entity}).
     */
    public PushResponse push(
            Principal principal, String deviceId, List<ObjectNode> mutations, Set<String> confirmed, int protocol) {
        if (!principal.deviceId().equals(deviceId)) {
            throw new ApiException(
                    ErrorCode.FORBIDDEN,
                    "deviceId",
                    "deviceId " + deviceId + " is not the device this token was issued to");
        }
        return run(principal, principal.deviceId(), mutations, confirmed, protocol);
    }

    /**
     * Applies changes a revoked device held (one, or a group), for the admin or manager reviewing them: under the
     * reviewer's authority, with the change's own actor and HLC, and exactly once under the held
     * device's mutation id (a change the device had sent before is a duplicate).
     */
    public List<PushResult> applyHeld(Principal reviewer, String heldDeviceId, List<ObjectNode> mutations) {
        return run(reviewer, heldDeviceId, mutations, Set.of(), WireVersions.CURRENT)
                .results();
    }

    /**
     * Applies one change the server makes for a signed-in employee through the API (a custom field's
     * declaration), exactly as a push from their device would apply it: the same checks, sequence,
     * history and realtime message. The change is stamped here with a new mutation id, the shop's
     * server clock and the employee as its actor.
     *
     * @param mutation entity, recordId, op, fields (and create) of the change
     * @return its result: applied, or rejected with the code and field of the refusal
     */
    public PushResult applyForCaller(Principal principal, ObjectNode mutation) {
        ObjectNode stamped = mutation.deepCopy();
        stamped.put("mutationId", "server-" + java.util.UUID.randomUUID());
        stamped.put("hlc", serverClock.of(principal.shopId()).now().toString());
        stamped.put("actorId", principal.employeeId());
        return run(principal, principal.deviceId(), List.of(stamped), Set.of(), WireVersions.CURRENT)
                .results()
                .get(0);
    }

    private PushResponse run(
            Principal principal,
            String resultsDevice,
            List<ObjectNode> mutations,
            Set<String> confirmed,
            int protocol) {
        Instant now = clock.instant();
        PushBatch[] ran = new PushBatch[1];
        PushResponse response = store.write(tx -> {
            ran[0] = new PushBatch(
                    tx, principal, confirmed, now, serverClock, reader, resultsDevice, protocol, recordHistory);
            return ran[0].run(mutations);
        });
        PushBatch batch = ran[0];
        response.results().forEach(result -> metrics.record(result.status()));
        if (response.cursor() > batch.fromCursor()) {
            listener.committedCarrying(
                    principal.shopId(), batch.fromCursor(), response.cursor(), batch.carried(), response.serverHlc());
        }
        if (!batch.signInsEnded().isEmpty()) {
            listener.signInsEnded(principal.shopId(), batch.signInsEnded());
        }
        return new PushResponse(response.results(), response.cursor(), response.serverHlc(), store.historyId());
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
}
