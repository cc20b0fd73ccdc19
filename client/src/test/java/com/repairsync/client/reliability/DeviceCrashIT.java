package com.repairsync.client.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.client.DeviceOptions;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.crash.WorkerTranscript;
import com.repairsync.client.records.Customer;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.Mutations;
import com.repairsync.testkit.Seeds;
import com.repairsync.testkit.faults.FaultProxy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device processes ({@code CrashWorker}: customers created and edited, stock taken, syncs) are
 * killed with SIGKILL at random points, two lanes at once, each lane restarting its device on the
 * same database file: during start-up, at a random time after it is ready, or (through a {@link
 * FaultProxy} answer hook) right after the server answered a push or a pull and before the device
 * read the answer. Then every database is opened again and drained, and: every customer a worker
 * printed as saved is on the server; the stock went down by every saved take, applied once (a take
 * cut by the kill before it was reported may or may not count); the devices equal the server.
 *
 * <p>{@code -Drepairsync.scale=N} kills N times as often (the nightly profile: 200 kills).
 */
class DeviceCrashIT {
    private static final long INITIAL_STOCK = 100_000;
    private static final int LANES = 2;

    @RegisterExtension
    static final TestServer server = TestServer.start();

    @TempDir
    Path dir;

    /** What the workers of all lanes reported. */
    private final Set<String> savedCustomers = ConcurrentHashMap.newKeySet();

    private final AtomicInteger savedTakes = new AtomicInteger();
    private final AtomicInteger cutTakes = new AtomicInteger();
    private final List<String> plans = new CopyOnWriteArrayList<>();
    private final List<String> runLog = new CopyOnWriteArrayList<>();
    /** Per database file: writes reported saved, and writes cut by a kill. */
    private final java.util.Map<Path, int[]> writesByLane = new ConcurrentHashMap<>();

    private int[] laneWrites(Path db) {
        return writesByLane.computeIfAbsent(db, k -> new int[2]);
    }

