package com.repairsync.bench.scenario;

import com.repairsync.bench.Harness;
import com.repairsync.bench.ProcessCpu;
import com.repairsync.bench.Results;
import com.repairsync.bench.server.ServerNodes;
import com.repairsync.cli.seed.SampleData;
import com.repairsync.cli.seed.Seeder;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * {@code shops}: many shops pushing at once, measured on 1, 2 … {@code --nodes} server nodes in
 * one run, each node count in a world of its own (fresh nodes, and on an embedded PostgreSQL a
 * fresh database). Every shop has {@code --devices} devices spread round the nodes, as a load
 * balancer would; each device drains a queue of {@code --records} offline creates (customers, their
 * tickets and appointments) in requests of {@value #BATCH}, the SDK's first batch size, as the
 * morning after a night offline. Draining fixed queues (rather than pushing at a rate) makes the
 * work the same for every node count, so the server CPU it took compares directly.
 *
 * <p>The devices are sign-ins that push through the sync API as a device's pusher does (the cli's
 * {@link Seeder}), not SDK devices: 500 device databases in the harness's JVM would spend the two
 * cores on the harness. Two shared cores cannot show wall-clock scaling, so the figure that
 * holds is <b>mutations per CPU-second of the server processes</b>, and the per-node efficiency
 * ratio: that figure with n nodes over one node's.
 */
final class ManyShops implements Scenario {
    /** Mutations per push request: the SDK's first batch size. */
    static final int BATCH = 100;

    /** Most pushes in flight at once (the harness's pushing threads); the other devices wait their turn. */
    static final int MAX_PUSHERS = 100;

    /** How long the nodes' CPU is read with nothing to do, before the drain: their fixed cost per second. */
    static final long IDLE_WINDOW_MILLIS = 1_000;

    /** Requests that create shops and sign devices in, at once. */
    private static final int SETUP_THREADS = 8;

    @Override
    public String name() {
        return "shops";
    }

    @Override
    public boolean spreadsOverNodes() {
        return true;
    }

    @Override
    public Results run(Harness harness) throws Exception {
        Results results = new Results(name());
        int maxNodes = harness.options().nodes();
        int shops = harness.options().shops();
        int devicesPerShop = harness.options().devices();
        long errors = 0;
        for (int nodes = 1; nodes <= maxNodes; nodes++) {
            try (Harness world = harness.inner("nodes-" + nodes, List.of())) {
                errors += measure(world, nodes, shops, devicesPerShop, results);
            }
        }
        if (maxNodes >= 2) {
            for (int nodes = 2; nodes <= maxNodes; nodes++) {
                results.put(
                        "nodes" + nodes + ".efficiency",
                        results.get("nodes" + nodes + ".mutationsPerCpuSecond")
                                / results.get("nodes1.mutationsPerCpuSecond"),
                        "x (mutations per server CPU-second, " + nodes + " nodes / 1 node)");
                results.put(
                        "nodes" + nodes + ".throughputRatio",
                        results.get("nodes" + nodes + ".mutationsPerSecond") / results.get("nodes1.mutationsPerSecond"),
                        "x (wall-clock mutations/s, " + nodes + " nodes / 1 node; two shared cores)");
            }
        }
        results.put("errors", errors, "devices whose queue did not drain");
        results.note(shops + " shops x " + devicesPerShop + " devices, each draining "
                + harness.options().records() + " creates in requests of " + BATCH + "; at most "
                + MAX_PUSHERS + " pushes in flight; node counts measured in order 1.." + maxNodes
                + ", each on fresh nodes (and a fresh embedded database)");
        if (maxNodes >= 2) {
            results.atLeast("nodes2.efficiency", 0.8);
        }
        results.atMost("errors", 0);
        return results;
    }

