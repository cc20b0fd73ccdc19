package com.repairsync.client;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long a device waits before each try to bring its realtime socket back: exponential backoff
 * with full jitter and a cap, counted from the moment the socket was lost.
 *
 * <p>The wait before try {@code n} (from 1) is drawn uniformly from {@code [0, min(cap, first *
 * 2^(n-1))]}. When a server node dies, every device it held loses its socket at the same instant;
 * full jitter spreads their returns over the first window instead of bringing them all back at
 * once, and a try that fails (the remaining nodes busy) widens the next window. The device never
 * gives up; the cap bounds how long it waits between tries.
 *
 * @param first the ceiling of the first wait; positive
 * @param cap the largest ceiling; at least {@code first}
 */
public record ReconnectPolicy(Duration first, Duration cap) {
    /** How many times the first ceiling the ceiling grows to, for {@link #forProbeInterval}. */
    public static final int CAP_PER_PROBE = 8;

    /** @throws IllegalArgumentException if {@code first} is not positive or {@code cap} is below it */
    public ReconnectPolicy {
        if (first == null || first.isZero() || first.isNegative()) {
            throw new IllegalArgumentException("first must be a positive duration, was " + first);
        }
        if (cap == null || cap.compareTo(first) < 0) {
            throw new IllegalArgumentException("cap must be at least first (" + first + "), was " + cap);
        }
    }

    /**
     * The device's policy for its probe interval ({@link DeviceOptions#probeInterval()}): the first
     * wait is at most one interval, the ceiling doubles with each failed try up to {@link
     * #CAP_PER_PROBE} intervals (16 s with the default 2 s).
     */
    public static ReconnectPolicy forProbeInterval(Duration probeInterval) {
        return new ReconnectPolicy(probeInterval, probeInterval.multipliedBy(CAP_PER_PROBE));
    }

    /**
     * The wait before try {@code attempt}: uniform in {@code [0, min(cap, first * 2^(attempt-1))]},
     * in whole milliseconds. Draws exactly one number from {@code random}.
     *
     * @param attempt the try about to be made, from 1
     * @throws IllegalArgumentException if {@code attempt} is below 1
     */
    public Duration delay(int attempt, RandomGenerator random) {
        return backoff(first, cap).delay(attempt, random);
    }

    /** The largest wait before try {@code attempt}: {@code min(cap, first * 2^(attempt-1))}. */
    public Duration ceiling(int attempt) {
        return backoff(first, cap).ceiling(attempt);
    }

    /** The same capped, full-jitter waits as a retry of server errors, never exhausted. */
    private static RetryPolicy backoff(Duration first, Duration cap) {
        return new RetryPolicy(first, 2, cap, Integer.MAX_VALUE);
    }
}