    @Test
    void killedDeviceProcessesLoseNothingTheySavedAndNothingIsAppliedTwice() throws Exception {
        long seed = Seeds.seed("DeviceCrashIT");
        Random random = new Random(seed);
        int kills = Seeds.scaled(20);
        Shop shop = server.createShop();
        String item = UUID.randomUUID().toString();
        shop.adminDevice("setup")
                .pushOk(List.of(Mutations.upsert("inventoryItems", item)
                        .field("sku", "BAT-1")
                        .field("name", "Battery")
                        .field("quantity", INITIAL_STOCK)));
        URI base = URI.create(server.http().baseUrl());
        long started = System.nanoTime();
        AtomicInteger killed = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> lanes = new ArrayList<>();
        for (int lane = 0; lane < LANES; lane++) {
            long laneSeed = random.nextLong();
            Path db = dir.resolve("lane-" + lane).resolve("device.db");
            int runs = kills / LANES + (lane < kills % LANES ? 1 : 0);
            Thread thread = new Thread(
                    () -> {
                        try (FaultProxy proxy = FaultProxy.start(base.getHost(), base.getPort(), laneSeed)) {
                            Random laneRandom = new Random(laneSeed);
                            for (int run = 0; run < runs; run++) {
                                runAndKill(shop, item, db, proxy, laneRandom, laneWrites(db));
                                killed.incrementAndGet();
                            }
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        }
                    },
                    "lane-" + lane);
            thread.start();
            lanes.add(thread);
        }
        for (Thread lane : lanes) {
            lane.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("seed=" + seed + " plans=" + plans, failure.get());
        }
        String context = "seed=" + seed + " kills=" + killed + " saved customers=" + savedCustomers.size()
                + " saved takes=" + savedTakes + " cut takes=" + cutTakes + " plans=" + plans;

        List<RepairSyncDevice> devices = new ArrayList<>();
        try {
            for (int lane = 0; lane < LANES; lane++) {
                RepairSyncDevice device = RepairSyncDevice.open(
                        dir.resolve("lane-" + lane).resolve("device.db"),
                        server.http().baseUrl(),
                        DeviceOptions.defaults().withAutoSync(false));
                devices.add(device);
                if (!device.joined()) {
                    device.join(shop.adminEmail(), TestServer.PASSWORD, "after the crashes");
                }
                for (int i = 0; i < 20 && (i == 0 || device.syncState().pendingCount() > 0); i++) {
                    device.syncNow();
                }
                assertThat(device.syncState().pendingCount()).as(context).isZero();
                assertThat(device.failedMutations()).as(context).isEmpty();
            }
            for (RepairSyncDevice device : devices) {
                device.syncNow(); // the other lane's last writes
            }
            Device.Snapshot snapshot = shop.adminDevice("checker").pullAll(0);
            Set<String> onServer = new TreeSet<>();
            snapshot.changes().forEach((key, change) -> {
                if (key.startsWith("customers/") && !change.path("deleted").asBoolean()) {
                    onServer.add(change.get("recordId").asText());
                }
            });
            assertThat(onServer)
                    .as("every saved customer is on the server; " + context)
                    .containsAll(savedCustomers);
            JsonNode stock = snapshot.record("inventoryItems", item);
            long taken = INITIAL_STOCK - stock.get("quantity").asLong();
            assertThat(taken)
                    .as(
                            "stock taken: every saved take once, plus at most the takes cut by a kill; %s%n%s",
                            context,
                            diagnosis(shop) + "\nlanes (saved, cut): " + lanes() + "\nserver customers: "
                                    + onServer.size() + "\nruns:\n" + String.join("\n", runLog))
                    .isBetween((long) savedTakes.get(), (long) savedTakes.get() + cutTakes.get());
            for (RepairSyncDevice device : devices) {
                Set<String> local = new TreeSet<>();
                device.customers().all().stream().map(Customer::id).forEach(local::add);
                assertThat(local).as("device equals server; " + context).isEqualTo(onServer);
                assertThat(device.inventoryItems().get(item).orElseThrow().quantity())
                        .as(context)
                        .isEqualTo(stock.get("quantity").asLong());
            }
        } finally {
            devices.forEach(RepairSyncDevice::close);
        }
        assertThat(killed.get()).isGreaterThanOrEqualTo(kills);
        System.out.printf(
                "DeviceCrashIT %s in %d ms%n",
                context.replaceAll(" plans=.*", " plans=" + plansSummary()),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    /** Launches a worker on {@code db} through {@code proxy}, kills it as a random plan says, reads its transcript. */
    private void runAndKill(Shop shop, String item, Path db, FaultProxy proxy, Random random, int[] writes)
            throws Exception {
        Files.createDirectories(db.getParent().resolve("native"));
        Path transcript = db.getParent().resolve("worker.out");
        Process process = launch(shop, item, db, proxy, random.nextLong(), transcript);
        CountDownLatch ready = new CountDownLatch(1);
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(
                () -> WorkerTranscript.follow(process, transcript, line -> {
                    lines.add(line);
                    if (line.startsWith("READY")) {
                        ready.countDown();
                    }
                }),
                "worker-out");
        reader.setDaemon(true);
        reader.start();
        int pick = random.nextInt(10);
        String plan;
        if (pick < 2) {
            plan = "start-up";
            Thread.sleep(150 + random.nextInt(900)); // when to kill, not a wait for a result
        } else if (pick < 6) {
            plan = "ready";
            ready.await(30, TimeUnit.SECONDS);
            Thread.sleep(random.nextInt(1500));
        } else {
            String path = random.nextBoolean() ? "/v1/sync/push" : "/v1/sync/pull/stream";
            int nth = 1 + random.nextInt(3);
            plan = "answer " + nth + " to " + path;
            CountDownLatch trapped = new CountDownLatch(1);
            proxy.onNthSuccess(path, nth, () -> {
                process.destroyForcibly(); // the server answered; the device dies before it reads it
                trapped.countDown();
            });
            if (!trapped.await(15, TimeUnit.SECONDS)) {
                plan += " (never came; killed after 15 s)";
            }
        }
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS))
                .as("the worker died of SIGKILL")
                .isTrue();
        proxy.clearAnswerHook();
        reader.join(120_000); // until the end of the dead worker's stdout: a cut transcript hides writes
        assertThat(reader.isAlive())
                .as("the worker's whole transcript was read")
                .isFalse();
        plans.add(plan);
        runLog.add(db.getParent().getFileName() + " " + plan + ": exit " + process.exitValue() + ", reader "
                + (reader.isAlive() ? "STILL ALIVE" : "done") + ", " + lines.size() + " lines, "
                + lines.stream().filter(l -> l.startsWith("SAVED ")).count() + " saved, last "
                + (lines.isEmpty() ? "-" : lines.get(lines.size() - 1)));
        assertThat(lines).as("worker output").noneMatch(line -> line.startsWith("ERROR"));
        transcript(lines, writes);
    }

