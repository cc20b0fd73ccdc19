package com.repairsync.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds, thread-safe to add, summarized as percentiles in milliseconds. */
public final class Latencies {
    private long[] samples = new long[1024];
    private int size;

    public synchronized void add(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    public synchronized void clear() {
        size = 0;
    }

    public synchronized int count() {
        return size;
    }

    /** The sum of all samples in seconds: time spent waiting on these calls. */
    public synchronized double totalSeconds() {
        long total = 0;
        for (int i = 0; i < size; i++) {
            total += samples[i];
        }
        return total / 1e9;
    }

    /** The nearest-rank percentile in milliseconds (0 when there are no samples). */
    public synchronized double percentileMillis(double percentile) {
        if (size == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
    }

    /** Puts p50, p95, p99 and max under {@code prefix}. */
    public void report(Results results, String prefix) {
        results.put(prefix + ".samples", count(), "");
        results.put(prefix + ".p50", percentileMillis(50), "ms");
        results.put(prefix + ".p95", percentileMillis(95), "ms");
        results.put(prefix + ".p99", percentileMillis(99), "ms");
        results.put(prefix + ".max", percentileMillis(100), "ms");
    }
}
