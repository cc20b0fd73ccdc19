package com.repairsync.bench.scenario;

import com.repairsync.bench.Harness;
import com.repairsync.bench.Latencies;
import com.repairsync.bench.Results;
import com.repairsync.bench.TimedTransport;
import com.repairsync.bench.server.ServerProcess;
import com.repairsync.cli.seed.SampleData;
import com.repairsync.cli.seed.Seeder;
import com.repairsync.client.DeviceOptions;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.transport.HttpSyncTransport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code mixed}: a shop day. D devices (10 by default) with auto-sync on, each doing realistic
 * operations through the public API at a set rate for a set time: new customers, new tickets,
 * status changes, parts taken from stock, appointments. Every write syncs in the background (push,
 * then the realtime hint makes the other devices pull). Measured: push and pull latency, local
 * write latency, throughput, server CPU, and errors (which must be 0).
 */
final class MixedDay implements Scenario {
    private static final List<String> STATUSES = List.of("diagnosing", "awaiting_parts", "in_repair", "ready");

    @Override
    public String name() {
        return "mixed";
    }

    @Override
    public Results run(Harness harness) throws Exception {
        Results results = new Results(name());
        ServerProcess server = harness.start();
        Seeder.Result seeded = harness.seed(Math.min(harness.options().records(), 5000));
        int count = harness.options().devices();
        TimedTransport.Meter meter = new TimedTransport.Meter();
        DeviceOptions options = DeviceOptions.defaults()
                .withAutoSync(true)
                .withTransport((url, tokens) -> new TimedTransport(new HttpSyncTransport(url, tokens), meter));
        List<RepairSyncDevice> devices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            devices.add(harness.join("shop-" + i, options));
        }
        meter.pushes.clear();
        meter.pulls.clear();
        meter.errors.set(0);

        Latencies writes = new Latencies();
        AtomicLong operations = new AtomicLong();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        long duration = harness.options().duration().toNanos();
        long cpuBefore = server.stats().cpuNanos();
        long start = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Shift shift = new Shift(devices.get(i), seeded, harness.options().seed() + i, writes, operations);
            Thread worker = new Thread(
                    () -> shift.work(
                            start + duration, (long) (1e9 / harness.options().rate()), failures),
                    "shop-device-" + i);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpuAfter = server.stats().cpuNanos();
        long drainDeadline = System.nanoTime() + 60_000_000_000L;
        while (devices.stream().anyMatch(device -> device.syncState().pendingCount() > 0)
                && System.nanoTime() < drainDeadline) {
            Thread.sleep(50);
        }
        int pending = devices.stream()
                .mapToInt(device -> device.syncState().pendingCount())
                .sum();
        int failed = devices.stream()
                .mapToInt(device -> device.syncState().failedCount())
                .sum();

        results.put("devices", count, "SDK devices, auto-sync on");
        results.put("seconds", seconds, "s");
        results.put("operations", operations.get(), "local writes");
        results.put("operationsPerSecond", operations.get() / seconds, "writes/s (all devices)");
        results.put("pushesPerSecond", meter.pushes.count() / seconds, "push requests/s");
        results.put("pullsPerSecond", meter.pulls.count() / seconds, "pull requests/s");
        results.put(
                "server.cpuPercent",
                100.0
                        * (cpuAfter - cpuBefore)
                        / (seconds * 1e9)
                        / Runtime.getRuntime().availableProcessors(),
                "% of all cores");
        meter.pushes.report(results, "push");
        meter.pulls.report(results, "pull");
        writes.report(results, "localWrite");
        results.put("errors.operations", failures.size(), "");
        results.put("errors.transport", meter.errors.get(), "");
        results.put("errors.failedMutations", failed, "");
        results.put("errors.stillPending", pending, "after 60 s of draining");
        results.put("errors", failures.size() + meter.errors.get() + failed + pending, "");
        failures.stream().limit(3).forEach(failure -> results.note("operation failed: " + failure));
        results.atMost("errors", 0);
        results.atMost("push.p99", 50);
        return results;
    }

    /** One device's day: an operation per tick, chosen like a front desk and technicians would. */
    private static final class Shift {
        private final RepairSyncDevice device;
        private final Random random;
        private final SampleData data;
        private final List<String> customers;
        private final List<String> items;
        private final List<String> tickets = new ArrayList<>();
        private final Latencies writes;
        private final AtomicLong operations;

        Shift(RepairSyncDevice device, Seeder.Result seeded, long seed, Latencies writes, AtomicLong operations) {
            this.device = device;
            // Random's first values for neighbouring seeds are nearly equal (seeds 1..10 all start
            // near 0.73), which put every device's writes in the same 200 ms of each second: a
            // thundering herd instead of a shop day. A well-mixed seed gives each its own phase.
            this.random = new Random(new SplittableRandom(seed).nextLong());
            this.data = new SampleData(seed, Instant.now());
            this.customers = new ArrayList<>(seeded.someCustomerIds());
            this.items = seeded.itemIds();
            this.writes = writes;
            this.operations = operations;
        }

        void work(long until, long interval, List<Throwable> failures) {
            long next = System.nanoTime() + (long) (random.nextDouble() * interval);
            while (next < until) {
                sleepUntil(next);
                long start = System.nanoTime();
                try {
                    operate();
                    writes.add(System.nanoTime() - start);
                    operations.incrementAndGet();
                } catch (RuntimeException e) {
                    failures.add(e);
                }
                next += interval;
            }
        }

        private void operate() {
            int dice = random.nextInt(100);
            String employee = device.actingEmployee();
            if (dice < 20 || customers.isEmpty()) {
                customers.add(device.customers().create(data.customer()));
            } else if (dice < 45 || tickets.isEmpty()) {
                tickets.add(device.tickets().create(data.ticket(pick(customers), employee)));
            } else if (dice < 75) {
                device.tickets().update(pick(tickets), Map.of("status", STATUSES.get(random.nextInt(STATUSES.size()))));
            } else if (dice < 90 && !items.isEmpty()) {
                device.tickets().addPart(pick(tickets), pick(items), 1, null);
            } else {
                device.appointments().create(data.appointment(pick(customers), pick(tickets), employee));
            }
        }

        private String pick(List<String> ids) {
            return ids.get(random.nextInt(ids.size()));
        }

        private static void sleepUntil(long nanoTime) {
            long wait = nanoTime - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