    private void transcript(List<String> lines, int[] writes) {
        boolean takeOpen = false;
        boolean writeOpen = false;
        for (String line : lines) {
            if (line.startsWith("INTENT ")) {
                writeOpen = true;
            } else if (line.startsWith("SAVED ")) {
                writeOpen = false;
                writes[0]++;
            }
            String[] words = line.split(" ");
            if (line.startsWith("SAVED customers ") && words.length >= 3 && words[2].length() == 36) {
                savedCustomers.add(words[2]);
            } else if (line.startsWith("INTENT adjust ")) {
                takeOpen = true;
            } else if (line.startsWith("SAVED adjust ")) {
                savedTakes.incrementAndGet();
                takeOpen = false;
            }
        }
        if (takeOpen) {
            cutTakes.incrementAndGet();
        }
        if (writeOpen) {
            writes[1]++;
        }
    }

    private static Process launch(Shop shop, String item, Path db, FaultProxy proxy, long seed, Path transcript)
            throws IOException {
        List<String> command = new ArrayList<>(com.repairsync.testkit.ChildJvm.onClassPath(
                db.getParent().resolve("native"), "-Dlogback.configurationFile=logback-worker.xml"));
        command.addAll(List.of(
                "com.repairsync.client.crash.CrashWorker",
                db.toString(),
                proxy.baseUrl(),
                shop.adminEmail(),
                TestServer.PASSWORD,
                item,
                Long.toString(seed),
                "off"));
        return new ProcessBuilder(command)
                .redirectOutput(transcript.toFile())
                .redirectError(db.getParent().resolve("worker.err").toFile())
                .start();
    }

    /** The server's devices of the shop and the mutations it recorded per device, for a failure message. */
    private static String diagnosis(Shop shop) {
        StringBuilder text = new StringBuilder("server devices and recorded mutations:");
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + server.databaseFile());
                java.sql.PreparedStatement query = db.prepareStatement(
                        "SELECT d.id, d.name, d.created_at, (SELECT COUNT(*) FROM applied_mutations a"
                                + " WHERE a.device_id = d.id), (SELECT COUNT(*) FROM applied_mutations a WHERE"
                                + " a.device_id = d.id AND a.status = 'applied') FROM devices d WHERE d.shop_id = ?"
                                + " ORDER BY d.created_at")) {
            query.setString(1, shop.shopId());
            try (java.sql.ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    text.append("\n  ")
                            .append(rows.getString(1))
                            .append(' ')
                            .append(rows.getString(2))
                            .append(" joined ")
                            .append(rows.getString(3))
                            .append(": ")
                            .append(rows.getLong(4))
                            .append(" mutations, ")
                            .append(rows.getLong(5))
                            .append(" applied");
                }
            }
        } catch (java.sql.SQLException e) {
            text.append(" unavailable: ").append(e.getMessage());
        }
        return text.toString();
    }

    private String lanes() {
        StringBuilder text = new StringBuilder();
        writesByLane.forEach((db, counts) -> text.append(db.getParent().getFileName())
                .append('=')
                .append(counts[0])
                .append('/')
                .append(counts[1])
                .append(' '));
        return text.toString();
    }

    private String plansSummary() {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        plans.forEach(plan -> counts.merge(plan.replaceAll("answer \\d+ to", "answer to"), 1, Integer::sum));
        return counts.toString();
    }
}
