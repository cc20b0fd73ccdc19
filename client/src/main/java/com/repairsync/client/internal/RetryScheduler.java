package com.repairsync.client.internal;

import com.repairsync.client.RetryPolicy;
import com.repairsync.client.transport.RequestRejectedException;
import com.repairsync.client.transport.ServerBusyException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Decides what becomes of a batch the server did not apply: a busy server spends one attempt of
 * every mutation in it and schedules the next by the {@link RetryPolicy}, and after the last
 * attempt a mutation goes to the failed queue; a refused batch goes there at once. Either way a
 * failed record's view falls back to the server's version plus what is still queued.
 */
final class RetryScheduler {
    private final LocalDatabase db;
    private final Clock clock;
    private final RetryPolicy retry;
    private final RandomGenerator random;
    private final Consumer<Set<String>> recordsChanged;

    RetryScheduler(
            LocalDatabase db,
            Clock clock,
            RetryPolicy retry,
            RandomGenerator random,
            Consumer<Set<String>> recordsChanged) {
        this.db = db;
        this.clock = clock;
        this.retry = retry;
        this.random = random;
        this.recordsChanged = recordsChanged;
    }

    /** The server was busy: one attempt spent per mutation, the next one scheduled or the mutation failed. */
    void spendAttempt(List<OutboxEntry> batch, ServerBusyException busy) {
        Instant now = clock.instant();
        Set<String> changed = new HashSet<>();
        db.transaction(tx -> {
            for (OutboxEntry entry : batch) {
                int attempts = entry.attempts() + 1;
                if (retry.exhausted(attempts)) {
                    Outbox.markAttempt(tx, entry.mutationId(), busy.getMessage(), now, now);
                    Outbox.markFailed(
                            tx,
                            entry.mutationId(),
                            "unavailable",
                            "server kept failing (" + busy.getMessage() + ") after " + attempts + " attempts",
                            null,
                            now);
                    Records.rebase(tx, entry.entity(), entry.recordId(), now);
                    changed.add(entry.entity() + "/" + entry.recordId());
                } else {
                    Duration wait = retry.delay(attempts, random, busy.retryAfter());
                    Outbox.markAttempt(tx, entry.mutationId(), busy.getMessage(), now, now.plus(wait));
                }
            }
            return null;
        });
        notify(changed);
    }

    /** The server refused the whole batch: every mutation goes to the failed queue with the reason. */
    void failAll(List<OutboxEntry> batch, RequestRejectedException refused) {
        Instant now = clock.instant();
        Set<String> changed = new HashSet<>();
        db.transaction(tx -> {
            for (OutboxEntry entry : batch) {
                Outbox.markFailed(
                        tx, entry.mutationId(), refused.code().wireName(), refused.getMessage(), refused.field(), now);
                Records.rebase(tx, entry.entity(), entry.recordId(), now);
                changed.add(entry.entity() + "/" + entry.recordId());
            }
            return null;
        });
        notify(changed);
    }

    private void notify(Set<String> changed) {
        if (!changed.isEmpty()) {
            recordsChanged.accept(changed);
        }
    }
}
