package com.repairsync.client.internal;

import com.repairsync.client.transport.RequestRejectedException;
import com.repairsync.client.transport.ServerBusyException;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.Hlc;
import com.repairsync.protocol.Mutation;
import com.repairsync.protocol.MutationStatus;
import com.repairsync.protocol.NamedThreads;
import com.repairsync.protocol.PushRequest;
import com.repairsync.protocol.PushResponse;
import com.repairsync.protocol.PushResult;
import com.repairsync.protocol.schema.Schema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * Pushes the outbox batch after batch and records each mutation's result.
 *
 * <p>When the server applied every mutation of a batch, the next batch goes out at once and this
 * one's acknowledgement is stored while it is in flight; then the batch after it is chosen, as if
 * the one in flight had left the queue, so it is ready when the answer comes. The device's work and
 * the server's overlap. At most one request is in flight, and a batch goes only after the one
 * before it was answered, so the server still applies them in order. A batch with a refused or
 * unanswered mutation is acknowledged first and the batch chosen ahead is dropped, because that
 * decides what may go next. If the device stops in between, the unacknowledged batch goes again and
 * the server answers it as duplicates. Choosing ahead is safe because only this loop changes queued
 * entries (failing or retrying them); a write made meanwhile joins a later batch.
 *
 * <p>Batches start small and grow while answers are quick, up to the batch size ({@link
 * PushBatchSize}). A batch the server refuses as too large goes again in smaller batches; only a
 * batch that cannot be split further (one mutation, or one group) is marked failed.
 */
final class Pusher {
    /** How long a change the server refused with a code this version does not know waits to go again. */
    static final java.time.Duration RETRY_UNKNOWN_REFUSAL = java.time.Duration.ofMinutes(15);

    /**
     * How long a change waits after a restored server said a record it needs is missing: the device
     * that made it has probably not sent it again yet (see {@link HealingWait}).
     */
    static final java.time.Duration RETRY_WHILE_HEALING = java.time.Duration.ofSeconds(30);

    /** Runs the next push request while the device stores the last answer; idle threads end after a minute. */
    private static final ExecutorService PREFETCH =
            Executors.newCachedThreadPool(NamedThreads.daemon("repairsync-sync-ahead"));

    private final LocalDatabase db;
    private final SyncTransport transport;
    private final Clock clock;
    private final int batchSize;
    private final StepUps stepUps;
    private final ServerClock serverClock;
    private final RetryScheduler retries;
    private final SyncEngine.Listener listener;
    private final java.time.Duration keepAcknowledged;

    Pusher(
            LocalDatabase db,
            SyncTransport transport,
            Clock clock,
            int batchSize,
            StepUps stepUps,
            ServerClock serverClock,
            RetryScheduler retries,
            SyncEngine.Listener listener,
            java.time.Duration keepAcknowledged) {
        this.db = db;
        this.transport = transport;
        this.clock = clock;
        this.batchSize = batchSize;
        this.stepUps = stepUps;
        this.serverClock = serverClock;
        this.retries = retries;
        this.listener = listener;
        this.keepAcknowledged = keepAcknowledged;
    }

    /**
     * Pushes every due mutation.
     *
     * @throws ServerBusyException if the server failed; the batch's attempts were recorded
     */
    void push() {
        new Run(db.transaction(tx -> DeviceInfo.get(tx, DeviceInfo.DEVICE_ID).orElseThrow())).run();
    }

    /** One push: the batch in flight, the one chosen ahead, and what was sent so far. */
    private final class Run {
        private final String deviceId;
        private final Set<String> sent = new HashSet<>();
        private final PushBatchSize size = new PushBatchSize(batchSize);
        /** The smallest batch refused as too large: a retry must be smaller. */
        private int refusedAsTooLarge = Integer.MAX_VALUE;

        private List<OutboxEntry> batch = List.of();
        private CompletableFuture<PushResponse> answer;
        /** Chosen while the batch was in flight, if it is all applied. */
        private List<OutboxEntry> ahead;

        Run(String deviceId) {
            this.deviceId = deviceId;
        }

        void run() {
            go(nextBatch(Set.of()));
            while (answer != null) {
                PushResponse response;
                try {
                    response = await(answer);
                } catch (ServerBusyException busy) {
                    retries.spendAttempt(batch, busy);
                    throw busy;
                } catch (RequestRejectedException refused) {
                    if (refused.retriable()) {
                        throw refused; // a code this version does not know: the batch stays queued
                    }
                    refused(refused);
                    continue;
                }
                answered(response);
            }
        }

        /** Makes {@code next} the batch in flight, sending it unless it is empty. */
        private void go(List<OutboxEntry> next) {
            batch = next;
            answer = next.isEmpty() ? null : send(next);
        }