    /** One node count's world: start, warm, set up the shops, then every device drains at once. */
    private static long measure(Harness world, int nodes, int shops, int devicesPerShop, Results results)
            throws Exception {
        world.startNodes(nodes);
        ServerNodes cluster = world.nodes();
        String prefix = "nodes" + nodes + ".";
        long seed = world.options().seed();
        warm(world, cluster, seed);

        List<String> owners = inParallel(SETUP_THREADS, shops, s -> world.createShop("Shop " + (s + 1)));
        int devices = shops * devicesPerShop;
        List<Harness.SignedIn> signedIn = inParallel(
                SETUP_THREADS,
                devices,
                k -> world.signInShared(
                        "shop " + (k / devicesPerShop + 1) + " device " + (k % devicesPerShop + 1),
                        owners.get(k / devicesPerShop),
                        cluster.spread(k, 0)));

        int customers = customersFor(world.options().records());
        double idleCpuPerSecond = idleCpuPerSecond(cluster);
        long[] cpuBefore = cluster.cpuNanosPerNode();
        OptionalLong databaseBefore = world.database().cpuNanos();
        long harnessBefore = ProcessCpu.nanos();
        long start = System.nanoTime();
        List<Future<Long>> drains = new ArrayList<>();
        ExecutorService pushers = Executors.newFixedThreadPool(Math.min(devices, MAX_PUSHERS));
        try {
            for (int k = 0; k < devices; k++) {
                Harness.SignedIn device = signedIn.get(k);
                SampleData data = new SampleData(seed * 1_000_003 + k, Instant.now());
                drains.add(pushers.submit(() -> drain(device, data, customers)));
            }
            long mutations = 0;
            long failed = 0;
            for (Future<Long> drain : drains) {
                try {
                    mutations += drain.get();
                } catch (ExecutionException e) {
                    failed++;
                    if (failed == 1) {
                        results.note(nodes + " nodes: the first device that failed: " + e.getCause());
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] cpuAfter = cluster.cpuNanosPerNode();
            double serverCpu = 0;
            StringBuilder perNode = new StringBuilder();
            for (int i = 0; i < nodes; i++) {
                double nodeCpu = (cpuAfter[i] - cpuBefore[i]) / 1e9;
                serverCpu += nodeCpu;
                perNode.append(i == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.1f s", nodeCpu));
            }
            results.put(prefix + "mutations", mutations, "mutations");
            results.put(prefix + "seconds", seconds, "s (every device's queue drained)");
            results.put(prefix + "mutationsPerSecond", mutations / seconds, "mutations/s (all shops together)");
            results.put(prefix + "serverCpuSeconds", serverCpu, "s (all server processes; per node: " + perNode + ")");
            results.put(prefix + "mutationsPerCpuSecond", mutations / serverCpu, "mutations per server CPU-second");
            results.put(
                    prefix + "idleCpuMillisPerSecond",
                    idleCpuPerSecond * 1000,
                    "ms of CPU per second, all nodes with nothing to do (read for " + IDLE_WINDOW_MILLIS / 1000
                            + " s before the drain)");
            double busyCpu = serverCpu - idleCpuPerSecond * seconds;
            if (busyCpu > 0) {
                results.put(
                        prefix + "mutationsPerBusyCpuSecond",
                        mutations / busyCpu,
                        "mutations per server CPU-second beyond the nodes' idle cost over the drain");
            }
            results.put(
                    prefix + "harnessCpuSeconds",
                    (ProcessCpu.nanos() - harnessBefore) / 1e9,
                    "s (the pushing devices, in the harness)");
            OptionalLong databaseAfter = world.database().cpuNanos();
            if (databaseBefore.isPresent() && databaseAfter.isPresent()) {
                double databaseCpu = (databaseAfter.getAsLong() - databaseBefore.getAsLong()) / 1e9;
                results.put(prefix + "databaseCpuSeconds", databaseCpu, "s (PostgreSQL's processes)");
                results.put(
                        prefix + "mutationsPerCpuSecondWithDatabase",
                        mutations / (serverCpu + databaseCpu),
                        "mutations per CPU-second of the servers and PostgreSQL together");
            }
            return failed;
        } finally {
            pushers.shutdownNow();
        }
    }

    /** CPU seconds per second all the nodes use while nobody asks them anything (the cluster's beats, timers, GC). */
    private static double idleCpuPerSecond(ServerNodes cluster) throws InterruptedException {
        long before = cluster.cpuNanos();
        long start = System.nanoTime();
        Thread.sleep(IDLE_WINDOW_MILLIS);
        return (double) (cluster.cpuNanos() - before) / (System.nanoTime() - start);
    }

    /**
     * Warms every node's JIT with a push drain of its own (another shop, unmeasured), all nodes at
     * once: a server runs for days, and n fresh nodes would otherwise each pay the compiling.
     */
    private static void warm(Harness world, ServerNodes cluster, long seed) throws Exception {
        int warmup = world.options().warmup();
        if (warmup == 0) {
            return;
        }
        String owner = world.createShop("Warm-up Repairs");
        List<Harness.SignedIn> warmers = new ArrayList<>();
        for (int i = 0; i < cluster.size(); i++) {
            warmers.add(world.signInShared("warm-up device " + (i + 1), owner, i));
        }
        inParallel(
                cluster.size(),
                cluster.size(),
                i -> drain(warmers.get(i), new SampleData(seed - 1 - i, Instant.now()), customersFor(warmup)));
    }

    /** Customers whose creates make about {@code mutations} (a customer, 1.5 tickets, half an appointment: 3). */
    private static int customersFor(long mutations) {
        return (int) Math.max(1, mutations / 3);
    }

    /** One device drains its queue; returns the mutations the server applied (every one must be). */
    private static long drain(Harness.SignedIn device, SampleData data, int customers) {
        Seeder.Counts counts = new Seeder.Counts(0, 0, customers, 1.5, 0.5);
        return new Seeder(device.transport(), device.session(), Clock.systemUTC(), BATCH)
                .seed(data, counts, sent -> {})
                .total();
    }

    /** {@code task(0 … count-1)} on {@code threads} threads; the results in order, or the first failure. */
    private static <T> List<T> inParallel(int threads, int count, IntFunction<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, count)));
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> task.apply(index)));
            }
            List<T> done = new ArrayList<>();
            for (Future<T> future : futures) {
                try {
                    done.add(future.get());
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            return done;
        } finally {
            pool.shutdownNow();
        }
    }
}
