package com.repairsync.server.console;

import java.time.Duration;
import java.util.Map;

/**
 * Request latencies as counts in fixed buckets, so an hour's percentiles are read back from a
 * handful of counters instead of every sample. A percentile is the upper bound of the bucket it
 * falls in: an overestimate by at most that bucket's width.
 */
final class LatencyBuckets {
    /** Upper bounds in milliseconds; a latency above the last goes to the {@code +Inf} bucket. */
    static final long[] BOUNDS_MS = {5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000};

    static final String OVER = "inf";

    private LatencyBuckets() {}

    /** The bucket's name for this latency: its upper bound in ms, or {@value #OVER}. */
    static String bucket(Duration latency) {
        long ms = latency.toMillis();
        for (long bound : BOUNDS_MS) {
            if (ms <= bound) {
                return Long.toString(bound);
            }
        }
        return OVER;
    }

    /**
     * The latency in ms below which {@code fraction} of the samples fall, from counts by bucket
     * name; null without samples, and {@code Long.MAX_VALUE} when it falls in the {@code +Inf}
     * bucket.
     */
    static Long percentile(Map<String, Long> countsByBucket, double fraction) {
        long total = countsByBucket.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return null;
        }
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (long bound : BOUNDS_MS) {
            seen += countsByBucket.getOrDefault(Long.toString(bound), 0L);
            if (seen >= rank) {
                return bound;
            }
        }
        return Long.MAX_VALUE;
    }
}
