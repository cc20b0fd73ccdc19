package com.repairsync.server.history;

import com.repairsync.protocol.NamedThreads;
import com.repairsync.server.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prunes every shop's record history older than {@code --history-keep}, in the background: once
 * soon after the start, then every {@link #EVERY}. Each round finds the shops holding such rows a
 * page at a time and deletes them oldest first in bounded steps, each its own short transaction
 * that takes no shop's sequence lock, so a push never waits long behind it. A shop with more than
 * a round's share goes on in the next round.
 */
public final class HistoryRetention implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HistoryRetention.class);

    /** Time between rounds. */
    public static final Duration EVERY = Duration.ofHours(1);

    /** Time from the start to the first round. */
    static final Duration FIRST_AFTER = Duration.ofMinutes(1);

    /** Rows one delete removes at most. */
    static final int ROWS_PER_DELETE = 1_000;

    /** Deletes one shop gets per round at most. */
    static final int DELETES_PER_SHOP = 100;

    /** Shops asked for at once. */
    static final int SHOPS_PER_PAGE = 100;

    private static final String NIL_UUID = "00000000-0000-0000-0000-000000000000";

    private final Store store;
    private final Clock clock;
    private final Duration keep;
    private final ScheduledExecutorService schedule;

    private HistoryRetention(Store store, Clock clock, Duration keep, ScheduledExecutorService schedule) {
        if (keep.isNegative() || keep.isZero()) {
            throw new IllegalArgumentException("history must be kept for some time, got " + keep);
        }
        this.store = store;
        this.clock = clock;
        this.keep = keep;
        this.schedule = schedule;
    }

    /** Retention that runs in rounds on a thread of its own until {@link #close}. */
    public static HistoryRetention start(Store store, Clock clock, Duration keep) {
        ScheduledExecutorService schedule =
                Executors.newSingleThreadScheduledExecutor(NamedThreads.daemon("repairsync-history-retention"));
        HistoryRetention retention = new HistoryRetention(store, clock, keep, schedule);
        schedule.scheduleWithFixedDelay(
                retention::pruneQuietly, FIRST_AFTER.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return retention;
    }

    /** Retention run by its caller only ({@link #pruneOnce}), for tests and tools. */
    public static HistoryRetention manual(Store store, Clock clock, Duration keep) {
        return new HistoryRetention(store, clock, keep, null);
    }

    /**
     * One round: deletes history written before now minus the keep, every shop's, up to {@link
     * #DELETES_PER_SHOP} × {@link #ROWS_PER_DELETE} rows per shop.
     *
     * @return how many rows it deleted
     */
    public long pruneOnce() {
        Instant before = clock.instant().minus(keep);
        long deleted = 0;
        String after = NIL_UUID;
        while (true) {
            String from = after;
            List<String> shops = store.read(tx -> tx.history().shopsBefore(before, from, SHOPS_PER_PAGE));
            for (String shopId : shops) {
                deleted += pruneShop(shopId, before);
            }
            if (shops.size() < SHOPS_PER_PAGE) {
                return deleted;
            }
            after = shops.get(shops.size() - 1);
        }
    }

    private long pruneShop(String shopId, Instant before) {
        long deleted = 0;
        for (int step = 0; step < DELETES_PER_SHOP; step++) {
            int rows = store.write(tx -> tx.history().deleteBefore(shopId, before, ROWS_PER_DELETE));
            deleted += rows;
            if (rows < ROWS_PER_DELETE) {
                break;
            }
        }
        if (deleted > 0) {
            log.info("history retention: {} rows of shop {} written before {} deleted", deleted, shopId, before);
        }
        return deleted;
    }

    private void pruneQuietly() {
        try {
            pruneOnce();
        } catch (RuntimeException e) {
            log.warn("history retention: this round failed, the next one tries again: {}", e.toString());
        }
    }

    /** Stops the rounds, waiting for one that runs. */
    @Override
    public void close() {
        if (schedule == null) {
            return;
        }
        schedule.shutdownNow();
        try {
            schedule.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
