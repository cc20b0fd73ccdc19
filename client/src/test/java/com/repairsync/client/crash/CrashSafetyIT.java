package com.repairsync.client.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.client.DeviceOptions;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.SyncStatus;
import com.repairsync.client.records.Customer;
import com.repairsync.client.records.InventoryItem;
import com.repairsync.client.transport.UnauthorizedException;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.MutableClock;
import com.repairsync.testkit.Mutations;
import com.repairsync.testkit.Seeds;
import com.repairsync.testkit.faults.FaultProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety (issue 3, "What it must show" item 4): a real device process ({@link CrashWorker})
 * writes customers, edits them, takes stock and syncs, and is killed with SIGKILL at random points,
 * several times on the same database file. Then the test opens that file, syncs until nothing is
 * pending, and checks: every write the worker was told was saved is on the device and on the
 * server; the server applied nothing twice (stock went down by exactly the saved takes, give or take
 * the one write per kill that was cut before the worker could report it); and the device, a fresh
 * device and the server agree.
 *
 * <p>Kills come at a random time after launch (during start-up, migration or join), a random time
 * after the device is ready, after a random number of saved writes, or, through {@link
 * FaultProxy#onNthSuccess}, right after the server answered a push, a pull or the sign-in and before the
 * device read the answer. The seed is printed; {@code -Drepairsync.seed=N} replays the same plan (kill timing is
 * real time, so a replay hits the same kinds of windows, not the same instructions). {@code
 * -Drepairsync.scale=N} runs N times as many rounds.
 */
class CrashSafetyIT {
    private static final long INITIAL_STOCK = 100_000;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int KILLED = 128 + 9;

    @RegisterExtension
    static final TestServer server = TestServer.start();

    @TempDir
    Path dir;

    @Test
    void aKilledDeviceLosesNothingItSavedAndTheServerAppliesNothingTwice() throws Exception {
        long seed = Seeds.seed("CrashSafetyIT");
        Random random = new Random(seed);
        int rounds = Seeds.scaled(4);
        try (FaultProxy proxy = proxyTo(server)) {
            for (int round = 0; round < rounds; round++) {
                long roundSeed = random.nextLong();
                System.out.printf("CrashSafetyIT round %d seed=%d%n", round, roundSeed);
                runRound(round, roundSeed, proxy);
            }
        }
    }

    /**
     * A device killed after the server rotated its refresh token and before it stored the new pair
     * must still be able to sync: the token it kept is the only one it has.
     */
    @Test
    void aDeviceKilledWhileItsTokensRotateCanStillSync() throws Exception {
        MutableClock clock = MutableClock.atNow();
        TestServer rotating =
                TestServer.start(clock, Map.of("--access-token-ttl", "15m", "--refresh-token-ttl", "30d"));
        try (FaultProxy proxy = proxyTo(rotating)) {
            Shop shop = rotating.createShop();
            String itemId = seedItem(shop, "REFRESH");
            Path db = dir.resolve("refresh").resolve("device.db");
            Target target = new Target(rotating, shop, itemId, db);

            Run first = launch(target, 0, 11L, false, Plan.afterSaved(20), proxy);
            // The access token has expired, the refresh token has not: the next sync refreshes.
            clock.advance(Duration.ofMinutes(16));
            Run second = launch(target, 1, 12L, false, Plan.onAnswer("/v1/auth/refresh", 1), proxy);
            assertThat(second.killedByTrap())
                    .as("the worker was killed right after the server rotated its tokens: %s", second)
                    .isTrue();
            Transcript transcript = Transcript.of(List.of(first, second));

            UnauthorizedException lockedOut = null;
            try (RepairSyncDevice device = RepairSyncDevice.open(
                    db, rotating.http().baseUrl(), DeviceOptions.defaults().withAutoSync(false))) {
                try {
                    drain(device);
                } catch (UnauthorizedException e) {
                    lockedOut = e;
                    // Only a manager's password brings the device back; its outbox is still there.
                    device.join(shop.adminEmail(), TestServer.PASSWORD, "crash-worker");
                    drain(device);
                }
                assertThat(device.syncState().pendingCount()).isZero();
            }
            Device.Snapshot snapshot = shop.adminDevice("verify").pullAll(0);
            assertThat(customersOf(snapshot).keySet())
                    .as("no saved customer is lost, even after a forced sign-in")
                    .containsAll(transcript.savedCustomers().keySet());
            assertThat(lockedOut)
                    .as("a device killed between the server's token rotation and storing the new pair"
                            + " is locked out: the next refresh presents the old token, which the server"
                            + " takes for a stolen one and revokes the whole login")
                    .isNull();
        } finally {
            rotating.stop();
        }
    }

    // ------------------------------------------------------------------ one round

    private void runRound(int round, long roundSeed, FaultProxy proxy) throws Exception {
        long started = System.nanoTime();
        Random random = new Random(roundSeed);
        Shop shop = server.createShop();
        String itemId = seedItem(shop, "CRASH-" + round);
        Path db = dir.resolve("round-" + round).resolve("device.db");
        Target target = new Target(server, shop, itemId, db);

        List<Run> runs = new ArrayList<>();
        int cycles = 2 + random.nextInt(3);
        for (int cycle = 0; cycle < cycles; cycle++) {
            boolean autoSync = random.nextInt(4) == 0;
            Plan plan = Plan.random(random, autoSync, cycle == 0);
            runs.add(launch(target, cycle, random.nextLong(), autoSync, plan, proxy));
        }
        Transcript transcript = Transcript.of(runs);
        String context = "round " + round + " seed=" + roundSeed + "\n" + transcript.describe();

        State local;
        try (RepairSyncDevice device = RepairSyncDevice.open(
                db, server.http().baseUrl(), DeviceOptions.defaults().withAutoSync(false))) {
            if (!device.joined()) {
                // every run was killed before the join stored its tokens: nothing can have been saved
                assertThat(transcript.savedWrites()).as(context).isZero();
                device.join(shop.adminEmail(), TestServer.PASSWORD, "crash-worker");
            }
            drain(device);
            assertThat(device.syncState().pendingCount()).as(context).isZero();
            assertThat(device.failedMutations()).as(context).isEmpty();
            for (Customer customer : device.customers().all()) {
                assertThat(customer.syncStatus()).as(context + "\n" + customer).isEqualTo(SyncStatus.SYNCED);
            }
            local = State.of(device, itemId);
        }
        State remote = State.of(shop.adminDevice("verify-" + round).pullAll(0), itemId);
        State fresh;
        try (RepairSyncDevice device = RepairSyncDevice.open(
                dir.resolve("round-" + round).resolve("fresh.db"),
                server.http().baseUrl(),
                DeviceOptions.defaults().withAutoSync(false))) {
            device.join(shop.adminEmail(), TestServer.PASSWORD, "fresh");
            fresh = State.of(device, itemId);
        }

        transcript.check(remote, context);
        assertThat(local)
                .as("the crashed device equals the server after sync; " + context)
                .isEqualTo(remote);
        assertThat(fresh).as("a fresh device equals the server; " + context).isEqualTo(remote);
        System.out.printf(
                "CrashSafetyIT round %d: %d runs, %d saved writes (%d cut by a kill), %d customers, stock %d -> %d,"
                        + " %d kills during a sync, %d ms%n",
                round,
                runs.size(),
                transcript.savedWrites(),
                transcript.cutWrites(),
                remote.customers().size(),
                INITIAL_STOCK,
                remote.quantity(),
                transcript.killsDuringSync(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** A fault-free proxy in front of a server, used for its answer hook. */
    private static FaultProxy proxyTo(TestServer target) {
        java.net.URI base = java.net.URI.create(target.http().baseUrl());
        return FaultProxy.start(base.getHost(), base.getPort(), 0);
    }

    private static String seedItem(Shop shop, String sku) {
        String itemId = UUID.randomUUID().toString();
        shop.adminDevice("setup")
                .pushOk(List.of(Mutations.upsert("inventoryItems", itemId)
                        .field("sku", sku)
                        .field("name", "Battery")
                        .field("quantity", INITIAL_STOCK)));
        return itemId;
    }

    /** Syncs until nothing is pending (a sync pushes at most one batch per round trip of results). */
    private static void drain(RepairSyncDevice device) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            device.syncNow();
            if (device.syncState().pendingCount() == 0) {
                return;
            }
            Thread.sleep(100);
        }
    }

    // ------------------------------------------------------------------ the worker process

    /** Where a worker runs: the server, the shop it joins, the stock item and its database file. */
    private record Target(TestServer server, Shop shop, String itemId, Path db) {}

    /** When to kill a worker. */
    private record Plan(String kind, long millis, int count, String path) {
        static Plan early(long millis) {
            return new Plan("early", millis, 0, null);
        }

        static Plan afterReady(long millis) {
            return new Plan("afterReady", millis, 0, null);
        }

        static Plan afterSaved(int count) {
            return new Plan("afterSaved", 0, count, null);
        }

        /** After the server's nth successful answer to a path, before the worker reads it. */
        static Plan onAnswer(String path, int count) {
            return new Plan("onAnswer", 0, count, path);
        }

        /** A random plan; a first run on a new database may also die right after its sign-in. */
        static Plan random(Random random, boolean autoSync, boolean joins) {
            int pick = random.nextInt(100);
            if (pick < 10) {
                return early(100 + random.nextInt(900));
            }
            if (pick < 40 || (pick >= 70 && autoSync)) {
                return afterReady(random.nextInt(1200));
            }
            if (pick < 70) {
                return afterSaved(1 + random.nextInt(150));
            }
            if (joins && pick >= 95) {
                return onAnswer("/v1/auth/login", 1);
            }
            return onAnswer(random.nextBoolean() ? "/v1/sync/push" : "/v1/sync/pull/stream", 1 + random.nextInt(3));
        }

        @Override
        public String toString() {
            return switch (kind) {
                case "early" -> "kill " + millis + " ms after launch";
                case "afterReady" -> "kill " + millis + " ms after READY";
                case "afterSaved" -> "kill at SAVED line " + count;
                default -> "kill on answer " + count + " to " + path;
            };
        }
    }

    /** One worker process from launch to kill: its stdout lines and how it ended. */
    private record Run(
            int cycle,
            long seed,
            boolean autoSync,
            Plan plan,
            List<String> lines,
            int exitCode,
            boolean killedByTrap,
            long readyMillis,
            long aliveMillis) {
        @Override
        public String toString() {
            return "run " + cycle + " (seed " + seed + ", autoSync " + autoSync + ", " + plan + ", exit " + exitCode
                    + (killedByTrap ? ", killed by the proxy" : "") + ", ready after "
                    + (readyMillis < 0 ? "-" : readyMillis + " ms") + ", killed after " + aliveMillis + " ms, "
                    + lines.size() + " lines, last "
                    + (lines.isEmpty() ? "-" : lines.get(lines.size() - 1)) + ")";
        }
    }

    /**
     * Starts a worker (auto-sync runs talk to the server directly; the others go through the proxy,
     * whose answer hook can kill them) and kills it as planned.
     */
    private Run launch(Target target, int cycle, long seed, boolean autoSync, Plan plan, FaultProxy proxy)
            throws Exception {
        Path home = target.db().getParent();
        Files.createDirectories(home.resolve("native"));
        Path log = home.resolve("worker-" + cycle + ".log");
        String url = autoSync ? target.server().http().baseUrl() : proxy.baseUrl();
        // Logs go to stderr (logback-worker.xml), so stdout carries only the transcript, as for DeviceCrashIT.
        List<String> command = new ArrayList<>(com.repairsync.testkit.ChildJvm.onClassPath(
                home.resolve("native"), "-Dlogback.configurationFile=logback-worker.xml"));
        command.addAll(List.of(
                CrashWorker.class.getName(),
                target.db().toString(),
                url,
                target.shop().adminEmail(),
                TestServer.PASSWORD,
                target.itemId(),
                Long.toString(seed),
                autoSync ? "on" : "off"));
        long launched = System.nanoTime();
        AtomicLong readyAt = new AtomicLong(-1);
        AtomicLong killedAt = new AtomicLong(-1);
        Path transcript = home.resolve("worker-" + cycle + ".out");
        Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.to(transcript.toFile()))
                .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
                .start();

        AtomicBoolean killed = new AtomicBoolean();
        AtomicBoolean trapped = new AtomicBoolean();
        Runnable kill = () -> {
            killedAt.compareAndSet(-1, System.nanoTime() - launched);
            killed.set(true);
            process.destroyForcibly(); // SIGKILL: no shutdown hook, no finally, no close
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch ready = new CountDownLatch(1);
        CountDownLatch reached = new CountDownLatch(1);
        if (plan.kind().equals("onAnswer")) {
            proxy.onNthSuccess(plan.path(), plan.count(), () -> {
                trapped.set(true);
                kill.run();
                reached.countDown();
            });
        }
        AtomicInteger saved = new AtomicInteger();
        Thread reader = new Thread(
                () -> WorkerTranscript.follow(process, transcript, line -> {
                    lines.add(line);
                    if (line.startsWith("READY")) {
                        readyAt.set(System.nanoTime() - launched);
                        ready.countDown();
                    }
                    if (line.startsWith("SAVED ")
                            && plan.kind().equals("afterSaved")
                            && saved.incrementAndGet() == plan.count()) {
                        kill.run();
                        reached.countDown();
                    }
                }),
                "crash-worker-stdout");
        reader.setDaemon(true);
        reader.start();

        try {
            switch (plan.kind()) {
                case "early" -> Thread.sleep(plan.millis());
                case "afterReady" -> {
                    if (ready.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                        Thread.sleep(plan.millis());
                    }
                }
                default -> reached.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (!process.isAlive() && !killed.get()) {
                fail(
                        "the worker stopped by itself (exit %d) in %s; its stdout: %s%nits stderr: %s",
                        process.exitValue(), plan, lines, Files.readString(log));
            }
            kill.run();
        } finally {
            proxy.clearAnswerHook();
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        // The transcript is only complete once the reader saw the end of the dead worker's stdout; on
        // a loaded machine that can take longer than the kill, and a cut transcript hides writes.
        reader.join(TimeUnit.SECONDS.toMillis(120));
        assertThat(reader.isAlive()).as("the worker's whole stdout was read").isFalse();
        Run run = new Run(
                cycle,
                seed,
                autoSync,
                plan,
                List.copyOf(lines),
                process.exitValue(),
                trapped.get(),
                readyAt.get() < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(readyAt.get()),
                TimeUnit.NANOSECONDS.toMillis(killedAt.get()));
        System.out.println("CrashSafetyIT   " + run);
        if (run.exitCode() != KILLED || lines.stream().anyMatch(line -> line.startsWith("ERROR"))) {
            fail("the worker failed: %s%nits stdout: %s%nits stderr: %s", run, lines, Files.readString(log));
        }
        return run;
    }

    // ------------------------------------------------------------------ what the workers said

    /**
     * The writes the workers reported, in order, across all their runs. A write whose INTENT line
     * has no SAVED line was cut by the kill: it may or may not be stored (at most one per run).
     */
    private record Transcript(
            List<Run> runs,
            Map<String, String> savedCustomers,
            int savedAdjusts,
            int cutCreates,
            int cutAdjusts,
            Map<String, List<String>> possibleNotes,
            List<String> syncFailures,
            int savedWrites,
            int killsDuringSync) {

        static Transcript of(List<Run> runs) {
            Map<String, String> customers = new LinkedHashMap<>();
            Map<String, List<String>> notes = new HashMap<>();
            List<String> syncFailures = new ArrayList<>();
            int adjusts = 0;
            int cutCreates = 0;
            int cutAdjusts = 0;
            int saved = 0;
            int killsDuringSync = 0;
            for (Run run : runs) {
                String[] intent = null;
                String lastSync = null;
                for (String line : run.lines()) {
                    String[] words = line.split(" ");
                    switch (words[0]) {
                        case "INTENT" -> intent = words;
                        case "SAVED" -> {
                            intent = null;
                            saved++;
                            switch (words[1]) {
                                case "customers" -> customers.put(words[2], words[3]);
                                case "update" -> notes.put(words[2], new ArrayList<>(List.of(words[3])));
                                case "adjust" -> adjusts++;
                                default -> throw new IllegalStateException("unknown line " + line);
                            }
                        }
                        case "SYNC" -> {
                            lastSync = words[1];
                            if (words[1].equals("failed")) {
                                syncFailures.add("run " + run.cycle() + ": " + line);
                            }
                        }
                        default -> {
                            // READY and anything else
                        }
                    }
                }
                if ("start".equals(lastSync) && intent == null) {
                    killsDuringSync++;
                }
                if (intent != null) {
                    switch (intent[1]) {
                        case "create" -> cutCreates++;
                        case "adjust" -> cutAdjusts++;
                        case "update" -> {
                            // the cut edit may be the last one stored, or the one before it
                            List<String> possible = notes.computeIfAbsent(intent[2], id -> {
                                List<String> never = new ArrayList<>();
                                never.add(null);
                                return never;
                            });
                            possible.add(intent[3]);
                        }
                        default -> throw new IllegalStateException("unknown intent " + String.join(" ", intent));
                    }
                }
            }
            return new Transcript(
                    runs, customers, adjusts, cutCreates, cutAdjusts, notes, syncFailures, saved, killsDuringSync);
        }

        int cutWrites() {
            return cutCreates
                    + cutAdjusts
                    + (int) possibleNotes.values().stream()
                            .mapToLong(values -> values.size() - 1)
                            .sum();
        }

        String describe() {
            return runs.stream().map(Run::toString).collect(Collectors.joining("\n"));
        }

        /** Every saved write is on the server once; a cut write at most once. */
        void check(State server, String context) {
            assertThat(syncFailures)
                    .as("the server was up: no sync of a worker failed; " + context)
                    .isEmpty();
            for (Map.Entry<String, String> saved : savedCustomers.entrySet()) {
                CustomerFields customer = server.customers().get(saved.getKey());
                assertThat(customer)
                        .as("customer %s was SAVED, so the server has it; %s", saved.getKey(), context)
                        .isNotNull();
                assertThat(customer.lastName()).as(context).isEqualTo(saved.getValue());
            }
            // Customers no SAVED line names: their last name is "<run seed>-<step>", which tells
            // which worker run made each one, and at which step.
            Map<String, String> unsaved = new TreeMap<>();
            server.customers().forEach((id, fields) -> {
                if (!savedCustomers.containsKey(id)) {
                    unsaved.put(id, fields.lastName());
                }
            });
            assertThat(server.customers().size())
                    .as("saved customers plus at most the creates cut by a kill; not SAVED: %s; %s", unsaved, context)
                    .isBetween(savedCustomers.size(), savedCustomers.size() + cutCreates);
            for (Map.Entry<String, CustomerFields> customer : server.customers().entrySet()) {
                List<String> possible = possibleNotes.getOrDefault(customer.getKey(), Collections.singletonList(null));
                assertThat(possible)
                        .as(
                                "notes of customer %s: the last SAVED edit, or an edit cut by a later kill; %s",
                                customer.getKey(), context)
                        .contains(customer.getValue().notes());
            }
            assertThat(server.quantity())
                    .as(
                            "stock: %d - %d saved takes, minus at most %d takes cut by a kill, each applied once; %s",
                            INITIAL_STOCK, savedAdjusts, cutAdjusts, context)
                    .isBetween(INITIAL_STOCK - savedAdjusts - cutAdjusts, INITIAL_STOCK - savedAdjusts);
        }
    }

    // ------------------------------------------------------------------ states to compare

    private record CustomerFields(
            String firstName, String lastName, String phone, String email, String address, String notes) {}

    /** Customers by id and the stock item's quantity, as a device or the server sees them. */
    private record State(Map<String, CustomerFields> customers, long quantity) {
        static State of(RepairSyncDevice device, String itemId) {
            Map<String, CustomerFields> customers = new TreeMap<>();
            for (Customer c : device.customers().all()) {
                customers.put(
                        c.id(),
                        new CustomerFields(c.firstName(), c.lastName(), c.phone(), c.email(), c.address(), c.notes()));
            }
            InventoryItem item = device.inventoryItems().get(itemId).orElseThrow();
            return new State(customers, item.quantity());
        }

        static State of(Device.Snapshot snapshot, String itemId) {
            JsonNode item = snapshot.record("inventoryItems", itemId);
            return new State(customersOf(snapshot), item.get("quantity").asLong());
        }
    }

    private static Map<String, CustomerFields> customersOf(Device.Snapshot snapshot) {
        Map<String, CustomerFields> customers = new TreeMap<>();
        snapshot.changes().forEach((key, change) -> {
            if (key.startsWith("customers/") && !change.path("deleted").asBoolean()) {
                JsonNode r = change.get("record");
                customers.put(
                        change.get("recordId").asText(),
                        new CustomerFields(
                                text(r, "firstName"),
                                text(r, "lastName"),
                                text(r, "phone"),
                                text(r, "email"),
                                text(r, "address"),
                                text(r, "notes")));
            }
        });
        return customers;
    }

    private static String text(JsonNode record, String field) {
        JsonNode value = record.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
