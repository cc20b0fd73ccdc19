package com.repairsync.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

/** The peak heap use of this JVM (where the devices run) while it is open, sampled every 20 ms. */
public final class HeapSampler implements AutoCloseable {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private final long baseline;
    private final AtomicLong peak = new AtomicLong();
    private final Thread thread;

    private HeapSampler() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        baseline = used();
        thread = new Thread(this::sample, "heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** Collects garbage, takes the live heap as the baseline, and starts sampling. */
    public static HeapSampler start() {
        return new HeapSampler();
    }

    /** Peak use above the baseline, in bytes. */
    public long peakAboveBaseline() {
        return Math.max(0, peak.get() - baseline);
    }

    public long peak() {
        return peak.get();
    }

    private static long used() {
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    private void sample() {
        while (!Thread.currentThread().isInterrupted()) {
            peak.accumulateAndGet(used(), Math::max);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
