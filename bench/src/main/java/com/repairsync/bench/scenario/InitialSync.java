package com.repairsync.bench.scenario;

import com.repairsync.bench.Harness;
import com.repairsync.bench.HeapPeak;
import com.repairsync.bench.Results;
import com.repairsync.bench.TimedTransport;
import com.repairsync.bench.peer.PouchDbPeer;
import com.repairsync.bench.server.ServerProcess;
import com.repairsync.cli.seed.Seeder;
import com.repairsync.client.DeviceOptions;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.transport.HttpSyncTransport;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code initial-sync}: N records of every entity seeded through the sync API, then a fresh
 * device joins and pulls everything. Beside it, in the same run: the same rows inserted raw into
 * a device database in one transaction (the physical limit), joins into encrypted and unencrypted
 * device databases alternately (what encrypting the store costs), and PouchDB replicating the same records as
 * documents from a pouchdb-server to a fresh PouchDB.
 */
final class InitialSync implements Scenario {
    private static final double MB = 1024.0 * 1024.0;

    @Override
    public String name() {
        return "initial-sync";
    }

    /** Joins per kind of store in the comparison: alternated, so order and disk writeback weigh on both alike. */
    private static final int STORE_ROUNDS = 3;

    /**
     * The same join into encrypted and plain device databases, alternately: the median rows per
     * second of each. Apart from the measured join above, whose heap and page latency it reports.
     */
    private static void compareStores(Harness harness, int rows, Results results) {
        List<Double> encrypted = new ArrayList<>();
        List<Double> plain = new ArrayList<>();
        for (int round = 1; round <= STORE_ROUNDS; round++) {
            plain.add(rows / timedJoin(harness, "store-plain-" + round, false));
            encrypted.add(rows / timedJoin(harness, "store-encrypted-" + round, true));
        }
        String median = "rows/s (median of " + STORE_ROUNDS + " joins";
        results.put("encryptedStore.rowsPerSecond", median(encrypted), median + ")");
        results.put("plainStore.rowsPerSecond", median(plain), median + " into a plain database)");
        results.put(
                "sync.ratioToPlainStore",
                results.get("encryptedStore.rowsPerSecond") / results.get("plainStore.rowsPerSecond"),
                "x (encrypted store / plain store, joins alternating)");
    }

    private static double timedJoin(Harness harness, String name, boolean encrypted) {
        DeviceOptions options = DeviceOptions.defaults().withAutoSync(false).withPageSize(1000);
        RepairSyncDevice device = encrypted ? harness.open(name, options) : harness.openUnencrypted(name, options);
        try {
            long start = System.nanoTime();
            device.join(harness.ownerEmail(), Harness.PASSWORD, name);
            return (System.nanoTime() - start) / 1e9;
        } finally {
            device.close();
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    @Override
    public Results run(Harness harness) throws Exception {
        Results results = new Results(name());
        ServerProcess server = harness.start();
        Seeder.Result seeded = harness.seed(harness.options().records());
        results.put("seed.records", seeded.total(), "records");
        if (harness.options().customFields() > 0) {
            results.note("customers and tickets each hold a value of "
                    + harness.options().customFields() + " custom fields (--custom-fields)");
        }
        results.put("seed.recordsPerSecond", seeded.total() * 1000.0 / Math.max(1, seeded.millis()), "records/s");

        if (harness.options().warmup() > 0) {
            // A server runs for days: measure its steady state, not the JIT compiling the pull path.
            // Twice: code the optimizing compiler built from one pull's bulk meets the first pages
            // of the next (other entities, other shapes), is thrown out there (JFR: unstable_if
            // deoptimizations in both JVMs) and compiled again; after one pass that happened
            // inside the measured join and took a third of its CPU.
            for (String name : List.of("warmup", "warmup-2")) {
                harness.join(name, DeviceOptions.defaults().withAutoSync(false).withPageSize(1000))
                        .close();
            }
            results.note("two separate devices pulled everything first (--warmup) to warm both JVMs");
        }
        ServerProcess.Stats idle = server.statsAfterGc();
        server.resetPeak();
        TimedTransport.Meter meter = new TimedTransport.Meter();
        DeviceOptions options = DeviceOptions.defaults()
                .withAutoSync(false)
                .withPageSize(1000)
                .withTransport((url, tokens) -> new TimedTransport(new HttpSyncTransport(url, tokens), meter));
        double seconds;
        long devicePeak;
        try (HeapPeak heap = HeapPeak.start()) {
            RepairSyncDevice device = harness.open("fresh", options);
            long start = System.nanoTime();
            device.join(harness.ownerEmail(), Harness.PASSWORD, "fresh");
            seconds = (System.nanoTime() - start) / 1e9;
            devicePeak = heap.peakAboveBaseline();
            device.close();
        }
        ServerProcess.Stats after = server.stats();
        List<RawInsert.Row> rows = RawInsert.read(harness.deviceFile("fresh"), harness.keysFolder());
        results.put("sync.rows", rows.size(), "rows");
        results.put("sync.seconds", seconds, "s (join: sign-in and pull of every page)");
        results.put("sync.rowsPerSecond", rows.size() / seconds, "rows/s");
        results.put("sync.pages", meter.pulls.count(), "pages of 1000");
        meter.pulls.report(results, "sync.pageLatency");
        results.put(
                "sync.inRequestsSeconds",
                meter.pulls.totalSeconds(),
                "s waiting for pages (server, HTTP, reading the JSON)");
        results.put(
                "sync.onDeviceSeconds", seconds - meter.pulls.totalSeconds(), "s outside them (device: storing pages)");
        results.put("device.heapPeakMb", devicePeak / MB, "MB above the live heap before the sync");
        results.put("server.heapIdleMb", idle.heapUsed() / MB, "MB live after GC");
        results.put("server.heapPeakMb", after.heapPeak() / MB, "MB peak during the sync");

        compareStores(harness, rows.size(), results);
        double rawSeconds = RawInsert.insert(harness.deviceFile("raw-baseline"), harness.keysFolder(), rows);
        results.put("raw.rowsPerSecond", rows.size() / rawSeconds, "rows/s (one transaction, same rows)");
        results.put("sync.ratioToRaw", results.get("sync.rowsPerSecond") / results.get("raw.rowsPerSecond"), "x");

        PouchDbPeer.Outcome peer = new PouchDbPeer(harness)
                .replicate(
                        rows.stream()
                                .map(row -> new PouchDbPeer.Doc(row.entity(), row.id(), row.base()))
                                .toList(),
                        results);
        if (peer != null) {
            results.put("pouchdb.docs", peer.docs(), "docs");
            results.put("pouchdb.seconds", peer.seconds(), "s");
            results.put("pouchdb.rowsPerSecond", peer.docs() / peer.seconds(), "rows/s");
            results.put(
                    "sync.ratioToPouchDb",
                    results.get("sync.rowsPerSecond") / results.get("pouchdb.rowsPerSecond"),
                    "x");
        }
        results.put("errors", meter.errors.get() + (rows.size() < seeded.total() ? 1 : 0), "");
        results.atLeast("sync.rowsPerSecond", 50_000);
        results.atLeast("sync.ratioToRaw", 0.4);
        results.atLeast("sync.ratioToPlainStore", 0.8);
        if (peer != null) {
            results.atLeast("sync.ratioToPouchDb", 10);
        }
        results.atMost("errors", 0);
        return results;
    }
}
