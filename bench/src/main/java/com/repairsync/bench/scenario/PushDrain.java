package com.repairsync.bench.scenario;

import com.repairsync.bench.Harness;
import com.repairsync.bench.Results;
import com.repairsync.bench.TimedTransport;
import com.repairsync.client.DeviceOptions;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.transport.HttpSyncTransport;

/**
 * {@code push}: a device that worked offline drains N queued mutations through the SDK (batches
 * of the server's maximum), and, on the same data, the naive design: the same SDK with one
 * mutation per request, sequentially. The naive run is capped (--naive-limit) because at its
 * speed 100k mutations would take many minutes; its rate does not depend on N.
 */
final class PushDrain implements Scenario {
    @Override
    public String name() {
        return "push";
    }

    @Override
    public Results run(Harness harness) {
        Results results = new Results(name());
        harness.start();
        int requested = (int) harness.options().records();
        int batch = harness.options().batch();

        int warmup = harness.options().warmup();
        if (warmup > 0) {
            // A server runs for days: measure its steady state, not the JIT compiling the push path.
            drain(harness, "warmup", warmup, batch, new TimedTransport.Meter());
            results.note("a separate device drained " + warmup + " mutations first (--warmup) to warm both JVMs");
        }
        TimedTransport.Meter batched = new TimedTransport.Meter();
        Drain ours = drain(harness, "batched", requested, batch, batched);
        results.put("push.mutations", ours.queued(), "mutations");
        results.put("push.batchSize", batch, "most mutations/request (the device starts at 100, grows while quick)");
        results.put("push.seconds", batched.pushSpanSeconds(), "s (first push start to last push end)");
        results.put("push.mutationsPerSecond", ours.queued() / batched.pushSpanSeconds(), "mutations/s");
        results.put("push.syncNowSeconds", ours.syncSeconds(), "s (syncNow: push, then pull of the echo)");
        batched.pushes.report(results, "push.requestLatency");
        results.put(
                "push.inRequestsSeconds", batched.pushes.totalSeconds(), "s waiting on push requests (server + HTTP)");
        results.put(
                "push.onDeviceSeconds",
                batched.pushSpanSeconds() - batched.pushes.totalSeconds(),
                "s between requests (device: batch selection, acknowledging)");
        results.put("push.serverCpuSeconds", ours.serverCpuSeconds(), "s");

        int naiveCount = Math.min(requested, harness.options().naiveLimit());
        TimedTransport.Meter naive = new TimedTransport.Meter();
        Drain slow = drain(harness, "naive", naiveCount, 1, naive);
        results.put("naive.mutations", slow.queued(), "mutations");
        results.put("naive.seconds", naive.pushSpanSeconds(), "s");
        results.put("naive.mutationsPerSecond", slow.queued() / naive.pushSpanSeconds(), "mutations/s");
        naive.pushes.report(results, "naive.requestLatency");
        results.put(
                "push.ratioToNaive",
                results.get("push.mutationsPerSecond") / results.get("naive.mutationsPerSecond"),
                "x");
        results.put("errors", batched.errors.get() + naive.errors.get() + ours.failed() + slow.failed(), "");
        if (slow.queued() < ours.queued()) {
            results.note("naive design sent the first " + slow.queued() + " of the same mutations (--naive-limit)");
        }
        results.note("mutation mix per customer: create customer, create ticket, ticket status change, create"
                + " appointment (SampleData seed " + harness.options().seed() + ")");
        results.atLeast("push.mutationsPerSecond", 20_000);
        results.atLeast("push.ratioToNaive", 50);
        results.atMost("errors", 0);
        return results;
    }

    /** One drain: mutations queued and pushed, syncNow's wall time, the server's CPU, what failed or stayed. */
    record Drain(int queued, double syncSeconds, double serverCpuSeconds, int failed) {}

    /**
     * Joins a new device named {@code name}, queues {@code mutations} offline writes on it and drains
     * them, {@code batch} a request, through a transport that {@code meter} times.
     */
    static Drain drain(Harness harness, String name, int mutations, int batch, TimedTransport.Meter meter) {
        DeviceOptions options = DeviceOptions.defaults()
                .withAutoSync(false)
                .withBatchSize(batch)
                .withTransport((url, tokens) -> new TimedTransport(new HttpSyncTransport(url, tokens), meter));
        RepairSyncDevice joined = harness.join(name, options);
        joined.close();
        int queued = OfflineWrites.queue(
                harness.deviceFile(name),
                harness.keysFolder(),
                harness.options().seed(),
                mutations);
        meter.firstPushStart.set(Long.MAX_VALUE);
        meter.lastPushEnd.set(Long.MIN_VALUE);
        meter.pushes.clear();
        meter.mutations.set(0);
        RepairSyncDevice device = harness.open(name, options);
        long cpuBefore = harness.server().stats().cpuNanos();
        long start = System.nanoTime();
        device.syncNow();
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpuAfter = harness.server().stats().cpuNanos();
        if (meter.mutations.get() != queued) {
            throw new IllegalStateException(name + ": pushed " + meter.mutations.get() + " of " + queued);
        }
        return new Drain(
                queued,
                seconds,
                (cpuAfter - cpuBefore) / 1e9,
                device.syncState().failedCount() + device.syncState().pendingCount());
    }
}
