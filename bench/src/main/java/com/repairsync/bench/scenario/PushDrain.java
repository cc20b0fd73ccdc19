package com.repairsync.bench.scenario;

import com.repairsync.bench.Harness;
import com.repairsync.bench.Results;
import com.repairsync.bench.TimedTransport;
import com.repairsync.client.DeviceOptions;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.transport.HttpSyncTransport;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code push}: a device that worked offline drains N queued mutations through the SDK (batches
 * of the server's maximum), and, on the same data, the naive design: the same SDK with one
 * mutation per request, sequentially. The naive run is capped (--naive-limit) because at its
 * speed 100k mutations would take many minutes; its rate does not depend on N. Beside both, the
 * floor: the same record rows inserted raw into a fresh device database ({@link RawInsert}).
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
        if (harness.options().customFields() > 0) {
            harness.declareCustomFields(); // before any device joins: each pulls them and checks its values by them
            results.note("customers and tickets each hold a value of "
                    + harness.options().customFields() + " custom fields (--custom-fields)");
        }
        int requested = (int) harness.options().records();
        int batch = harness.options().batch();

        int warmup = harness.options().warmup();
        if (warmup > 0) {
            // A server runs for days: measure its steady state, not the JIT compiling the push path.
            drain(harness, "warmup", warmup, batch, new TimedTransport.Meter());
            results.note("a separate device drained " + warmup + " mutations first (--warmup) to warm both JVMs");
        }
        TimedTransport.Meter batched = new TimedTransport.Meter();
        Drain ours = drain(harness, "batched", requested, batch, batched, true);
        results.put("push.mutations", ours.queued(), "mutations");
        results.put("push.batchSize", batch, "most mutations/request (the device starts at 100, grows while quick)");
        results.put("push.seconds", batched.pushSpanSeconds(), "s (first push start to last push end)");
        results.put("push.mutationsPerSecond", ours.queued() / batched.pushSpanSeconds(), "mutations/s");
        results.put("push.syncNowSeconds", ours.syncSeconds(), "s (syncNow: push, then pull of the echo)");
        batched.pushes.report(results, "push.requestLatency");
        rawBaseline(harness, ours, batched.pushSpanSeconds(), results);
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
        results.atLeast("push.ratioToRaw", 0.25);
        results.atLeast("push.ratioToNaive", 100);
        results.atMost("errors", 0);
        return results;
    }

    /**
     * The floor beside the drain: the record rows it left on the device (as the device stores them
     * once synced) inserted raw into a fresh device database, one prepared statement, one
     * transaction ({@link RawInsert}). {@code push.ratioToRaw} is the raw insert's time over the
     * drain's push span for the same rows: 1 would be a push as fast as writing its rows once.
     */
    private static void rawBaseline(Harness harness, Drain drain, double pushSeconds, Results results) {
        try {
            double rawSeconds =
                    RawInsert.insert(harness.deviceFile("raw-baseline"), harness.keysFolder(), drain.rows());
            results.put("raw.rows", drain.rows().size(), "record rows the drain left (same rows, inserted raw)");
            results.put("raw.seconds", rawSeconds, "s (one transaction into a fresh device database)");
            results.put("raw.rowsPerSecond", drain.rows().size() / rawSeconds, "rows/s");
            results.put("push.ratioToRaw", rawSeconds / pushSeconds, "x (raw insert time / push time, same rows)");
        } catch (SQLException e) {
            throw new IllegalStateException("push: the raw insert baseline failed: " + e.getMessage(), e);
        }
    }

    /**
     * One drain: mutations queued and pushed, syncNow's wall time, the server's CPU, what failed or
     * stayed, and (when asked for) the record rows it made, as the device stores them after the sync.
     */
    record Drain(int queued, double syncSeconds, double serverCpuSeconds, int failed, List<RawInsert.Row> rows) {}

    /**
     * Joins a new device named {@code name}, queues {@code mutations} offline writes on it and drains
     * them, {@code batch} a request, through a transport that {@code meter} times.
     */
    static Drain drain(Harness harness, String name, int mutations, int batch, TimedTransport.Meter meter) {
        return drain(harness, name, mutations, batch, meter, false);
    }

    /** As {@link #drain(Harness, String, int, int, TimedTransport.Meter)}, keeping the drain's rows if {@code keepRows}. */
    static Drain drain(
            Harness harness, String name, int mutations, int batch, TimedTransport.Meter meter, boolean keepRows) {
        DeviceOptions options = DeviceOptions.defaults()
                .withAutoSync(false)
                .withBatchSize(batch)
                .withTransport((url, tokens) -> new TimedTransport(new HttpSyncTransport(url, tokens), meter));
        RepairSyncDevice joined = harness.join(name, options);
        joined.close();
        Set<String> pulledAtJoin = keepRows ? recordIds(harness, name) : Set.of();
        int queued = OfflineWrites.queue(
                harness.deviceFile(name),
                harness.keysFolder(),
                harness.options().seed(),
                mutations,
                harness.options().customFields());
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
        List<RawInsert.Row> rows = List.of();
        if (keepRows) {
            rows = readRows(harness, name).stream()
                    .filter(row -> !pulledAtJoin.contains(row.entity() + "/" + row.id()))
                    .toList();
        }
        return new Drain(
                queued,
                seconds,
                (cpuAfter - cpuBefore) / 1e9,
                device.syncState().failedCount() + device.syncState().pendingCount(),
                rows);
    }

    private static Set<String> recordIds(Harness harness, String name) {
        return readRows(harness, name).stream()
                .map(row -> row.entity() + "/" + row.id())
                .collect(Collectors.toSet());
    }

    private static List<RawInsert.Row> readRows(Harness harness, String name) {
        try {
            return RawInsert.read(harness.deviceFile(name), harness.keysFolder());
        } catch (SQLException e) {
            throw new IllegalStateException("push: reading device " + name + "'s records failed: " + e.getMessage(), e);
        }
    }
}
