package com.repairsync.client.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.repairsync.client.DeviceOptions;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.crash.WorkerTranscript;
import com.repairsync.client.internal.TestKeys;
import com.repairsync.client.records.AttachmentStatus;
import com.repairsync.protocol.Sha256;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.ChildJvm;
import com.repairsync.testkit.Mutations;
import com.repairsync.testkit.Seeds;
import com.repairsync.testkit.faults.FaultProxy;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 27, "What it must show" item 1: a device process ({@code AttachmentWorker}) attaches photos
 * through the fault proxy and is killed with SIGKILL while they upload: at a random moment, right
 * after the server answered a chunk (before the device heard it), or after the proxy cut a request
 * midway. Run after run on the same database. Then the database is opened again and drained, and:
 * every photo the worker reported saved is an attachment on the server with its file stored once,
 * no upload is left half-stored, no photo is there twice, and a second device downloads every one
 * with the same SHA-256.
 *
 * <p>{@code -Drepairsync.scale=N} runs N times as many runs (nightly: 40 runs, 200 photos).
 */
class AttachmentCrashIT {
    private static final int PHOTOS_PER_RUN = 5;

    @RegisterExtension
    static final TestServer server = TestServer.start();

    @TempDir
    Path dir;

    private final Map<String, String> saved = new HashMap<>();
    private final List<String> plans = new CopyOnWriteArrayList<>();