        /** A batch too large goes again smaller while it can; otherwise it fails and the next one goes. */
        private void refused(RequestRejectedException refused) {
            ahead = null;
            if (refused.code() == ErrorCode.PAYLOAD_TOO_LARGE && batch.size() < refusedAsTooLarge) {
                refusedAsTooLarge = batch.size();
                size.refusedAsTooLarge(batch.size());
                sent.removeAll(mutationIds(batch));
                List<OutboxEntry> smaller = nextBatch(Set.of());
                if (!smaller.isEmpty() && smaller.size() < batch.size()) {
                    go(smaller);
                    return;
                }
            }
            retries.failAll(batch, refused);
            go(nextBatch(Set.of()));
        }

        /** Records the answer; an all-applied batch's successor is already in flight meanwhile. */
        private void answered(PushResponse response) {
            Map<String, PushResult> results = byMutationId(response);
            List<OutboxEntry> next = List.of();
            CompletableFuture<PushResponse> nextAnswer = null;
            if (allApplied(batch, results)) {
                next = ahead != null ? ahead : nextBatch(mutationIds(batch));
                nextAnswer = next.isEmpty() ? null : send(next);
            }
            ahead = null;
            try {
                recordResults(batch, results, response);
                if (nextAnswer != null) {
                    ahead = nextBatch(mutationIds(next));
                }
            } catch (RuntimeException | Error e) {
                if (nextAnswer != null) {
                    nextAnswer.cancel(false); // if it arrived, it goes again and is answered as duplicates
                }
                throw e;
            }
            listener.pushed();
            if (nextAnswer == null) {
                go(nextBatch(Set.of()));
            } else {
                batch = next;
                answer = nextAnswer;
            }
        }

        /**
         * The next batch, or none if it would resend a mutation this push sent: one the server left
         * unanswered stays queued for the next sync, not this one.
         */
        private List<OutboxEntry> nextBatch(Set<String> appliedAhead) {
            Instant now = clock.instant();
            int limit = size.current();
            List<OutboxEntry> next = db.transaction(tx -> Outbox.nextBatch(tx, now, limit, appliedAhead));
            for (OutboxEntry entry : next) {
                if (sent.contains(entry.mutationId())) {
                    return List.of();
                }
            }
            return next;
        }

        /**
         * Sends a batch beside the caller, which reads the answer with {@link #await}; how long the
         * answer took sizes the next batches.
         */
        private CompletableFuture<PushResponse> send(List<OutboxEntry> entries) {
            entries.forEach(entry -> sent.add(entry.mutationId()));
            PushRequest request = new PushRequest(
                    deviceId, entries.stream().map(Pusher.this::mutation).toList());
            return CompletableFuture.supplyAsync(
                    () -> {
                        Instant start = clock.instant();
                        PushResponse response = transport.push(request);
                        size.answered(entries.size(), Duration.between(start, clock.instant()));
                        return response;
                    },
                    PREFETCH);
        }
    }

    private static Set<String> mutationIds(List<OutboxEntry> batch) {
        return batch.stream().map(OutboxEntry::mutationId).collect(Collectors.toSet());
    }

    private static Map<String, PushResult> byMutationId(PushResponse response) {
        Map<String, PushResult> byId = new HashMap<>();
        response.results().forEach(result -> byId.put(result.mutationId(), result));
        return byId;
    }

    private static boolean allApplied(List<OutboxEntry> batch, Map<String, PushResult> results) {
        return batch.stream().allMatch(entry -> {
            PushResult result = results.get(entry.mutationId());
            return result != null && result.outcome() == MutationStatus.APPLIED;
        });
    }

    /** The wire mutation of an entry, with its actor's password confirmation while one is good. */
    private Mutation mutation(OutboxEntry entry) {
        String stepUp = entry.entity().equals(Schema.EMPLOYEES.name())
                ? stepUps.valid(entry.actorId(), clock.instant()).orElse(null)
                : null;
        return entry.wire(stepUp);
    }

