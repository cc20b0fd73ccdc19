package com.repairsync.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The peak heap use of this JVM while it is open. The heap only grows between collections, so its
 * peak is the largest use a collection found when it started, or today's use if that is larger:
 * the collectors' notifications report it, and nothing polls (a sampling thread cost the server
 * 3 ms of CPU a second and missed what grew between two samples).
 */
public final class HeapPeak implements AutoCloseable {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private final long baseline;
    private final AtomicLong peak = new AtomicLong();
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toUnmodifiableSet());
    private final List<NotificationEmitter> collectors = new ArrayList<>();
    private final NotificationListener listener = this::collected;

    private HeapPeak(boolean collectFirst) {
        if (collectFirst) {
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
        }
        baseline = used();
        peak.set(baseline);
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                collectors.add(emitter);
            }
        }
    }

    /** Collects garbage, takes the live heap as the baseline, and starts watching. */
    public static HeapPeak start() {
        return new HeapPeak(true);
    }

    /** Starts watching without collecting first; the baseline is today's use. */
    public static HeapPeak watch() {
        return new HeapPeak(false);
    }

    /** Peak use above the baseline, in bytes. */
    public long peakAboveBaseline() {
        return Math.max(0, peak() - baseline);
    }

    /** Peak use since the start or the last {@link #reset}, in bytes. */
    public long peak() {
        return peak.accumulateAndGet(used(), Math::max);
    }

    /** Forgets the peak so far: it becomes today's use. */
    public void reset() {
        peak.set(used());
    }

    public static long used() {
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    private void collected(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        Map<String, MemoryUsage> before = GarbageCollectionNotificationInfo.from(
                        (CompositeData) notification.getUserData())
                .getGcInfo()
                .getMemoryUsageBeforeGc();
        long heapBefore = before.entrySet().stream()
                .filter(pool -> heapPools.contains(pool.getKey()))
                .mapToLong(pool -> pool.getValue().getUsed())
                .sum();
        peak.accumulateAndGet(heapBefore, Math::max);
    }

    @Override
    public void close() {
        for (NotificationEmitter collector : collectors) {
            try {
                collector.removeNotificationListener(listener);
            } catch (ListenerNotFoundException alreadyGone) {
                // nothing to remove
            }
        }
    }
}
