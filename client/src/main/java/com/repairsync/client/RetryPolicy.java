package com.repairsync.client;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How the sync engine retries server errors: exponential backoff with full jitter and a cap.
 *
 * <p>Attempts are counted from 1. After the {@code n}-th attempt failed with a retriable server
 * error, the engine waits {@link #delay(int, RandomGenerator) delay(n, random)} and tries again,
 * unless {@link #exhausted(int) exhausted(n)}: then the mutation moves to the failed queue. Being
 * offline is not a failure and spends no attempt.
 *
 * <p>The wait after attempt {@code n} is drawn uniformly from {@code [0, ceiling(n)]} ("full
 * jitter"), where {@code ceiling(n) = min(cap, base * factor^(n-1))}. Full jitter spreads the
 * retries of many devices that failed at the same moment (a server restart) instead of bringing
 * them back in waves.
 *
 * @param base the ceiling of the first wait; positive
 * @param factor how much the ceiling grows per attempt; finite and at least 1 (1 means a constant
 *     ceiling)
 * @param cap the largest ceiling; at least {@code base}
 * @param maxAttempts how many attempts a mutation gets, the first included; at least 1
 */
public record RetryPolicy(Duration base, double factor, Duration cap, int maxAttempts) {

    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    public RetryPolicy {
        if (base == null) {
            throw new IllegalArgumentException("base is required");
        }
        if (base.isZero() || base.isNegative()) {
            throw new IllegalArgumentException("base must be positive, was " + base);
        }
        if (!(factor >= 1) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("factor must be a finite number >= 1, was " + factor);
        }
        if (cap == null) {
            throw new IllegalArgumentException("cap is required");
        }
        if (cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("cap must be >= base (" + base + "), was " + cap);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
    }

    /**
     * The default policy: base 1 s, factor 2, cap 5 minutes, 8 attempts. A mutation that keeps
     * meeting server errors is tried 8 times; the 7 waits between them have ceilings of 1, 2, 4, 8,
     * 16, 32 and 64 seconds (about 2 minutes in the worst case, half that on average) before it
     * moves to the failed queue. The 5-minute cap matters to policies with more attempts (the
     * ceiling reaches it from the 10th attempt on).
     */
    public static RetryPolicy defaults() {
        return new RetryPolicy(Duration.ofSeconds(1), 2, Duration.ofMinutes(5), 8);
    }

    /**
     * The largest wait after attempt {@code attempt}: {@code min(cap, base * factor^(attempt-1))}.
     * Never overflows: any attempt past the cap answers the cap.
     *
     * @param attempt the attempt that just failed, from 1
     */
    public Duration ceiling(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
        }
        if (attempt == 1 || factor == 1) {
            return base;
        }
        double baseNanos = base.getSeconds() * NANOS_PER_SECOND + base.getNano();
        double capNanos = cap.getSeconds() * NANOS_PER_SECOND + cap.getNano();
        double nanos = baseNanos * Math.pow(factor, attempt - 1d);
        if (!(nanos < capNanos)) { // also catches infinity
            return cap;
        }
        Duration grown = nanos < Long.MAX_VALUE
                ? Duration.ofNanos(Math.round(nanos))
                : Duration.ofSeconds((long) (nanos / NANOS_PER_SECOND));
        // Doubles round: keep the answer inside [base, cap] exactly.
        if (grown.compareTo(cap) > 0) {
            return cap;
        }
        return grown.compareTo(base) < 0 ? base : grown;
    }

    /**
     * The wait after attempt {@code attempt}: uniform in {@code [0, ceiling(attempt)]}, in whole
     * milliseconds (a ceiling below 1 ms gives no wait). Draws exactly one number from {@code
     * random}, so a seeded generator replays the same waits.
     *
     * @param attempt the attempt that just failed, from 1
     */
    public Duration delay(int attempt, RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        Duration ceiling = ceiling(attempt);
        long ceilingMillis;
        try {
            ceilingMillis = Math.min(ceiling.toMillis(), Long.MAX_VALUE - 1);
        } catch (ArithmeticException longerThanMillisCanCount) {
            ceilingMillis = Long.MAX_VALUE - 1;
        }
        return Duration.ofMillis(random.nextLong(ceilingMillis + 1));
    }

    /**
     * Like {@link #delay(int, RandomGenerator)}, but never shorter than the server's {@code
     * Retry-After}: the result is {@code max(delay(attempt, random), retryAfter)}. The server's
     * wish wins over the cap. A null or negative {@code retryAfter} is ignored.
     */
    public Duration delay(int attempt, RandomGenerator random, Duration retryAfter) {
        Duration jittered = delay(attempt, random);
        if (retryAfter == null || retryAfter.compareTo(jittered) <= 0) {
            return jittered;
        }
        return retryAfter;
    }

    /** Whether a mutation that has been tried {@code attemptsMade} times gets no further attempt. */
    public boolean exhausted(int attemptsMade) {
        if (attemptsMade < 0) {
            throw new IllegalArgumentException("attemptsMade must be >= 0, was " + attemptsMade);
        }
        return attemptsMade >= maxAttempts;
    }
}
