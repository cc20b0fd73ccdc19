package com.repairsync.server.console;

import com.repairsync.protocol.MutationStatus;
import com.repairsync.protocol.NamedThreads;
import com.repairsync.protocol.PushResponse;
import com.repairsync.protocol.PushResult;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.store.CounterRow;
import com.repairsync.server.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts each shop's sync by the hour: pushes and their mutations' outcomes (rejections by code and
 * device), pulls, push and pull latency, realtime deliveries, and the failed-queue lengths devices
 * report. Counts gather in memory and are added to the stored hour every {@link #FLUSH_EVERY}, so
 * a push never waits for analytics, and every node of a cluster adds its own. A crash loses at
 * most that long of counts (analytics, never a record). Stored hours older than {@link #KEEP} are
 * deleted.
 */
public final class SyncAnalytics implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SyncAnalytics.class);

    public static final Duration FLUSH_EVERY = Duration.ofSeconds(10);
    /** How long hourly counts are kept. */
    public static final Duration KEEP = Duration.ofDays(14);
    /** Most distinct counters held between flushes; more are dropped (and logged) until the next flush. */
    static final int MAX_PENDING = 100_000;

    /** Counter names; {@code rejected.<code>}, {@code push.ms.<bucket>} and {@code pull.ms.<bucket>} too. */
    static final String PUSHES = "pushes";

    static final String PULLS = "pulls";
    static final String MUTATIONS = "mutations";
    static final String APPLIED = "mutations.applied";
    static final String DUPLICATE = "mutations.duplicate";
    static final String REJECTED = "mutations.rejected";
    static final String REJECTED_CODE = "rejected.";
    static final String PUSH_MS = "push.ms.";
    static final String PULL_MS = "pull.ms.";
    static final String DELIVERED = "realtime.delivered";
    static final String FAILED_QUEUE = "failed.queue";
    /** The device id of counters of the shop as a whole. */
    static final String SHOP = "";

    private record Key(String shopId, Instant hour, String deviceId, String name) {}

    private final Store store;
    private final Clock clock;
    private final ConcurrentHashMap<Key, Long> added = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, Long> gauges = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    /** The hour up to which each shop's old counters were last deleted. */
    private final Map<String, Instant> prunedBefore = new ConcurrentHashMap<>();

    private final ScheduledExecutorService flusher;

    private SyncAnalytics(Store store, Clock clock, ScheduledExecutorService flusher) {
        this.store = store;
        this.clock = clock;
        this.flusher = flusher;
    }

    /** Analytics that store their counts every {@link #FLUSH_EVERY} on a thread of their own. */
    public static SyncAnalytics start(Store store, Clock clock) {
        ScheduledExecutorService flusher =
                Executors.newSingleThreadScheduledExecutor(NamedThreads.daemon("repairsync-analytics"));
        SyncAnalytics analytics = new SyncAnalytics(store, clock, flusher);
        long every = FLUSH_EVERY.toMillis();
        flusher.scheduleWithFixedDelay(analytics::flushQuietly, every, every, TimeUnit.MILLISECONDS);
        return analytics;
    }

    /** A push the server answered: the batch, its mutations' outcomes, and how long it took. */
    public void pushed(Principal principal, PushResponse answer, Duration elapsed) {
        Instant hour = hour();
        String shop = principal.shopId();
        String device = principal.deviceId();
        add(new Key(shop, hour, device, PUSHES), 1);
        add(new Key(shop, hour, SHOP, PUSH_MS + LatencyBuckets.bucket(elapsed)), 1);
        Map<String, Long> counts = new HashMap<>();
        for (PushResult result : answer.results()) {
            counts.merge(MUTATIONS, 1L, Long::sum);
            counts.merge(outcomeName(result.status()), 1L, Long::sum);
            if (result.status() == MutationStatus.REJECTED && result.code() != null) {
                counts.merge(REJECTED_CODE + result.code().wireName(), 1L, Long::sum);
            }
        }
        counts.forEach((name, count) -> add(new Key(shop, hour, device, name), count));
    }

    private static String outcomeName(MutationStatus status) {
        return switch (status) {
            case APPLIED -> APPLIED;
            case DUPLICATE -> DUPLICATE;
            case REJECTED -> REJECTED;
        };
    }

    /** A pull the server answered (a page, or a stream of pages), and how long it took. */
    public void pulled(Principal principal, Duration elapsed) {
        Instant hour = hour();
        add(new Key(principal.shopId(), hour, principal.deviceId(), PULLS), 1);
        add(new Key(principal.shopId(), hour, SHOP, PULL_MS + LatencyBuckets.bucket(elapsed)), 1);
    }

    /** A commit announced to {@code sockets} of the shop's open realtime sockets on this node. */
    public void delivered(String shopId, int sockets) {
        if (sockets > 0) {
            add(new Key(shopId, hour(), SHOP, DELIVERED), sockets);
        }
    }

    /** The failed-queue length a device reported; the hour keeps the last one. */
    public void failedQueue(String shopId, String deviceId, int failed) {
        Key key = new Key(shopId, hour(), deviceId, FAILED_QUEUE);
        if (gauges.size() < MAX_PENDING || gauges.containsKey(key)) {
            gauges.put(key, (long) failed);
        } else {
            dropped.incrementAndGet();
        }
    }

    private void add(Key key, long count) {
        if (added.size() < MAX_PENDING || added.containsKey(key)) {
            added.merge(key, count, Long::sum);
        } else {
            dropped.incrementAndGet();
        }
    }

    private Instant hour() {
        return clock.instant().truncatedTo(ChronoUnit.HOURS);
    }

    /**
     * Adds the counts gathered so far to the stored hours, shop by shop, and deletes each shop's
     * hours past {@link #KEEP} once per hour. Counts a failed write could not store are gathered
     * again for the next flush.
     */
    public synchronized void flush() {
        Map<String, List<CounterRow>> adds = drain(added);
        Map<String, List<CounterRow>> sets = drain(gauges);
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            log.warn("analytics: {} counts dropped: more than {} counters waited for one flush", lost, MAX_PENDING);
        }
        Instant keepFrom = hour().minus(KEEP);
        java.util.Set<String> shops = new java.util.HashSet<>(adds.keySet());
        shops.addAll(sets.keySet());
        RuntimeException failure = null;
        for (String shopId : shops) {
            List<CounterRow> toAdd = adds.getOrDefault(shopId, List.of());
            List<CounterRow> toSet = sets.getOrDefault(shopId, List.of());
            boolean prune = !keepFrom.equals(prunedBefore.get(shopId));
            try {
                store.write(tx -> {
                    tx.saveCounters(shopId, toAdd, true);
                    tx.saveCounters(shopId, toSet, false);
                    if (prune) {
                        tx.deleteCountersBefore(shopId, keepFrom);
                    }
                    return null;
                });
                if (prune) {
                    prunedBefore.put(shopId, keepFrom);
                }
            } catch (RuntimeException e) {
                toAdd.forEach(row -> add(new Key(shopId, row.hour(), row.deviceId(), row.name()), row.value()));
                toSet.forEach(row ->
                        gauges.putIfAbsent(new Key(shopId, row.hour(), row.deviceId(), row.name()), row.value()));
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("analytics: counts not stored, kept for the next try: {}", e.toString());
        }
    }

    /** Takes every gathered count out of {@code counts}, by shop; a count added meanwhile stays for the next. */
    private static Map<String, List<CounterRow>> drain(ConcurrentHashMap<Key, Long> counts) {
        Map<String, List<CounterRow>> byShop = new HashMap<>();
        for (Key key : counts.keySet()) {
            Long value = counts.remove(key);
            if (value != null) {
                byShop.computeIfAbsent(key.shopId(), shop -> new ArrayList<>())
                        .add(new CounterRow(key.hour(), key.deviceId(), key.name(), value));
            }
        }
        return byShop;
    }

    /** Stores what is gathered and stops the flushing thread. */
    @Override
    public void close() {
        flusher.shutdownNow();
        try {
            flusher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushQuietly();
    }
}
