package com.repairsync.bench.scenario;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.bench.Harness;
import com.repairsync.bench.Latencies;
import com.repairsync.bench.ProcessCpu;
import com.repairsync.bench.Results;
import com.repairsync.bench.SocketDevices;
import com.repairsync.bench.server.ServerProcess;
import com.repairsync.client.DeviceOptions;
import com.repairsync.client.RecordListener;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.protocol.HlcClock;
import com.repairsync.protocol.JsonMappers;
import com.repairsync.protocol.Mutation;
import com.repairsync.protocol.MutationStatus;
import com.repairsync.protocol.PushRequest;
import com.repairsync.protocol.PushResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * {@code realtime}: D full SDK devices (own database, sync worker, WebSocket) connected, a writer
 * pushing one new customer per interval; the latency from the start of the writer's push to each
 * other device having the record in its local database (its record listener fires after the
 * pull's transaction committed). Also the server heap each connected idle device costs.
 *
 * <p>Measured warm: pushes to another shop compile the server's push path, then unmeasured changes
 * to the devices' shop warm the fan-out and the devices ({@code --warmup}).
 */
final class Realtime implements Scenario {
    private static final double KB = 1024.0;
    private static final long WAIT_NANOS = 15_000_000_000L;

    /** Pushes to another shop that warm the server's push path, per unmeasured change (--warmup). */
    private static final int PUSHES_PER_WARMUP_CHANGE = 15;

    @Override
    public String name() {
        return "realtime";
    }

    @Override
    public Results run(Harness harness) throws Exception {
        Results results = new Results(name());
        ServerProcess server = harness.start();
        harness.seed(harness.options().records()); // every device pulls these when it joins
        int count = harness.options().devices();
        int sdkCount = Math.min(count, harness.options().sdkDevices());
        ServerProcess.Stats before = server.statsAfterGc();

        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> arrived = new ConcurrentHashMap<>();
        Latencies latencies = new Latencies();
        Latencies pushes = new Latencies();
        Latencies fastest = new Latencies();
        Map<String, AtomicLong> first = new ConcurrentHashMap<>();
        Map<String, AtomicLong> slowest = new ConcurrentHashMap<>();
        Set<String> settling = ConcurrentHashMap.newKeySet();
        AtomicIntegerArray received = new AtomicIntegerArray(count);
        Latencies socketLatencies = new Latencies();
        Map<Integer, String> socketsClosed = new ConcurrentHashMap<>();
        // One place for every delivery, SDK device or stand-in: the event's fastest and slowest
        // cover both; the latency goes to the list of its kind of device.
        Delivery heard = (device, entity, id, at, into) -> {
            Long start = sentAt.get(id);
            if (start != null && "customers".equals(entity)) {
                received.incrementAndGet(device);
                long latency = at - start;
                if (!settling.contains(id)) {
                    into.add(latency);
                }
                slowest.get(id).accumulateAndGet(latency, Math::max);
                first.get(id).accumulateAndGet(latency, Math::min);
                arrived.get(id).incrementAndGet();
            }
        };
        List<RepairSyncDevice> devices = join(
                harness,
                sdkCount,
                device -> (entity, id) -> heard.record(device, entity, id, System.nanoTime(), latencies));
        // The other devices are sockets only (SocketDevices): they take the change from the message
        // and store nothing, standing in for devices on hardware of their own. The server serves them
        // exactly as it serves the SDK devices. A message counts from when its bytes were read.
        openSockets(
                harness,
                sdkCount,
                count,
                (device, entity, id, arrivedNanos) -> heard.record(device, entity, id, arrivedNanos, socketLatencies),
                socketsClosed);
        long joined = System.nanoTime();
        while (devices.stream().anyMatch(device -> !device.syncState().online())) {
            if (System.nanoTime() - joined > 60_000_000_000L) {
                throw new IllegalStateException("not every device came online within 60 s");
            }
            Thread.sleep(100);
        }
        Thread.sleep(1000); // let the joins' last syncs settle
        ServerProcess.Stats connected = server.statsAfterGc();
        results.put("devices", count, "connected devices");
        results.put("sdkDevices", sdkCount, "of them full SDK devices (database, worker, socket)");
        results.put("server.heapPerDeviceKb", (connected.heapUsed() - before.heapUsed()) / KB / count, "KB after GC");
        results.put("server.threads", connected.threads(), "threads with all devices connected");

        Harness.SignedIn writer = harness.signIn("realtime writer");
        HlcClock hlc = new HlcClock(Clock.systemUTC(), writer.session().deviceId());
        ObjectMapper json = JsonMappers.shared();
        int pushPathWarmup = PUSHES_PER_WARMUP_CHANGE * harness.options().warmup();
        long pushPathMillis = warmPushPath(harness, pushPathWarmup, json);
        int events = harness.options().events();
        long interval = (long) (1e9 / harness.options().rate());
        int missed = 0;
        List<Long> eventSlowest = new ArrayList<>();
        // Events before 0 are not measured. The first waits out the devices' start-up syncs (each
        // joined device connects its socket and pulls), which with 1,000 devices take seconds; the
        // rest, pushed back to back, warm both JVMs, as a server and devices that ran a while are.
        int unmeasured = harness.options().warmup() + 1;
        long settleSlowest = 0;
        long warmupStart = 0;
        long latenciesStart = 0;
        long serverCpuStart = 0;
        long harnessCpuStart = 0;
        HttpClient http = HttpClient.newHttpClient();
        Fanouts fanoutsStart = null;
        for (int event = -unmeasured; event < events; event++) {
            if (event == -unmeasured + 1) {
                warmupStart = System.nanoTime();
            }
            if (event == 0) {
                serverCpuStart = server.stats().cpuNanos();
                harnessCpuStart = ProcessCpu.nanos();
                fanoutsStart = Fanouts.read(http, server.url());
                latenciesStart = System.nanoTime();
            }
            long due = System.nanoTime() + interval;
            String id = UUID.randomUUID().toString();
            if (event < 0) {
                settling.add(id);
            }
            arrived.put(id, new AtomicInteger());
            slowest.put(id, new AtomicLong());
            first.put(id, new AtomicLong(Long.MAX_VALUE));
            Mutation mutation = newCustomer(writer, hlc, json, id, "No. " + event);
            long pushStart = System.nanoTime();
            sentAt.put(id, pushStart);
            pushOne(writer, mutation);
            long pushTime = System.nanoTime() - pushStart;
            long deadline = System.nanoTime() + WAIT_NANOS;
            // A socket-only device whose socket closed hears nothing more (counted as an error below).
            while (arrived.get(id).get() < count - socketsClosed.size() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            if (event == -unmeasured) {
                settleSlowest = slowest.get(id).get() / 1_000_000;
            }
            if (event < 0) {
                missed += count - arrived.get(id).get();
                continue;
            }
            missed += count - arrived.get(id).get();
            pushes.add(pushTime);
            if (first.get(id).get() != Long.MAX_VALUE) {
                fastest.add(first.get(id).get());
            }
            eventSlowest.add(slowest.get(id).get() / 1_000_000);
            Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
        }
        results.put("events", events, "changes pushed, one per " + interval / 1_000_000 + " ms");
        if (events > 0) {
            long serverCpu = server.stats().cpuNanos() - serverCpuStart;
            long harnessCpu = ProcessCpu.nanos() - harnessCpuStart;
            results.put("cpuPerEvent.server", serverCpu / 1e6 / events, "ms of CPU per measured change");
            results.put("cpuPerEvent.harness", harnessCpu / 1e6 / events, "ms, the devices' process");
            Fanouts fanouts = Fanouts.read(http, server.url()).minus(fanoutsStart);
            if (fanouts.count() > 0) {
                results.put(
                        "server.fanoutMean",
                        fanouts.seconds() * 1000 / fanouts.count(),
                        "ms from the commit until the last socket was handed the message (server's meter)");
            }
            if (fanouts.count() != events) {
                results.note("the server metered " + (long) fanouts.count() + " fan-outs for " + events + " changes");
            }
        }
        latencies.report(results, "latency");
        pushes.report(results, "writerPush");
        fastest.report(results, "firstDevice");
        if (sdkCount < count) {
            socketLatencies.report(results, "socketLatency");
        }
        results.put("missed", missed, "deliveries not seen within 15 s");
        results.put("socketsClosed", socketsClosed.size(), "socket-only devices whose socket closed");
        results.put("errors", missed + socketsClosed.size(), "");
        socketsClosed.entrySet().stream()
                .limit(5)
                .forEach(closed -> results.note("socket of rt-" + closed.getKey() + " closed: " + closed.getValue()));
        for (int i = 0; i < count; i++) {
            if (received.get(i) < events + unmeasured) {
                String state = i < sdkCount
                        ? "online " + devices.get(i).syncState().online() + ", last error: "
                                + devices.get(i).syncState().lastError()
                        : "a socket-only device";
                results.note("device rt-" + i + " received " + received.get(i) + " of " + (events + unmeasured)
                        + " changes; " + state);
            }
        }
        results.note("latency: start of the writer's push until the record is in each SDK device's database");
        if (sdkCount < count) {
            results.note((count - sdkCount) + " of the " + count + " devices are sockets only (one reader thread,"
                    + " no database), as devices on hardware of their own; socketLatency: until each got the message");
        }
        results.note("writerPush: the writer's push round trip (the record is committed on the server when it ends);"
                + " firstDevice: each event's fastest delivery");
        results.note("slowest delivery of each event, ms: " + eventSlowest);
        results.note("cpuPerEvent: both processes' CPU over the measured changes, divided by their number (pings,"
                + " JIT and GC included), on " + Runtime.getRuntime().availableProcessors() + " cores");
        results.note("an unmeasured first change settled the devices' start-up syncs; its slowest delivery: "
                + settleSlowest + " ms");
        if (pushPathWarmup > 0) {
            results.note(pushPathWarmup + " single-change pushes by two devices of another shop warmed the push path"
                    + " first, in " + pushPathMillis + " ms: a server that serves many shops has run it that often;"
                    + " no device here hears them");
        }
        if (unmeasured > 1) {
            results.note(
                    (unmeasured - 1) + " more unmeasured changes, back to back, warmed both JVMs first (--warmup), in "
                            + (latenciesStart - warmupStart) / 1_000_000 + " ms");
        }
        results.atMost("latency.p50", 10);
        results.atMost("latency.p99", 50);
        results.atMost("server.heapPerDeviceKb", 100);
        results.atMost("errors", 0);
        if (count < 1000) {
            results.note("the issue's latency target is for 1,000 devices; this run had " + count);
        }
        return results;
    }

    /**
     * Pushes {@code count} one-customer changes, as the writer's, from two devices of another shop
     * at once, so the server's push path is compiled as it is in a server that has served many
     * pushes; the writer's own changes reach every device, so they alone could not warm it in a
     * bearable time. Returns how long it took, in milliseconds.
     */
    private static long warmPushPath(Harness harness, int count, ObjectMapper json) throws Exception {
        if (count == 0) {
            return 0;
        }
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> lanes = new ArrayList<>();
            for (int lane = 0; lane < 2; lane++) {
                Harness.SignedIn device = harness.signInOtherShop("push-path warm-up " + lane);
                int pushes = count / 2 + (lane == 0 ? count % 2 : 0);
                lanes.add(pool.submit(() -> {
                    HlcClock hlc =
                            new HlcClock(Clock.systemUTC(), device.session().deviceId());
                    for (int i = 0; i < pushes; i++) {
                        pushOne(
                                device,
                                newCustomer(device, hlc, json, UUID.randomUUID().toString(), "Warm-up " + i));
                    }
                    return null;
                }));
            }
            for (Future<?> lane : lanes) {
                lane.get();
            }
        } finally {
            pool.shutdown();
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** An upsert of a new customer, as a device of {@code by} would queue it. */
    private static Mutation newCustomer(
            Harness.SignedIn by, HlcClock hlc, ObjectMapper json, String recordId, String lastName) {
        ObjectNode fields = json.createObjectNode().put("firstName", "Realtime").put("lastName", lastName);
        return new Mutation(
                UUID.randomUUID().toString(),
                "customers",
                recordId,
                "upsert",
                fields,
                null,
                hlc.now().toString(),
                by.session().employeeId(),
                null);
    }

    /** Pushes one mutation; it must be applied. */
    private static void pushOne(Harness.SignedIn by, Mutation mutation) {
        PushResponse response = by.transport().push(new PushRequest(by.session().deviceId(), List.of(mutation)));
        if (response.results().get(0).status() != MutationStatus.APPLIED) {
            throw new IllegalStateException("a realtime change was not applied: " + response.results());
        }
    }

    /**
     * The server's {@code repairsync_realtime_fanout_seconds} meter, from its {@code /metrics}: how
     * many commits were handed to their shop's sockets, and how long that took in all.
     */
    private record Fanouts(double count, double seconds) {
        static Fanouts read(HttpClient http, String serverUrl) throws IOException, InterruptedException {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(serverUrl + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("GET /metrics answered " + response.statusCode());
            }
            double count = 0;
            double seconds = 0;
            for (String line : response.body().split("\n")) {
                if (line.startsWith("repairsync_realtime_fanout_seconds_count")) {
                    count += value(line);
                } else if (line.startsWith("repairsync_realtime_fanout_seconds_sum")) {
                    seconds += value(line);
                }
            }
            return new Fanouts(count, seconds);
        }

        Fanouts minus(Fanouts earlier) {
            return new Fanouts(count - earlier.count, seconds - earlier.seconds);
        }

        private static double value(String line) {
            return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
    }

    /** A device heard of a record at {@code atNanos}: {@code into} takes its latency if it is measured. */
    private interface Delivery {
        void record(int device, String entity, String recordId, long atNanos, Latencies into);
    }

    /** A stand-in heard of a record in a message that arrived at {@code arrivedNanos}. */
    private interface SocketDelivery {
        void record(int device, String entity, String recordId, long arrivedNanos);
    }

    /**
     * Signs in a device for each of {@code from..to-1} and opens its socket as a {@link
     * SocketDevices} stand-in, which the harness closes at the end.
     */
    private static void openSockets(
            Harness harness, int from, int to, SocketDelivery heard, Map<Integer, String> closed) throws Exception {
        JsonFactory json = new JsonFactory();
        SocketDevices sockets =
                harness.closeLater(new SocketDevices(harness.server().url(), new SocketDevices.Listener() {
                    @Override
                    public void text(int device, String message, long arrivedNanos) {
                        try (JsonParser parser = json.createParser(message)) {
                            for (String[] change : carriedChanges(parser)) {
                                heard.record(device, change[0], change[1], arrivedNanos);
                            }
                        } catch (IOException | RuntimeException e) {
                            closed.put(device, "a message that is not a realtime message: " + e.getMessage());
                        }
                    }

                    @Override
                    public void closed(int device, String reason) {
                        closed.put(device, reason);
                    }
                }));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> opening = new ArrayList<>();
            for (int i = from; i < to; i++) {
                int device = i;
                opening.add(pool.submit(() -> {
                    Harness.SignedIn signedIn = harness.signInShared("rt-" + device);
                    sockets.open(device, signedIn.session().accessToken());
                    return null;
                }));
            }
            for (Future<?> socket : opening) {
                socket.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /**
     * The (entity, recordId) of each change a {@code {"type":"changes"}} message carries; none for
     * any other message. Read as a stream, as it is read once per stand-in per event.
     */
    static List<String[]> carriedChanges(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("not a JSON object");
        }
        String type = null;
        List<String[]> changes = new ArrayList<>(1);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("type".equals(field)) {
                type = parser.getText();
            } else if ("changes".equals(field) && value == JsonToken.START_ARRAY) {
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    String entity = null;
                    String recordId = null;
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String member = parser.currentName();
                        parser.nextToken();
                        switch (member) {
                            case "entity" -> entity = parser.getText();
                            case "recordId" -> recordId = parser.getText();
                            default -> parser.skipChildren();
                        }
                    }
                    changes.add(new String[] {entity, recordId});
                }
            } else {
                parser.skipChildren();
            }
        }
        return "changes".equals(type) ? changes : List.of();
    }

    private static List<RepairSyncDevice> join(Harness harness, int count, IntFunction<RecordListener> listeners)
            throws Exception {
        DeviceOptions options = DeviceOptions.defaults().withAutoSync(true).withTransport(harness.sharedTransports());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<RepairSyncDevice>> joining = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String name = "rt-" + i;
                RecordListener listener = listeners.apply(i);
                joining.add(pool.submit(() -> {
                    RepairSyncDevice device = harness.join(name, options);
                    device.addRecordListener(listener);
                    return device;
                }));
            }
            List<RepairSyncDevice> devices = new ArrayList<>();
            for (Future<RepairSyncDevice> device : joining) {
                devices.add(device.get());
            }
            return devices;
        } finally {
            pool.shutdown();
        }
    }
}
