package com.repairsync.bench;

import com.repairsync.client.transport.ForwardingSyncTransport;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.protocol.PullResponse;
import com.repairsync.protocol.PushRequest;
import com.repairsync.protocol.PushResponse;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A device's transport with a stopwatch: the latency of every push and pull page, how many mutations
 * and changes went through, the span from the first push's start to the last push's end, and the
 * calls that failed. Shared by several devices when they should be measured together.
 */
public final class TimedTransport extends ForwardingSyncTransport {
    /** The measurements, which may be shared by many transports. */
    public static final class Meter {
        public final Latencies pushes = new Latencies();
        public final Latencies pulls = new Latencies();
        public final AtomicLong mutations = new AtomicLong();
        public final AtomicLong changes = new AtomicLong();
        public final AtomicLong errors = new AtomicLong();
        public final AtomicLong firstPushStart = new AtomicLong(Long.MAX_VALUE);
        public final AtomicLong lastPushEnd = new AtomicLong(Long.MIN_VALUE);

        /** Seconds from the first push's start to the last push's end. */
        public double pushSpanSeconds() {
            return (lastPushEnd.get() - firstPushStart.get()) / 1e9;
        }
    }

    private final Meter meter;

    public TimedTransport(SyncTransport delegate, Meter meter) {
        super(delegate);
        this.meter = meter;
    }

    @Override
    public PushResponse push(PushRequest request) {
        long start = System.nanoTime();
        meter.firstPushStart.accumulateAndGet(start, Math::min);
        try {
            PushResponse response = super.push(request);
            long end = System.nanoTime();
            meter.pushes.add(end - start);
            meter.lastPushEnd.accumulateAndGet(end, Math::max);
            meter.mutations.addAndGet(request.mutations().size());
            return response;
        } catch (RuntimeException e) {
            meter.errors.incrementAndGet();
            throw e;
        }
    }

    /**
     * Keeps the delegate's stream; a page's latency is the wait for it: from the request, or from
     * the moment the page before it was stored.
     */
    @Override
    public PullResponse pullPages(PullQuery query, int pages, Consumer<PullResponse> store) {
        long[] waitingSince = {System.nanoTime()};
        try {
            return delegate().pullPages(query, pages, page -> {
                meter.pulls.add(System.nanoTime() - waitingSince[0]);
                meter.changes.addAndGet(page.changes().size());
                store.accept(page);
                waitingSince[0] = System.nanoTime();
            });
        } catch (RuntimeException e) {
            meter.errors.incrementAndGet();
            throw e;
        }
    }

    @Override
    public PullResponse pull(PullQuery query) {
        long start = System.nanoTime();
        try {
            PullResponse response = super.pull(query);
            meter.pulls.add(System.nanoTime() - start);
            meter.changes.addAndGet(response.changes().size());
            return response;
        } catch (RuntimeException e) {
            meter.errors.incrementAndGet();
            throw e;
        }
    }
}
