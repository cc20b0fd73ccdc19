package com.repairsync.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.client.RetryPolicy;
import com.repairsync.client.transport.OfflineException;
import com.repairsync.client.transport.RequestRejectedException;
import com.repairsync.client.transport.ServerBusyException;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.client.transport.UnauthorizedException;
import com.repairsync.protocol.Change;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.Hlc;
import com.repairsync.protocol.HlcClock;
import com.repairsync.protocol.Mutation;
import com.repairsync.protocol.MutationStatus;
import com.repairsync.protocol.PullResponse;
import com.repairsync.protocol.PushRequest;
import com.repairsync.protocol.PushResponse;
import com.repairsync.protocol.PushResult;
import com.repairsync.protocol.WireInstant;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.Schema;
import java.sql.SQLException;
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
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * One device's sync: push the outbox in batches, record each mutation's result, then pull pages
 * after the stored cursor, each page and its cursor in one local transaction.
 *
 * <p>Errors by type: offline spends no attempt and stops the cycle; a busy server spends one
 * attempt of every mutation in the batch and schedules the next by the {@link RetryPolicy}; after
 * the last attempt a mutation goes to the failed queue. A rejected mutation goes there at once.
 * Not thread-safe: one worker runs it.
 */
public final class SyncEngine {
    /** Pages one pull stream may carry; the device asks again while the last one says there are more. */
    static final int PAGES_PER_STREAM = 100;

