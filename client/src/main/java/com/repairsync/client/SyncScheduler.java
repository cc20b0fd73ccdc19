package com.repairsync.client;

import com.repairsync.client.internal.LocalDatabase;
import com.repairsync.client.internal.Outbox;
import com.repairsync.client.internal.StepUps;
import com.repairsync.client.internal.SyncEngine;
import com.repairsync.client.transport.OfflineException;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.client.transport.TransportException;
import com.repairsync.client.transport.UntrustedCertificateException;
import com.repairsync.protocol.HlcClock;
import com.repairsync.protocol.NamedThreads;
import com.repairsync.protocol.PullResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the device syncs: on request (the app waits), after writes and announcements (requests made
 * while one is queued collapse into it), and when the earliest mutation waiting for a retry is due.
 * Every sync runs on the device's one worker thread, so syncs never overlap.
 */
final class SyncScheduler {
    private static final Logger log = LoggerFactory.getLogger(RepairSyncDevice.class);

    private final LocalDatabase db;
    private final DeviceOptions options;
    private final SyncEngine engine;
    /** The device's one worker thread: syncs, socket work and sign-out run on it in turn. */
    private final ScheduledExecutorService worker =
            Executors.newSingleThreadScheduledExecutor(NamedThreads.daemon("repairsync-sync"));

    private final LiveState live;
    private final DeviceListeners listeners;
    /** Called on the worker when the server cannot be reached: watch for it to come back. */
    private final Runnable offline;
    /** Called on the worker after a sync succeeded. */
    private final Runnable synced;

    /** Tells the server how this device's sync stands, after syncs and as a heartbeat. */
    private final HealthReporter health;

    private final AtomicBoolean syncQueued = new AtomicBoolean();
    private ScheduledFuture<?> retryTimer;
    private ScheduledFuture<?> heartbeat;

    SyncScheduler(
            LocalDatabase db,
            DeviceOptions options,
            SyncEngine engine,
            LiveState live,
            DeviceListeners listeners,
            Runnable offline,
            Runnable synced,
            SyncTransport transport) {
        this.db = db;
        this.health = new HealthReporter(db, transport, options.clock(), options.app(), live);
        this.options = options;
        this.engine = engine;
        this.live = live;
        this.listeners = listeners;
        this.offline = offline;
        this.synced = synced;
    }

    /** The engine of a device: its options, and progress and changed records told to the app. */
    static SyncEngine engine(
            LocalDatabase db,
            SyncTransport transport,
            DeviceOptions options,
            Supplier<HlcClock> hlc,
            StepUps stepUps,
            LiveState live,
            DeviceListeners listeners) {
        return new SyncEngine(
                db,
                transport,
                options.clock(),
                hlc,
                options.retry(),
                options.random(),
                options.batchSize(),
                options.pageSize(),
                new SyncEngine.PullFilter(options.entities(), options.appointmentsFrom(), options.appointmentsTo()),
                new SyncEngine.Listener() {
                    @Override
                    public void progress(double fraction) {
                        live.progress = fraction;
                        listeners.publishState();
                    }

                    @Override
                    public void pushed() {
                        live.lastPushAt = options.clock().instant();
                        listeners.publishState();
                    }

                    @Override
                    public void recordsChanged(Set<String> keys) {
                        listeners.recordsChanged(keys);
                    }
                },
                stepUps,
                options.keepAcknowledged());
    }

