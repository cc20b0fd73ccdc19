package com.repairsync.bench.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.bench.Harness;
import com.repairsync.bench.Results;
import com.repairsync.bench.fleet.FleetProcess;
import com.repairsync.bench.fleet.FleetSpec;
import com.repairsync.bench.server.ServerNodes;
import com.repairsync.bench.server.ServerProcess;
import com.repairsync.protocol.HlcClock;
import com.repairsync.protocol.JsonMappers;
import com.repairsync.protocol.Mutation;
import com.repairsync.protocol.PushRequest;
import com.repairsync.protocol.PushResponse;
import com.repairsync.protocol.WireVersions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * {@code fleet}: thousands of connected devices across server nodes, and the mass reconnect when
 * one node dies.
 *
 * <p>The devices are socket stand-ins in child processes ({@link FleetProcess}, at most {@link
 * #DEVICES_PER_CHILD} each: every loopback connection costs a descriptor on each side, and a
 * process may hold 20,000), signed in by this process at the bench's low Argon2 cost and spread
 * round-robin over the nodes. The shops are one large shop holding a tenth of the devices, where
 * presence traffic grows with the square of its size, and shops of {@link #SMALL_SHOP} devices,
 * as a chain's branches.
 *
 * <p>Once every socket is open and presence has settled, the server heap per device is measured
 * after a full collection. Then the last node is killed ({@code destroyForcibly}; a single node is
 * killed and restarted on its port) and a change is pushed into every shop through node 1: the
 * figure is the time from the kill until every device has a socket again and has heard its
 * shop's new cursor. The stand-ins reconnect as the SDK does (its {@code ReconnectPolicy}, jittered).
 * Presence messages are counted at the devices, each beside the changes it carried: without
 * batches, each change would have been a message of its own.
 */
public final class Fleet implements Scenario {
    /** Devices of each small shop. */
    static final int SMALL_SHOP = 20;

    /** Most stand-ins in one child process: 5,000 sockets, well under its 20,000 descriptors. */
    static final int DEVICES_PER_CHILD = 5_000;

    /** Devices of the large shop per child that fold presence, to check it ends right. */
    private static final int SAMPLED = 25;

    private static final long CONNECT_LIMIT_NANOS = 600_000_000_000L;
    private static final long CAUGHT_UP_LIMIT_NANOS = 180_000_000_000L;
    private static final long SETTLE_LIMIT_NANOS = 60_000_000_000L;
    private static final double KB = 1024;

    @Override
    public String name() {
        return "fleet";
    }

    @Override
    public boolean spreadsOverNodes() {
        return true;
    }

    @Override
    public Results run(Harness harness) throws Exception {
        Results results = new Results(name());
        int devices = harness.options().devices();
        int nodeCount = harness.options().nodes();
        List<Integer> shopSizes = shopSizes(devices);
        long setupStart = System.nanoTime();
        harness.startNodes(nodeCount);
        ServerNodes nodes = harness.nodes();
        long signInStart = System.nanoTime();
        List<String> owners = inParallel(
                shopSizes.size(), shop -> shop == 0 ? harness.ownerEmail() : harness.createShop("Fleet shop " + shop));
        List<Integer> shopOf = new ArrayList<>();
        for (int shop = 0; shop < shopSizes.size(); shop++) {
            for (int i = 0; i < shopSizes.get(shop); i++) {
                shopOf.add(shop);
            }
        }
        List<FleetSpec.Device> fleet = inParallel(devices, k -> {
            int node = nodes.spread(k, 0);
            Harness.SignedIn signedIn = harness.signInShared("fleet-" + k, owners.get(shopOf.get(k)), node);
            return new FleetSpec.Device(
                    shopOf.get(k),
                    signedIn.session().accessToken(),
                    node,
                    signedIn.session().deviceId());
        });
        List<Harness.SignedIn> writers =
                inParallel(shopSizes.size(), shop -> harness.signInShared("fleet writer " + shop, owners.get(shop), 0));
        long setupMillis = (System.nanoTime() - setupStart) / 1_000_000;
        long signInMillis = (System.nanoTime() - signInStart) / 1_000_000;
        ServerProcess.Stats before = nodes.statsAfterGc();

        List<FleetProcess> children = startChildren(harness, fleet, nodes);
        long connectStart = System.nanoTime();
        awaitConnected(children, devices);
        long connectMillis = (System.nanoTime() - connectStart) / 1_000_000;
        long settleMillis = awaitPresence(children);
        ServerProcess.Stats connected = nodes.statsAfterGc();
        long[] atConnect = counts(children);

        int victim = nodeCount - 1;
        long onVictim = fleet.stream().filter(d -> d.node() == victim).count();
        long[] cpuBefore = nodes.cpuNanosPerNode();
        long killed = System.nanoTime();
        nodes.kill(victim);
        if (nodeCount == 1) {
            nodes.restart(victim);
        }
        Map<Integer, Long> targets = pushToEveryShop(writers);
        long caughtUpNanos = awaitCaughtUp(children, targets, killed);
        long reconnectCpu = liveNodesCpu(cpuBefore, nodes.cpuNanosPerNode(), victim, nodeCount);
        long resettleMillis = awaitPresence(children);
        long[] atEnd = counts(children);
        String[] presence = presence(children);
        children.forEach(FleetProcess::close);

        results.put("devices", devices, "connected socket stand-ins");
        results.put("nodes", nodeCount, "server nodes");
        results.put("shops", shopSizes.size(), "shops: one of " + shopSizes.get(0) + ", the rest of " + SMALL_SHOP);
        results.put("children", children.size(), "harness child processes holding the sockets");
        results.put("setup.seconds", setupMillis / 1000.0, "s to start the nodes, create shops and sign in");
        results.put(
                "setup.signInsPerSecond",
                (devices + owners.size() * 2.0) / (signInMillis / 1000.0),
                "shops created and devices signed in per second (4 at a time)");
        results.put("connect.seconds", connectMillis / 1000.0, "s until every socket was open");
        results.put("server.heapPerDeviceKb", (connected.heapUsed() - before.heapUsed()) / KB / devices, "KB after GC");
        results.put("reconnect.devicesMoved", onVictim, "devices on the killed node");
        results.put(
                "reconnect.seconds",
                caughtUpNanos / 1e9,
                "s from the kill until every device was back and had heard its shop's new cursor");
        results.put(
                "reconnect.serverCpuSeconds", reconnectCpu / 1e9, "s of CPU the nodes that stayed up spent meanwhile");
        putPresence(results, "connect", atConnect, new long[6], settleMillis);
        putPresence(results, "reconnect", atEnd, atConnect, resettleMillis);
        results.put("presence.sampled", Long.parseLong(presence[0]), "large-shop devices folding presence");
        results.put("presence.wrong", Long.parseLong(presence[1]), "of them not showing every device online");
        results.put("reconnect.failedTries", atEnd[4], "socket opens refused or failed (a dead node's too)");
        results.put("errors", Long.parseLong(presence[1]) + atEnd[5], "wrong presence and unreadable messages");
        results.atMost("server.heapPerDeviceKb", 30);
        results.atMost("reconnect.seconds", 30);
        results.atMost("errors", 0);
        results.note("stand-ins speak wire version " + WireVersions.CURRENT + " (presence in batches) and reconnect"
                + " as the SDK: full jitter from a 2 s window, doubling per failed try up to 16 s, next node in turn");
        results.note("presence.*.changes: the changes the messages carried; without batches each is a message");
        results.note("load average at the end: " + loadAverage() + " on "
                + Runtime.getRuntime().availableProcessors() + " cores");
        if (devices < 10_000) {
            results.note("the issue's targets are for 10,000 devices; this run had " + devices);
        }
        return results;
    }

    /**
     * CPU nanoseconds the nodes that stayed up spent between the two readings; with one node, what
     * the restarted node spent since it started.
     */
    private static long liveNodesCpu(long[] before, long[] after, int victim, int nodeCount) {
        if (nodeCount == 1) {
            return after[0];
        }
        long spent = 0;
        for (int node = 0; node < after.length; node++) {
            spent += node == victim ? 0 : after[node] - before[node];
        }
        return spent;
    }

    /** A tenth of the devices (at least 2) in shop 0, the rest in shops of {@link #SMALL_SHOP}. */
    static List<Integer> shopSizes(int devices) {
        int large = Math.min(devices, Math.max(2, devices / 10));
        List<Integer> sizes = new ArrayList<>(List.of(large));
        for (int left = devices - large; left > 0; left -= SMALL_SHOP) {
            sizes.add(Math.min(SMALL_SHOP, left));
        }
        return sizes;
    }

    private static void putPresence(Results results, String phase, long[] now, long[] before, long settleMillis) {
        long messages = now[0] - before[0];
        long changes = now[1] - before[1];
        results.put("presence." + phase + ".messages", messages, "presence messages the devices got (no snapshots)");
        results.put("presence." + phase + ".changes", changes, "changes in them");
        results.put("presence." + phase + ".snapshots", now[2] - before[2], "snapshots (one per socket opened)");
        if (changes > 0) {
            results.put(
                    "presence." + phase + ".ratio", (double) messages / changes, "messages per change (1 unbatched)");
        }
        results.put(
                "presence." + phase + ".settleSeconds", settleMillis / 1000.0, "s until sampled presence was right");
    }

    private static List<FleetProcess> startChildren(Harness harness, List<FleetSpec.Device> fleet, ServerNodes nodes)
            throws Exception {
        List<String> largeShop = fleet.stream()
                .filter(d -> d.shop() == 0)
                .map(FleetSpec.Device::deviceId)
                .toList();
        List<FleetProcess> children = new ArrayList<>();
        Path dir = Files.createDirectories(harness.workDir().resolve("fleet"));
        for (int from = 0, child = 0; from < fleet.size(); from += DEVICES_PER_CHILD, child++) {
            List<FleetSpec.Device> share = fleet.subList(from, Math.min(fleet.size(), from + DEVICES_PER_CHILD));
            long seed = harness.options().seed() * 31 + child;
            FleetSpec spec =
                    new FleetSpec(seed, WireVersions.CURRENT, nodes.urls(), List.copyOf(share), 0, largeShop, SAMPLED);
            Path file = dir.resolve("child-" + child + ".json");
            spec.write(file);
            children.add(harness.closeLater(
                    FleetProcess.start(file, dir.resolve("child-" + child + ".log"), heapFor(share.size()))));
        }
        return children;
    }

    /** The child's heap: sockets' buffers and the large shop's snapshots. */
    private static String heapFor(int devices) {
        return (128 + devices / 10) + "m";
    }

    private static void awaitConnected(List<FleetProcess> children, int devices) throws InterruptedException {
        long deadline = System.nanoTime() + CONNECT_LIMIT_NANOS;
        while (true) {
            long open = 0;
            for (FleetProcess child : children) {
                open += Long.parseLong(child.ask("CONNECTED", "CONNECTED")[0]);
            }
            if (open == devices) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + open + " of " + devices + " sockets open after 10 minutes");
            }
            Thread.sleep(200);
        }
    }

    /** Waits until every sampled device shows its whole shop online; the milliseconds it took. */
    private static long awaitPresence(List<FleetProcess> children) throws InterruptedException {
        long start = System.nanoTime();
        while (!presence(children)[1].equals("0") && System.nanoTime() - start < SETTLE_LIMIT_NANOS) {
            Thread.sleep(100);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static String[] presence(List<FleetProcess> children) {
        long sampled = 0;
        long wrong = 0;
        for (FleetProcess child : children) {
            String[] answer = child.ask("PRESENCE", "PRESENCE");
            sampled += Long.parseLong(answer[0]);
            wrong += Long.parseLong(answer[1]);
        }
        return new String[] {Long.toString(sampled), Long.toString(wrong)};
    }

    /** Waits until no device is behind; the nanoseconds from {@code since}. */
    private static long awaitCaughtUp(List<FleetProcess> children, Map<Integer, Long> targets, long since)
            throws InterruptedException {
        StringBuilder target = new StringBuilder("TARGET ");
        targets.forEach(
                (shop, cursor) -> target.append(shop).append(':').append(cursor).append(','));
        while (true) {
            long behind = 0;
            for (FleetProcess child : children) {
                behind += Long.parseLong(child.ask(target.toString(), "BEHIND")[0]);
            }
            long now = System.nanoTime();
            if (behind == 0) {
                return now - since;
            }
            if (now - since > CAUGHT_UP_LIMIT_NANOS) {
                throw new IllegalStateException(behind + " devices not back or not caught up 3 minutes after the kill");
            }
            Thread.sleep(20);
        }
    }

    /** Sums the children's {@code COUNTS}. */
    private static long[] counts(List<FleetProcess> children) {
        long[] sum = new long[6];
        for (FleetProcess child : children) {
            String[] answer = child.ask("COUNTS", "COUNTS");
            for (int i = 0; i < sum.length; i++) {
                sum[i] += Long.parseLong(answer[i]);
            }
        }
        return sum;
    }

    /** Pushes one new customer into every shop through its writer; each shop's cursor after it. */
    private static Map<Integer, Long> pushToEveryShop(List<Harness.SignedIn> writers) throws Exception {
        ObjectMapper json = JsonMappers.shared();
        Map<Integer, Long> cursors = new ConcurrentHashMap<>();
        inParallel(writers.size(), shop -> {
            Harness.SignedIn writer = writers.get(shop);
            HlcClock hlc = new HlcClock(Clock.systemUTC(), writer.session().deviceId());
            ObjectNode fields =
                    json.createObjectNode().put("firstName", "Fleet").put("lastName", "After the kill");
            String id = UUID.randomUUID().toString();
            Mutation upsert = new Mutation(
                    UUID.randomUUID().toString(),
                    "customers",
                    id,
                    "upsert",
                    fields,
                    null,
                    hlc.now().toString(),
                    writer.session().employeeId(),
                    null);
            PushResponse response =
                    writer.transport().push(new PushRequest(writer.session().deviceId(), List.of(upsert)));
            cursors.put(shop, response.cursor());
            return null;
        });
        return cursors;
    }

    /** Runs {@code task(0..count-1)} on four threads; the answers in order. */
    private static <T> List<T> inParallel(int count, IntFunction<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> task.apply(index)));
            }
            List<T> answers = new ArrayList<>(count);
            for (Future<T> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } finally {
            pool.shutdown();
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException | RuntimeException unavailable) {
            return "unknown (" + unavailable.getMessage() + ")";
        }
    }
}