    /**
     * Stores the server's answer to a batch in one transaction: applied mutations leave the queue
     * and join their record's server state, refused ones go to the failed queue, one that lost its
     * password confirmation waits for a new one, an unanswered one stays queued.
     */
    private void recordResults(List<OutboxEntry> batch, Map<String, PushResult> results, PushResponse response) {
        Instant now = clock.instant();
        Set<String> changed = new HashSet<>();
        Hlc seen = serverClock.receive(response.serverHlc());
        db.serverStateTransaction(tx -> {
            ServerClock.keepHighWater(tx, seen);
            // Before the acknowledgements: their sequences belong to the server's history now.
            Set<String> requeued = ServerHistoryCheck.follow(tx, response.epoch(), response.cursor(), now);
            if (requeued != null) {
                changed.addAll(requeued);
            }
            Outbox.forgetAcknowledgedBefore(tx, now.minus(keepAcknowledged));
            if (Acknowledgements.wholeBatch(tx, batch, results, now, keepsAcknowledged())) {
                batch.forEach(entry -> changed.add(entry.entity() + "/" + entry.recordId()));
                return null;
            }
            Set<String> waiting = HealingWait.waitingGroups(tx, batch, results, now, keepAcknowledged);
            Set<String> olderServer = ServerUpdateWaits.tooNew(batch, results, transport.serverProtocol());
            for (OutboxEntry entry : batch) {
                PushResult result = results.get(entry.mutationId());
                if (result == null) {
                    continue; // not answered: it stays queued and goes again
                }
                if (olderServer.contains(entry.mutationId())) {
                    ServerUpdateWaits.waitFor(tx, entry, result, now); // refused as unknown by an older server
                    changed.add(entry.entity() + "/" + entry.recordId());
                    continue;
                }
                if (entry.groupId() != null && waiting.contains(entry.groupId())) {
                    Outbox.retryAsNew(
                            tx,
                            entry.mutationId(),
                            "the server was restored and lacks a record this change's group needs; waiting for"
                                    + " the shop to heal",
                            now,
                            now.plus(RETRY_WHILE_HEALING));
                    continue;
                }
                if (requeued != null && result.outcome() != MutationStatus.APPLIED) {
                    // Refused by a server that turns out to have been restored: perhaps for what the
                    // restore lost (the record it edits), which the changes just queued again bring
                    // back. It goes again after them.
                    Outbox.retryAsNew(
                            tx,
                            entry.mutationId(),
                            "the server was restored; this change goes again after what it lost",
                            now,
                            now);
                    continue;
                }
                recordResult(tx, entry, result, now);
                changed.add(entry.entity() + "/" + entry.recordId());
            }
            return null;
        });
        if (!changed.isEmpty()) {
            listener.recordsChanged(changed);
        }
    }

    /** Whether acknowledged changes are kept at all (a zero window keeps none). */
    private boolean keepsAcknowledged() {
        return !keepAcknowledged.isZero();
    }

    private void recordResult(LocalDatabase.Tx tx, OutboxEntry entry, PushResult result, Instant now)
            throws java.sql.SQLException {
        if (result.outcome() == MutationStatus.APPLIED) {
            Acknowledgements.one(tx, entry, result, now, keepsAcknowledged());
        } else if (result.code() == ErrorCode.FILE_MISSING && waitsForFile(tx, entry, result)) {
            // The server lacks a file the record names (its upload had not finished): the change
            // waits for the upload and then goes again.
            FileWaits.waitAgain(tx, entry.mutationId(), fileNamed(entry, result));
            Outbox.retryAsNew(tx, entry.mutationId(), "waiting for its file to upload: " + result.message(), now, now);
        } else if (result.code() == ErrorCode.NOT_YET_KNOWN) {
            ServerUpdateWaits.waitFor(tx, entry, result, now); // never failed; other changes keep flowing
        } else if (result.code() == null || result.code().retriable() && result.code() != ErrorCode.FILE_MISSING) {
            // A refusal this version cannot read (a newer server's code): not final. It stays
            // queued and goes again later, never to the failed queue.
            Outbox.retryAsNew(
                    tx,
                    entry.mutationId(),
                    "the server refused this change for a reason this version does not know (" + result.message()
                            + "); it stays queued and goes again later",
                    now,
                    now.plus(RETRY_UNKNOWN_REFUSAL));
        } else if (result.code() == ErrorCode.REAUTHENTICATION_REQUIRED) {
            // The confirmation lapsed before the change went out: it waits for a new one, never the
            // failed queue.
            Outbox.awaitConfirmation(tx, entry.mutationId(), result.message(), now);
        } else if (HealingWait.applies(tx, entry, result, now, keepAcknowledged)) {
            // The server lost, in a restore, a record this change edits or names; the device that
            // made it sends it again (see HealingWait).
            Outbox.retryAsNew(
                    tx,
                    entry.mutationId(),
                    "the server was restored and lacks a record this change needs; waiting for the shop to heal ("
                            + result.message() + ")",
                    now,
                    now.plus(RETRY_WHILE_HEALING));
        } else {
            Outbox.markFailed(
                    tx,
                    entry.mutationId(),
                    result.code() == null ? "unknown" : result.code().wireName(),
                    result.message(),
                    result.field(),
                    now);
            Records.rebase(tx, entry.entity(), entry.recordId(), now);
        }
    }

    /** Whether this device holds the file the refusal names, so it can upload it (again). */
    private static boolean waitsForFile(LocalDatabase.Tx tx, OutboxEntry entry, PushResult result)
            throws java.sql.SQLException {
        String hash = fileNamed(entry, result);
        return hash != null
                && LocalFiles.find(tx, hash).filter(LocalFiles.Row::stored).isPresent();
    }

    private static String fileNamed(OutboxEntry entry, PushResult result) {
        if (result.field() == null || entry.fields() == null) {
            return null;
        }
        com.fasterxml.jackson.databind.JsonNode value = entry.fields().get(result.field());
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    /** A request's answer, or the exception it failed with, as if it were called here. */
    private static <T> T await(CompletableFuture<T> answer) {
        try {
            return answer.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
