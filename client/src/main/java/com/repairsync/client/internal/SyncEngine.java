package com.repairsync.client.internal;

import com.repairsync.client.RetryPolicy;
import com.repairsync.client.transport.OfflineException;
import com.repairsync.client.transport.ServerBusyException;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.client.transport.UnauthorizedException;
import com.repairsync.protocol.HlcClock;
import com.repairsync.protocol.PullResponse;
import com.repairsync.protocol.WireInstant;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * One device's sync: push the outbox in batches and record each mutation's result ({@link
 * Pusher}), then pull pages after the stored cursor, each page and its cursor in one local
 * transaction ({@link PullApplier}); then, on a manager's device, the recent history to read offline
 * ({@link HistoryFeedSync}).
 *
 * <p>Errors by type: offline spends no attempt and stops the cycle; a busy server spends one
 * attempt of every mutation in the batch and schedules the next by the {@link RetryPolicy}; after
 * the last attempt a mutation goes to the failed queue ({@link RetryScheduler}). A rejected
 * mutation goes there at once. The transport brings its own tokens. Not thread-safe: one worker
 * runs it.
 */
public final class SyncEngine {
    private final LocalDatabase db;
    private final Clock clock;
    private final Pusher pusher;
    private final PullApplier puller;
    private final HistoryFeedSync history;

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

    /** What became of changes a realtime message carried. */
    public enum Carried {
        /** Stored: the device was at the cursor they start from. */
        STORED,
        /** Nothing to do: the device already has them. */
        KNOWN,
        /** The device must pull: it is elsewhere in the sequence, or narrows what it downloads. */
        PULL
    }

    /** How long acknowledged changes are kept unless the device's options say otherwise (DeviceOptions' default). */
    public static final java.time.Duration KEEP_ACKNOWLEDGED = java.time.Duration.ofDays(14);

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
        this(
                db,
                transport,
                clock,
                hlc,
                retry,
                random,
                batchSize,
                pageSize,
                filter,
                listener,
                new StepUps(),
                KEEP_ACKNOWLEDGED);
    }

    /**
     * An engine that sends the password confirmations in {@code stepUps} with their actors'
     * mutations and keeps acknowledged changes for {@code keepAcknowledged} (see {@link
     * ServerHistoryCheck}).
     */
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
            StepUps stepUps,
            java.time.Duration keepAcknowledged) {
        this.db = db;
        this.clock = clock;
        ServerClock serverClock = new ServerClock(hlc);
        RetryScheduler retries = new RetryScheduler(db, clock, retry, random, listener::recordsChanged);
        this.pusher =
                new Pusher(db, transport, clock, batchSize, stepUps, serverClock, retries, listener, keepAcknowledged);
        this.puller = new PullApplier(db, transport, clock, pageSize, filter, serverClock, listener);
        this.history = new HistoryFeedSync(db, transport, clock);
    }

    /**
     * Pushes every due mutation, then pulls everything new.
     *
     * @throws OfflineException if the server cannot be reached (nothing is counted against any mutation)
     * @throws ServerBusyException if the server keeps failing; attempts were recorded
     * @throws UnauthorizedException if the device must sign in again
     */
    public void sync() {
        pusher.push();
        if (puller.pull()) {
            pusher.push(); // the changes a restored server lost, queued again on the way
            puller.pull();
        }
        Instant now = clock.instant();
        db.serverStateTransaction(tx -> {
            DeviceInfo.put(tx, DeviceInfo.LAST_SYNC_AT, WireInstant.format(now));
            return null;
        });
        history.afterSync(); // a manager's device keeps the shop's recent history to read offline
    }

    /** Forgets the cursor and pulls everything again (a full sync). */
    public void resync() {
        db.transaction(tx -> {
            DeviceInfo.put(tx, DeviceInfo.CURSOR, "0");
            return null;
        });
        sync();
    }

    /**
     * Stores changes a realtime message carried, as the next pull page, if this device's cursor is
     * the one they start from and its download filter needs no server: the same transaction checks
     * the cursor, stores them and moves it, so no change is skipped or stored twice.
     */
    public Carried applyCarried(long fromCursor, PullResponse changes) {
        return puller.applyCarried(fromCursor, changes);
    }
}