    /** Starts the health heartbeat on the worker (background sync only). */
    synchronized void startHeartbeat() {
        if (!options.autoSync() || heartbeat != null) {
            return;
        }
        long every = HealthReporter.HEARTBEAT.toMillis();
        heartbeat = worker.scheduleWithFixedDelay(
                () -> {
                    try {
                        health.heartbeat();
                    } catch (RuntimeException e) {
                        log.warn("health heartbeat failed", e);
                    }
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
    }

    /** The worker thread, for the device's other background work. */
    ScheduledExecutorService worker() {
        return worker;
    }

    /** Stops the worker, waiting a few seconds for a running sync to end. */
    void stop() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Pushes and pulls now (after forgetting the cursor if {@code full}), on the worker, and waits. */
    void syncNow(boolean full) {
        onWorker(() -> runSync(full));
    }

    /** Runs {@code task} on the worker, after whatever is queued there, and waits for it. */
    void onWorker(Runnable task) {
        await(worker.submit(task));
    }

    /** Runs {@code task} on the worker, after whatever is queued there, and returns its answer. */
    <T> T onWorker(Callable<T> task) {
        return await(worker.submit(task));
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OfflineException("interrupted while syncing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Runs on the worker thread. */
    private void runSync(boolean full) {
        live.syncing = true;
        live.progress = 0;
        listeners.publishState();
        try {
            if (full) {
                engine.resync();
            } else {
                engine.sync();
            }
            live.online = true;
            live.lastError = null;
            live.lastPullAt = options.clock().instant();
            synced.run();
            health.afterSync();
        } catch (UntrustedCertificateException e) {
            wentOffline("server certificate refused: " + e.getMessage());
            throw e;
        } catch (OfflineException e) {
            wentOffline("offline: " + e.getMessage());
            throw e;
        } catch (TransportException e) {
            live.lastError = e.getMessage();
            health.afterSync(); // the server answered: the console should see what this device holds
            throw e;
        } catch (RuntimeException e) {
            live.lastError = e.getMessage();
            log.warn("sync failed", e);
            throw e;
        } finally {
            live.syncing = false;
            live.progress = 1.0;
            scheduleDueRetry();
            listeners.publishState();
        }
    }

    private void wentOffline(String why) {
        live.online = false;
        live.lastError = why;
        offline.run();
    }

    /**
     * Stores changes the realtime socket carried, on the worker (after any sync queued before it);
     * a device that cannot use them, or finds its cursor moved meanwhile, syncs as for a cursor.
     */
    void applyCarried(long fromCursor, PullResponse changes) {
        if (live.closed || !options.autoSync()) {
            return;
        }
        try {
            worker.execute(() -> {
                try {
                    if (engine.applyCarried(fromCursor, changes) == SyncEngine.Carried.PULL) {
                        requestSync();
                    }
                } catch (RuntimeException e) {
                    log.debug("carried changes not stored ({}); pulling instead", e.getMessage());
                    requestSync();
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            // closing: the next start pulls
        }
    }

    /**
     * Asks the worker for a sync. Requests made while one is queued collapse into it; a request
     * made while a sync runs queues the next one, so no change announced meanwhile is missed.
     */
    void requestSync() {
        if (live.closed || !options.autoSync() || !syncQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            worker.execute(() -> {
                syncQueued.set(false);
                try {
                    runSync(false);
                } catch (RuntimeException e) {
                    log.debug("background sync did not finish: {}", e.getMessage());
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            syncQueued.set(false);
        }
    }

    /** Asks for a sync after a delay (the next retry); a later timer replaces an earlier one only if sooner. */
    private synchronized void requestSyncIn(Duration delay) {
        if (live.closed || !options.autoSync()) {
            return;
        }
        if (retryTimer != null && !retryTimer.isDone()) {
            if (retryTimer.getDelay(TimeUnit.MILLISECONDS) <= delay.toMillis()) {
                return;
            }
            retryTimer.cancel(false);
        }
        retryTimer = worker.schedule(this::requestSync, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** After a sync, wakes up again when the earliest mutation waiting for a retry is due. */
    private void scheduleDueRetry() {
        if (!live.online || live.closed) {
            return;
        }
        Instant now = options.clock().instant();
        Instant due = db.transaction(tx -> Outbox.nextRetryAfter(tx, now));
        if (due != null) {
            requestSyncIn(Duration.between(now, due));
        }
    }
}