    @Test
    void killedWhileUploadingTheDeviceLosesNoPhotoAndTheServerHoldsEachOnce() throws Exception {
        long seed = Seeds.seed("AttachmentCrashIT");
        Random random = new Random(seed);
        int runs = Seeds.scaled(4);
        Shop shop = server.createShop();
        String customer = UUID.randomUUID().toString();
        String ticket = UUID.randomUUID().toString();
        shop.adminDevice("setup")
                .pushOk(List.of(
                        Mutations.upsert("customers", customer).field("firstName", "Ada"),
                        Mutations.upsert("tickets", ticket)
                                .field("customerId", customer)
                                .field("deviceType", "phone")
                                .field("problem", "cracked screen")));
        Path db = dir.resolve("worker").resolve("device.db");
        URI base = URI.create(server.http().baseUrl());
        try (FaultProxy proxy = FaultProxy.start(base.getHost(), base.getPort(), seed)) {
            for (int run = 0; run < runs; run++) {
                runAndKill(shop, ticket, db, proxy, random.nextLong(), random);
            }
        }
        String context = "seed=" + seed + " runs=" + runs + " saved=" + saved.size() + " plans=" + plans;

        try (RepairSyncDevice device = RepairSyncDevice.open(db, server.http().baseUrl(), options())) {
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        device.syncNow();
                        assertThat(saved.keySet()).as(context).allSatisfy(id -> assertThat(
                                        device.attachments().status(id).state())
                                .isEqualTo(AttachmentStatus.State.SYNCED));
                        assertThat(device.syncState().pendingCount()).isZero();
                    });
            assertThat(device.failedMutations()).as(context).isEmpty();
        }
        Map<String, String> onServer = serverAttachments(shop);
        assertThat(onServer)
                .as("every saved photo is on the server, as saved; " + context)
                .containsAllEntriesOf(saved);
        assertThat(new java.util.HashSet<>(onServer.values()))
                .as("no photo twice; " + context)
                .hasSameSizeAs(onServer.values());
        assertThat(serverFiles(shop, "uploading"))
                .as("no upload of a saved photo left half-stored; " + context)
                .doesNotContainAnyElementsOf(saved.values());
        assertThat(serverFiles(shop, "stored")).as(context).containsAll(saved.values());

        try (RepairSyncDevice second = RepairSyncDevice.open(
                dir.resolve("second").resolve("device.db"), server.http().baseUrl(), options())) {
            second.join(shop.adminEmail(), TestServer.PASSWORD, "second");
            for (Map.Entry<String, String> photo : saved.entrySet()) {
                try (InputStream in = second.attachments().open(photo.getKey())) {
                    assertThat(Sha256.of(in.readAllBytes())).as(context).isEqualTo(photo.getValue());
                }
            }
        }
        System.out.printf("AttachmentCrashIT %s%n", context);
    }

    private static DeviceOptions options() {
        return DeviceOptions.defaults().withAutoSync(false).withKeys(TestKeys.deviceKeys());
    }

    /** Launches a worker through the proxy and kills it as a random plan says; reads its transcript. */
    private void runAndKill(Shop shop, String ticket, Path db, FaultProxy proxy, long workerSeed, Random random)
            throws Exception {
        Files.createDirectories(db.getParent().resolve("native"));
        Path transcript = db.getParent().resolve("worker.out");
        List<String> command = new ArrayList<>(ChildJvm.onClassPath(
                db.getParent().resolve("native"), "-Dlogback.configurationFile=logback-worker.xml"));
        command.addAll(List.of(
                "com.repairsync.client.crash.AttachmentWorker",
                db.toString(),
                proxy.baseUrl(),
                shop.adminEmail(),
                TestServer.PASSWORD,
                ticket,
                Long.toString(workerSeed),
                Integer.toString(PHOTOS_PER_RUN)));
        Process process = new ProcessBuilder(command)
                .redirectOutput(transcript.toFile())
                .redirectError(db.getParent().resolve("worker.err").toFile())
                .start();
        CountDownLatch attaching = new CountDownLatch(1);
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(
                () -> WorkerTranscript.follow(process, transcript, line -> {
                    lines.add(line);
                    if (line.startsWith("SAVED")) {
                        attaching.countDown();
                    }
                }),
                "worker-out");
        reader.setDaemon(true);
        reader.start();
        String plan = kill(process, proxy, random, attaching);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the worker died").isTrue();
        proxy.clearAnswerHook();
        proxy.set(FaultProxy.Fault.NONE);
        reader.join(120_000);
        plans.add(plan);
        assertThat(lines).as("worker output").noneMatch(line -> line.startsWith("ERROR"));
        for (String line : lines) {
            String[] words = line.split(" ");
            if (line.startsWith("SAVED attachment ") && words.length == 4) {
                saved.put(words[2], words[3]);
            }
        }
    }

    private static String kill(Process process, FaultProxy proxy, Random random, CountDownLatch attaching)
            throws InterruptedException {
        int pick = random.nextInt(3);
        String plan;
        if (pick == 0) {
            attaching.await(60, TimeUnit.SECONDS);
            plan = "time";
            Thread.sleep(random.nextInt(2000)); // when to kill, not a wait for a result
        } else if (pick == 1) {
            int nth = 1 + random.nextInt(6);
            plan = "chunk answer " + nth;
            CountDownLatch trapped = new CountDownLatch(1);
            AtomicInteger seen = new AtomicInteger();
            proxy.onAnswer((request, status) -> {
                if (status / 100 == 2 && request.startsWith("PUT /v1/files/") && seen.incrementAndGet() == nth) {
                    process.destroyForcibly(); // the server kept the chunk; the device never hears it
                    trapped.countDown();
                }
            });
            if (!trapped.await(60, TimeUnit.SECONDS)) {
                plan += " (never came)";
            }
        } else {
            attaching.await(60, TimeUnit.SECONDS);
            plan = "cut, then time";
            proxy.set(FaultProxy.Fault.RESET_REQUEST);
            Thread.sleep(100 + random.nextInt(400)); // let the cut strike an upload in flight
            proxy.set(FaultProxy.Fault.NONE);
            Thread.sleep(random.nextInt(1500));
        }
        process.destroyForcibly();
        return plan;
    }

    /** The shop's attachments on the server: id to file hash. */
    private static Map<String, String> serverAttachments(Shop shop) throws SQLException {
        Map<String, String> rows = new HashMap<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + server.databaseFile());
                var query = db.prepareStatement("SELECT id, file_hash FROM attachments WHERE shop_id = ?")) {
            query.setString(1, shop.shopId());
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    rows.put(row.getString(1), row.getString(2));
                }
            }
        }
        return rows;
    }

    private static List<String> serverFiles(Shop shop, String state) throws SQLException {
        List<String> hashes = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + server.databaseFile());
                var query = db.prepareStatement("SELECT hash FROM files WHERE shop_id = ? AND state = ?")) {
            query.setString(1, shop.shopId());
            query.setString(2, state);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    hashes.add(row.getString(1));
                }
            }
        }
        return hashes;
    }
}