    /** Runs the next push request while the device stores the last answer; idle threads end after a minute. */
    private static final ExecutorService PREFETCH = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "repairsync-sync-ahead");
        thread.setDaemon(true);
        return thread;
    });

    private final LocalDatabase db;
    private final SyncTransport transport;
    private final Clock clock;
    private final Supplier<HlcClock> hlc;
    private final RetryPolicy retry;
    private final RandomGenerator random;
    private final int batchSize;
    private final int pageSize;
    private final PullFilter filter;
    private final Listener listener;

    /** What a device narrows its download to; null members mean everything. */
    public record PullFilter(List<String> entities, Instant appointmentsFrom, Instant appointmentsTo) {
        public static final PullFilter ALL = new PullFilter(List.of(), null, null);
    }

    /** Told as the engine makes progress, to update the sync state and notify the app. */
    public interface Listener {
        void progress(double fraction);

        /** A push batch was answered; the queue is shorter. */
        void pushed();

        void recordsChanged(Set<String> entityAndIds);
    }

    private final StepUps stepUps;

    public SyncEngine(
            LocalDatabase db,
            SyncTransport transport,
            Clock clock,
            Supplier<HlcClock> hlc,
            RetryPolicy retry,
            RandomGenerator random,
            int batchSize,
            int pageSize,
            PullFilter filter,
            Listener listener) {
        this(db, transport, clock, hlc, retry, random, batchSize, pageSize, filter, listener, new StepUps());
    }

    /** An engine that sends the password confirmations in {@code stepUps} with their actors' mutations. */
    public SyncEngine(
            LocalDatabase db,
            SyncTransport transport,
            Clock clock,
            Supplier<HlcClock> hlc,
            RetryPolicy retry,
            RandomGenerator random,
            int batchSize,
            int pageSize,
            PullFilter filter,
            Listener listener,
            StepUps stepUps) {
        this.stepUps = stepUps;
        this.db = db;
        this.transport = transport;
        this.clock = clock;
        this.hlc = hlc;
        this.retry = retry;
        this.random = random;
        this.batchSize = batchSize;
        this.pageSize = pageSize;
        this.filter = filter;
        this.listener = listener;
    }

    /**
     * Pushes every due mutation, then pulls everything new.
     *
     * @throws OfflineException if the server cannot be reached (nothing is counted against any mutation)
     * @throws ServerBusyException if the server keeps failing; attempts were recorded
     * @throws UnauthorizedException if the device must sign in again
     */
    public void sync() {
        push();
        pull();
        Instant now = clock.instant();
        db.serverStateTransaction(tx -> {
            DeviceInfo.put(tx, DeviceInfo.LAST_SYNC_AT, WireInstant.format(now));
            return null;
        });
    }

    /** Forgets the cursor and pulls everything again (a full sync). */
    public void resync() {
        db.transaction(tx -> {
            DeviceInfo.put(tx, DeviceInfo.CURSOR, "0");
            return null;
        });
        sync();
    }

    // ------------------------------------------------------------------ push

    /**
     * Pushes batch after batch. When the server applied every mutation of a batch, the next batch
     * goes out at once and this one's acknowledgement is stored while it is in flight; then the
     * batch after it is chosen, as if the one in flight had left the queue, so it is ready when the
     * answer comes. The device's work and the server's overlap. At most one request is in flight,
     * and a batch goes only after the one before it was answered, so the server still applies them
     * in order. A batch with a refused or unanswered mutation is acknowledged first and the batch
     * chosen ahead is dropped, because that decides what may go next. If the device stops in
     * between, the unacknowledged batch goes again and the server answers it as duplicates.
     *
     * <p>Choosing ahead is safe because only this loop changes queued entries (failing or retrying
     * them); a write made meanwhile joins a later batch.
     *
     * <p>Batches start small and grow while answers are quick, up to {@code batchSize} ({@link
     * PushBatchSize}). A batch the server refuses as too large goes again in smaller batches; only
     * a batch that cannot be split further (one mutation, or one group) is marked failed.
     */
    private void push() {
        Set<String> sent = new HashSet<>();
        PushBatchSize size = new PushBatchSize(batchSize);
        int refusedAsTooLarge = Integer.MAX_VALUE; // the smallest batch refused so: a retry must be smaller
        String deviceId =
                db.transaction(tx -> DeviceInfo.get(tx, DeviceInfo.DEVICE_ID).orElseThrow());
        List<OutboxEntry> batch = nextBatch(sent, Set.of(), size);
        CompletableFuture<PushResponse> answer = batch.isEmpty() ? null : send(deviceId, batch, sent, size);
        List<OutboxEntry> ahead = null; // chosen while the batch was in flight, if it is all applied
        while (answer != null) {
            PushResponse response;
            try {
                response = await(answer);
            } catch (ServerBusyException busy) {
                spendAttempt(batch, busy);
                throw busy;
            } catch (RequestRejectedException refused) {
                ahead = null;
                if (refused.code() == ErrorCode.PAYLOAD_TOO_LARGE && batch.size() < refusedAsTooLarge) {
                    refusedAsTooLarge = batch.size();
                    size.refusedAsTooLarge(batch.size());
                    sent.removeAll(mutationIds(batch));
                    List<OutboxEntry> smaller = nextBatch(sent, Set.of(), size);
                    if (!smaller.isEmpty() && smaller.size() < batch.size()) {
                        batch = smaller;
                        answer = send(deviceId, batch, sent, size);
                        continue;
                    }
                }
                failAll(batch, refused);
                batch = nextBatch(sent, Set.of(), size);
                answer = batch.isEmpty() ? null : send(deviceId, batch, sent, size);
                continue;
            }
            Map<String, PushResult> results = byMutationId(response);
            List<OutboxEntry> next = List.of();
            CompletableFuture<PushResponse> nextAnswer = null;
            if (allApplied(batch, results)) {
                next = ahead != null ? ahead : nextBatch(sent, mutationIds(batch), size);
                nextAnswer = next.isEmpty() ? null : send(deviceId, next, sent, size);
            }
            ahead = null;
            try {
                recordResults(batch, results, response.serverHlc());
                if (nextAnswer != null) {
                    ahead = nextBatch(sent, mutationIds(next), size);
                }
            } catch (RuntimeException | Error e) {
                if (nextAnswer != null) {
                    nextAnswer.cancel(false); // if it arrived, it goes again and is answered as duplicates
                }
                throw e;
            }
            listener.pushed();
            if (nextAnswer == null) {
                next = nextBatch(sent, Set.of(), size);
                nextAnswer = next.isEmpty() ? null : send(deviceId, next, sent, size);
            }
            batch = next;
            answer = nextAnswer;
        }
    }

    private static Set<String> mutationIds(List<OutboxEntry> batch) {
        return batch.stream().map(OutboxEntry::mutationId).collect(Collectors.toSet());
    }

    /**
     * The next batch, or none if it would resend a mutation this push sent: one the server left
     * unanswered stays queued for the next sync, not this one.
     */
    private List<OutboxEntry> nextBatch(Set<String> sent, Set<String> appliedAhead, PushBatchSize size) {
        Instant now = clock.instant();
        int limit = size.current();
        List<OutboxEntry> batch = db.transaction(tx -> Outbox.nextBatch(tx, now, limit, appliedAhead));
        for (OutboxEntry entry : batch) {
            if (sent.contains(entry.mutationId())) {
                return List.of();
            }
        }
        return batch;
    }

    /**
     * Sends a batch beside the caller, which reads the answer with {@link #await}; how long the
     * answer took sizes the next batches.
     */
    private CompletableFuture<PushResponse> send(
            String deviceId, List<OutboxEntry> batch, Set<String> sent, PushBatchSize size) {
        batch.forEach(entry -> sent.add(entry.mutationId()));
        PushRequest request =
                new PushRequest(deviceId, batch.stream().map(this::mutation).toList());
        String token = accessToken();
        return CompletableFuture.supplyAsync(
                () -> {
                    Instant start = clock.instant();
                    PushResponse response = authorized(token, t -> transport.push(t, request));
                    size.answered(batch.size(), Duration.between(start, clock.instant()));
                    return response;
                },
                PREFETCH);
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
        return new Mutation(
                entry.mutationId(),
                entry.entity(),
                entry.recordId(),
                entry.op().wireName(),
                entry.fields(),
                entry.deltas(),
                entry.hlc(),
                entry.actorId(),
                entry.groupId(),
                stepUp);
    }

    private void spendAttempt(List<OutboxEntry> batch, ServerBusyException busy) {
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
        notifyRecords(changed);
    }

    private void failAll(List<OutboxEntry> batch, RequestRejectedException refused) {
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
        notifyRecords(changed);
    }

    private void recordResults(List<OutboxEntry> batch, Map<String, PushResult> results, String serverHlc) {
        Instant now = clock.instant();
        Set<String> changed = new HashSet<>();
        Hlc serverClock = receiveServerClock(serverHlc);
        db.serverStateTransaction(tx -> {
            keepHighWater(tx, serverClock);
            if (Acknowledgements.wholeBatch(tx, batch, results, now)) {
                batch.forEach(entry -> changed.add(entry.entity() + "/" + entry.recordId()));
                return null;
            }
            for (OutboxEntry entry : batch) {
                PushResult result = results.get(entry.mutationId());
                if (result == null) {
                    continue; // not answered: it stays queued and goes again
                }
                if (result.outcome() == MutationStatus.APPLIED) {
                    Acknowledgements.one(tx, entry, result, now);
                } else if (result.code() == ErrorCode.REAUTHENTICATION_REQUIRED) {
                    // The confirmation lapsed before the change went out: it waits for a new one,
                    // never the failed queue.
                    Outbox.awaitConfirmation(tx, entry.mutationId(), result.message(), now);
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
                changed.add(entry.entity() + "/" + entry.recordId());
            }
            return null;
        });
        notifyRecords(changed);
    }

    // ------------------------------------------------------------------ pull

    /**
     * Pulls everything new in streams of up to {@link #PAGES_PER_STREAM} pages: the server reads the
     * next page while this device stores the last, and each page is stored with the cursor after it
     * in its own transaction, so a stream cut short loses nothing and the next one (or the next
     * sync) goes on from the stored cursor.
     */
    private void pull() {
        long start = db.transaction(DeviceInfo::cursor);
        while (true) {
            // The cursor is read inside the call: a retry after a token refresh goes on from the
            // last page stored, not from where this stream began.
            PullResponse last = authorized(
                    accessToken(),
                    token -> transport.pullPages(
                            token, pullQuery(db.transaction(DeviceInfo::cursor)), PAGES_PER_STREAM, page -> {
                                notifyRecords(applyPage(page));
                                long total = page.latestCursor() - start;
                                listener.progress(
                                        total <= 0 ? 1.0 : Math.min(1.0, (double) (page.cursor() - start) / total));
                            }));
            if (!last.hasMore()) {
                return;
            }
        }
    }

    private SyncTransport.PullQuery pullQuery(long cursor) {
        return new SyncTransport.PullQuery(
                cursor,
                pageSize,
                filter.entities(),
                WireInstant.format(filter.appointmentsFrom()),
                WireInstant.format(filter.appointmentsTo()));
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

    /** What became of changes a realtime message carried. */
    public enum Carried {
        /** Stored: the device was at the cursor they start from. */
        STORED,
        /** Nothing to do: the device already has them. */
        KNOWN,
        /** The device must pull: it is elsewhere in the sequence, or narrows what it downloads. */
        PULL
    }

    /**
     * Stores changes a realtime message carried, as the next pull page, if this device's cursor is
     * the one they start from and its download filter needs no server: the same transaction checks
     * the cursor, stores them and moves it, so no change is skipped or stored twice.
     */
    public Carried applyCarried(long fromCursor, PullResponse changes) {
        if (!filter.entities().isEmpty() || filter.appointmentsFrom() != null || filter.appointmentsTo() != null) {
            return Carried.PULL;
        }
        Instant now = clock.instant();
        Set<String> changed = new HashSet<>();
        Carried outcome = db.serverStateTransaction(tx -> {
            long cursor = DeviceInfo.cursor(tx);
            if (cursor >= changes.cursor()) {
                return Carried.KNOWN;
            }
            if (cursor != fromCursor) {
                return Carried.PULL;
            }
            store(tx, changes, now, changed);
            return Carried.STORED;
        });
        notifyRecords(changed);
        return outcome;
    }

    private Set<String> applyPage(PullResponse page) {
        Instant now = clock.instant();
        Set<String> changed = new HashSet<>();
        db.serverStateTransaction(tx -> {
            store(tx, page, now, changed);
            return null;
        });
        return changed;
    }

    /** Stores a page of changes and moves the cursor past it, inside the caller's transaction. */
    private void store(LocalDatabase.Tx tx, PullResponse page, Instant now, Set<String> changed) throws SQLException {
        keepHighWater(tx, receiveServerClock(page.serverHlc()));
        if (nothingLocal(tx)) { // a fresh or fully synced device: no change of its own to replay or compare
            String stored = WireInstant.format(now);
            for (Change change : page.changes()) {
                EntityType type = Schema.entity(change.entity()).orElseThrow();
                if (Records.storeSynced(
                        tx, type, change.recordId(), change.record(), change.seq(), change.deleted(), stored)) {
                    changed.add(change.entity() + "/" + change.recordId());
                }
            }
            DeviceInfo.put(tx, DeviceInfo.CURSOR, Long.toString(page.cursor()));
            return;
        }
        for (Change change : page.changes()) {
            Records.Base row =
                    Records.findBase(tx, change.entity(), change.recordId()).orElse(null);
            if (row != null && change.seq() < row.seq()) {
                continue; // older than what an acknowledged push already told us
            }
            Records.setBase(
                    tx,
                    change.entity(),
                    change.recordId(),
                    change.record() == null ? null : change.record().tree(),
                    change.seq(),
                    change.deleted(),
                    now);
            recordConflicts(tx, change, now);
            changed.add(change.entity() + "/" + change.recordId());
        }
        DeviceInfo.put(tx, DeviceInfo.CURSOR, Long.toString(page.cursor()));
    }

    /** True when nothing is queued and no acknowledged write waits for its conflict check. */
    private static boolean nothingLocal(LocalDatabase.Tx tx) throws SQLException {
        return tx.queryOne(
                        "SELECT NOT EXISTS (SELECT 1 FROM outbox) AND NOT EXISTS (SELECT 1 FROM lost_writes)",
                        r -> r.getInt(1) == 1)
                .orElse(false);
    }

    private static void recordConflicts(LocalDatabase.Tx tx, Change change, Instant now) throws SQLException {
        List<String[]> lost = tx.query(
                "SELECT field, local_value, actor_id, hlc FROM lost_writes WHERE entity = ? AND record_id = ?",
                r -> new String[] {r.getString(1), r.getString(2), r.getString(3), r.getString(4)},
                change.entity(),
                change.recordId());
        boolean deleted = change.deleted() || change.record() == null;
        ObjectNode winner = deleted || lost.isEmpty() ? null : change.record().tree();
        for (String[] write : lost) {
            JsonNode winning = deleted ? null : winner.get(write[0]);
            Acknowledgements.insertConflict(
                    tx,
                    change.entity(),
                    change.recordId(),
                    write[0],
                    write[1],
                    winning,
                    deleted,
                    write[2],
                    write[3],
                    now);
        }
        tx.update("DELETE FROM lost_writes WHERE entity = ? AND record_id = ?", change.entity(), change.recordId());
    }

    // ------------------------------------------------------------------ tokens and clocks

    /** Calls with the given token, and once more with a refreshed one if it has expired. */
    private <T> T authorized(String token, Function<String, T> call) {
        try {
            return call.apply(token);
        } catch (UnauthorizedException expired) {
            return call.apply(refresh());
        }
    }

    /** Calls the server with the device's access token, refreshed once if it expired. */
    public <T> T withAccessToken(Function<String, T> call) {
        return authorized(accessToken(), call);
    }

    private String accessToken() {
        return db.transaction(tx -> DeviceInfo.get(tx, DeviceInfo.ACCESS_TOKEN)).orElseThrow(this::notSignedIn);
    }

    /**
     * Rotates the token pair; the new pair is stored before it is used. When the server refuses
     * the refresh token the sign-in is over: the device forgets its tokens, remembers why, and
     * makes no more requests until someone joins it again (see {@link #endSignIn}).
     *
     * @throws UnauthorizedException if the sign-in ended
     */
    public String refresh() {
        String refreshToken = db.transaction(tx -> DeviceInfo.get(tx, DeviceInfo.REFRESH_TOKEN))
                .orElseThrow(this::notSignedIn);
        SyncTransport.Session session;
        try {
            session = transport.refresh(refreshToken);
        } catch (UnauthorizedException ended) {
            endSignIn(ended);
            throw ended;
        }
        storeSession(db, session, clock.instant());
        return session.accessToken();
    }

    /** Why the device may not sync: the reason its sign-in ended, or that it never joined. */
    private UnauthorizedException notSignedIn() {
        return signedOutReason(db)
                .map(reason -> new UnauthorizedException(ErrorCode.SESSION_REVOKED, reason))
                .orElseGet(() -> new UnauthorizedException("this device has not joined a shop"));
    }

    /** Why the server ended this device's sign-in, if it did. */
    public static java.util.Optional<String> signedOutReason(LocalDatabase db) {
        return db.transaction(tx -> DeviceInfo.get(tx, DeviceInfo.SIGNED_OUT_REASON));
    }

    /**
     * The server ended the sign-in. The tokens are forgotten (they are useless, and a copy of the
     * database then holds none). The queue stays: after a password reset or a signer's new role
     * it goes out once an admin or manager signs the device in again. A device removed from the
     * shop never syncs again under its id, so its queued changes move to the failed queue with the
     * reason, where a person sees them and nothing is lost.
     */
    private void endSignIn(UnauthorizedException ended) {
        Instant now = clock.instant();
        String reason = ended.code() == ErrorCode.DEVICE_REVOKED
                ? ended.getMessage()
                : "signed out by the server: " + ended.getMessage() + " (an admin or manager must sign this device in"
                        + " again; queued changes wait)";
        Set<String> changed = new HashSet<>();
        db.transaction(tx -> {
            DeviceInfo.put(tx, DeviceInfo.SIGNED_OUT_REASON, reason);
            tx.update(
                    "DELETE FROM device_info WHERE key IN (?, ?, ?)",
                    DeviceInfo.ACCESS_TOKEN,
                    DeviceInfo.REFRESH_TOKEN,
                    DeviceInfo.ACCESS_EXPIRES_AT);
            if (ended.code() == ErrorCode.DEVICE_REVOKED) {
                for (OutboxEntry entry : Outbox.pending(tx)) {
                    Outbox.markFailed(tx, entry.mutationId(), ErrorCode.DEVICE_REVOKED.wireName(), reason, null, now);
                    Records.rebase(tx, entry.entity(), entry.recordId(), now);
                    changed.add(entry.entity() + "/" + entry.recordId());
                }
            }
            return null;
        });
        notifyRecords(changed);
    }

    /** Stores a session's tokens and identity. */
    public static void storeSession(LocalDatabase db, SyncTransport.Session session, Instant now) {
        db.transaction(tx -> {
            tx.update("DELETE FROM device_info WHERE key = ?", DeviceInfo.SIGNED_OUT_REASON);
            DeviceInfo.put(tx, DeviceInfo.ACCESS_TOKEN, session.accessToken());
            DeviceInfo.put(tx, DeviceInfo.REFRESH_TOKEN, session.refreshToken());
            DeviceInfo.put(
                    tx, DeviceInfo.ACCESS_EXPIRES_AT, WireInstant.format(now.plusSeconds(session.expiresInSeconds())));
            DeviceInfo.put(tx, DeviceInfo.SHOP_ID, session.shopId());
            DeviceInfo.put(tx, DeviceInfo.DEVICE_ID, session.deviceId());
            DeviceInfo.put(tx, DeviceInfo.SIGNED_IN_EMPLOYEE, session.employeeId());
            DeviceInfo.put(tx, DeviceInfo.SIGNED_IN_ROLE, session.role());
            return null;
        });
    }

    /**
     * Advances the device's clock past a clock the server reported, and persists the new high-water
     * mark, so an edit made after seeing a value always sorts after it, across restarts too.
     */
    /**
     * Moves this device's HLC past the server's, so its next writes order after everything it has
     * seen; the parsed clock, or null if there was none (a malformed one is no reason to fail a
     * sync that succeeded).
     */
    private Hlc receiveServerClock(String serverHlc) {
        if (serverHlc == null) {
            return null;
        }
        Hlc seen;
        try {
            seen = Hlc.parse(serverHlc);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
        hlc.get().receive(seen);
        return seen;
    }

    /** Stores the HLC high-water mark in the transaction that stores what brought it: kept or lost together. */
    private static void keepHighWater(LocalDatabase.Tx tx, Hlc seen) throws SQLException {
        if (seen == null) {
            return;
        }
        boolean later = DeviceInfo.get(tx, DeviceInfo.HLC_HIGH_WATER)
                .map(stored -> seen.isAfter(Hlc.parse(stored)))
                .orElse(true);
        if (later) {
            DeviceInfo.put(tx, DeviceInfo.HLC_HIGH_WATER, seen.toString());
        }
    }

    private void notifyRecords(Set<String> changed) {
        if (!changed.isEmpty()) {
            listener.recordsChanged(changed);
        }
    }
}
