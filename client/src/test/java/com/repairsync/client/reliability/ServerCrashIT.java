package com.repairsync.client.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Seeds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server process ({@link ServerProcess}) is killed with SIGKILL over and over while three
 * in-process devices keep writing and syncing to it, and started again on the same port and data
 * directory: at random times while it serves pushes and pulls, and now and then again during its
 * start-up. Afterwards the shop must match the devices' ledger exactly ({@link
 * ShopWorkload#assertConverged}): nothing a device saved is lost, nothing is applied twice. A second
 * test kills servers during their very first start, while the migrations create the schema.
 *
 * <p>{@code -Drepairsync.scale=N} kills N times as often (CI: 8 kills; the nightly profile: 80).
 */
class ServerCrashIT {
    @TempDir
    Path dir;

    @Test
    void aServerKilledWhileItServesLosesNothingAcknowledgedAndAppliesNothingTwice() throws Exception {
        long seed = Seeds.seed("ServerCrashIT");
        Random random = new Random(seed);
        int kills = Seeds.scaled(8);
        Path data = dir.resolve("server");
        int port = ServerProcess.freePort();
        String url = "http://127.0.0.1:" + port;
        long started = System.nanoTime();
        ServerProcess server = ServerProcess.launch(data, port).awaitReady();
        List<Long> startups = new ArrayList<>();
        int whileServing = 0;
        int duringStartup = 0;
        try (ShopWorkload shop = new ShopWorkload(url, url, dir.resolve("devices"), 3, 3, random.nextLong())) {
            AtomicBoolean working = new AtomicBoolean(true);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < shop.deviceCount(); i++) {
                int index = i;
                Thread thread = new Thread(
                        () -> {
                            try {
                                while (working.get()) {
                                    shop.step(index);
                                    if (index == 0) {
                                        shop.sync(index); // one device syncs after every write
                                    }
                                }
                            } catch (Throwable e) {
                                failure.compareAndSet(null, e);
                            }
                        },
                        "device-" + i);
                thread.start();
                threads.add(thread);
            }
            while (whileServing + duringStartup < kills) {
                Thread.sleep(50 + random.nextInt(900)); // the server serves for a random while
                server.kill();
                whileServing++;
                server = ServerProcess.launch(data, port);
                if (random.nextInt(4) == 0 && whileServing + duringStartup < kills) {
                    Thread.sleep(random.nextInt(700)); // somewhere in start-up, maybe after ready
                    boolean wasReady = server.isReady();
                    server.kill();
                    duringStartup += wasReady ? 0 : 1;
                    whileServing += wasReady ? 1 : 0;
                    server = ServerProcess.launch(data, port);
                }
                server.awaitReady();
                startups.add(server.readyAfterMillis());
            }
            working.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
            if (failure.get() != null) {
                throw new AssertionError("a device failed while the server was being killed", failure.get());
            }
            shop.drainAll(Duration.ofSeconds(60));
            String context = "seed=" + seed + " kills while serving=" + whileServing + " during start-up="
                    + duringStartup + " " + shop.summary() + " start-up ms: mean "
                    + (long) startups.stream()
                            .mapToLong(Long::longValue)
                            .average()
                            .orElse(0) + " max "
                    + startups.stream().mapToLong(Long::longValue).max().orElse(0);
            shop.assertConverged(context);
            assertThat(shop.writes()).as(context).isPositive();
            System.out.printf(
                    "ServerCrashIT %s in %d ms%n",
                    context, Duration.ofNanos(System.nanoTime() - started).toMillis());
        } finally {
            server.kill();
        }
    }

    @Test
    void aServerKilledDuringItsFirstMigrationStartsCleanlyOnTheSameData() throws Exception {
        long seed = Seeds.seed("ServerCrashIT.migration");
        Random random = new Random(seed);
        int rounds = Seeds.scaled(3);
        int killedBeforeReady = 0;
        for (int round = 0; round < rounds; round++) {
            Path data = dir.resolve("fresh-" + round);
            int port = ServerProcess.freePort();
            ServerProcess first = ServerProcess.launch(data, port);
            Thread.sleep(300 + random.nextInt(900)); // JVM start, then schema creation
            killedBeforeReady += first.isReady() ? 0 : 1;
            first.kill();
            ServerProcess second = ServerProcess.launch(data, port).awaitReady();
            try {
                JsonHttp http = new JsonHttp("http://127.0.0.1:" + port);
                assertThat(http.get("/v1/health", null).status()).isEqualTo(200);
                JsonHttp.Response shop = http.post(
                        "/v1/shops",
                        Map.of(
                                "shopName", "After the crash",
                                "email", "m" + UUID.randomUUID() + "@shop.test",
                                "password", "long enough password",
                                "firstName", "Mia"),
                        null);
                assertThat(shop.status())
                        .as("round %d of seed %d: %s; first run: %s", round, seed, shop, first.output())
                        .isEqualTo(201);
            } finally {
                second.kill();
            }
        }
        System.out.printf(
                "ServerCrashIT.migration seed=%d: %d servers killed in their first start, %d before ready%n",
                seed, rounds, killedBeforeReady);
    }
}
