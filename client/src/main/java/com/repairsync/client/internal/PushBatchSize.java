package com.repairsync.client.internal;

import java.time.Duration;

/**
 * How many mutations the next push batch may carry during one push. Every request costs the same
 * fixed part (a round trip, the server's commit to disk), so a long queue drains fastest in large
 * batches; but on a slow link a large batch is a long request, lost whole if the link drops. So a
 * push starts small, grows while full batches are answered quickly (fourfold while answers take
 * under a quarter of {@link #QUICK}, as on a LAN; else twofold), halves when one is slow, and
 * stays at half or less of a batch the server refused as too large.
 */
final class PushBatchSize {
    /** The first batch of a push: small enough to be quick on a poor link. */
    static final int START = 100;
    /** Answers within this grow the next batch; answers over twice this shrink it. */
    static final Duration QUICK = Duration.ofMillis(250);

    private int most;
    private int current;

    PushBatchSize(int most) {
        if (most < 1) {
            throw new IllegalArgumentException("most must be positive, got " + most);
        }
        this.most = most;
        this.current = Math.min(most, START);
    }

    synchronized int current() {
        return current;
    }

    /** A batch of {@code size} mutations was answered after {@code elapsed}. */
    synchronized void answered(int size, Duration elapsed) {
        if (elapsed.compareTo(QUICK.multipliedBy(2)) > 0) {
            current = Math.max(1, current / 2);
        } else if (elapsed.compareTo(QUICK) <= 0 && size >= current) {
            int growth = elapsed.compareTo(QUICK.dividedBy(4)) <= 0 ? 4 : 2;
            current = (int) Math.min(most, (long) current * growth);
        }
    }

    /**
     * The server refused a batch of {@code size} mutations as too large: later batches of this push
     * take at most half of it, and never grow back past that.
     */
    synchronized void refusedAsTooLarge(int size) {
        most = Math.max(1, Math.min(most, size / 2));
        current = Math.min(current, most);
    }
}
