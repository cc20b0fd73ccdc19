package com.repairsync.bench;

import com.repairsync.client.transport.SyncTransport;
import com.repairsync.protocol.PullResponse;
import com.repairsync.protocol.PushRequest;
import com.repairsync.protocol.PushResponse;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A device's transport with a stopwatch: the latency of every push and pull, how many mutations
 * and changes went through, the span from the first push's start to the last push's end, and the
 * calls that failed. Shared by several devices when they should be measured together.
 */
public final class TimedTransport implements SyncTransport {
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

    private final SyncTransport delegate;
    private final Meter meter;

    public TimedTransport(SyncTransport delegate, Meter meter) {
        this.delegate = delegate;
        this.meter = meter;
    }

    @Override
    public PushResponse push(String accessToken, PushRequest request) {
        long start = System.nanoTime();
        meter.firstPushStart.accumulateAndGet(start, Math::min);
        try {
            PushResponse response = delegate.push(accessToken, request);
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

    @Override
    public PullResponse pull(String accessToken, PullQuery query) {
        long start = System.nanoTime();
        try {
            PullResponse response = delegate.pull(accessToken, query);
            meter.pulls.add(System.nanoTime() - start);
            meter.changes.addAndGet(response.changes().size());
            return response;
        } catch (RuntimeException e) {
            meter.errors.incrementAndGet();
            throw e;
        }
    }

    @Override
    public Session login(String email, String password, String deviceName, String deviceId) {
        return delegate.login(email, password, deviceName, deviceId);
    }

    @Override
    public Session refresh(String refreshToken) {
        return delegate.refresh(refreshToken);
    }

    @Override
    public void logout(String refreshToken) {
        delegate.logout(refreshToken);
    }

    @Override
    public void setPassword(String accessToken, String employeeId, String password) {
        delegate.setPassword(accessToken, employeeId, password);
    }

    @Override
    public void health() {
        delegate.health();
    }

    @Override
    public RealtimeConnection openRealtime(String accessToken, RealtimeListener listener) {
        return delegate.openRealtime(accessToken, listener);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
