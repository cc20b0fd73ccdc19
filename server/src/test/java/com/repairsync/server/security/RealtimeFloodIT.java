package com.repairsync.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.repairsync.server.ServerMain;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.ChildJvm;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import com.repairsync.testkit.WsProbe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The realtime flood of issue 22, against a server process with a 256 MB heap: one front-desk token
 * opens 600 sockets that never read and pushes 30 MB of customers with 4,000-character notes. The
 * server must keep answering health checks within a second, answer every push, let another shop's
 * device go on syncing (push, pull, socket), and give back the heap once the sockets are gone.
 */
@Isolated("it times health checks while the server is flooded")
class RealtimeFloodIT {
    private static final int SOCKETS = 600;
    private static final int CUSTOMERS_PER_PUSH = 100;
    private static final int NOTES = 4000;
    private static final long PUSHED_BYTES = 30L * 1000 * 1000;
    private static final Duration PROMPT = Duration.ofSeconds(1);
    private static final Duration GENEROUS = Duration.ofSeconds(30);
    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final Pattern READY = Pattern.compile("ready on http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern USED = Pattern.compile("generation\\s+total \\d+K, used (\\d+)K");

    @TempDir
    Path dir;

    @Test
    void sixHundredSocketsThatNeverReadAndThirtyMegabytesOfPushesDoNotTakeTheServerDown() throws Exception {
        Process server = start();
        HealthWatch health = null;
        List<RawWebSocket> flood = new ArrayList<>();
        try {
            int port = port();
            JsonHttp http = new JsonHttp("http://127.0.0.1:" + port);
            Device attacker = frontDesk(http, port);
            Device victim = admin(http, port, "victim desk");
            try (WsProbe victimSocket = WsProbe.connect(http.client(), realtime(port), victim.accessToken())) {
                victimSocket.await(message -> message.path("type").asText().equals("cursor"), GENEROUS);
                warmUp(port, attacker, victim, victimSocket);
                long before = heapAfterGc(server);

                health = new HealthWatch(port);
                for (int i = 0; i < SOCKETS; i++) {
                    RawWebSocket socket = RawWebSocket.open(port, attacker.accessToken(), 4096, true);
                    flood.add(socket);
                    assertThat(socket.status())
                            .as("socket %d: %s", i, socket.body())
                            .isEqualTo(101);
                }
                long pushed = 0;
                int pushes = 0;
                long started = System.nanoTime();
                while (pushed < PUSHED_BYTES) {
                    List<Mutations> customers = bigCustomers();
                    JsonHttp.Response answer = attacker.push(customers);
                    assertAnswered(answer);
                    pushed += (long) CUSTOMERS_PER_PUSH * NOTES;
                    pushes++;
                    victimSyncs(victim, victimSocket, "during push " + pushes);
                }
                System.out.printf(
                        "RealtimeFloodIT: %d pushes (%d MB of notes) with %d sockets that never read in %d ms;"
                                + " health answered %d times, slowest %d ms%n",
                        pushes,
                        pushed / 1_000_000,
                        SOCKETS,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                        health.answers(),
                        health.slowestMillis());

                for (RawWebSocket socket : flood) {
                    socket.close();
                }
                flood.clear();
                await().atMost(GENEROUS).until(() -> gauge(http, "repairsync_realtime_sockets") == 1);
                victimSyncs(victim, victimSocket, "after the flood");
                health.stop();
                assertThat(health.failures())
                        .as("health checks slower than %s or failed", PROMPT)
                        .isEmpty();
                assertThat(health.answers()).isPositive();

                long after = heapAfterGc(server);
                System.out.printf(
                        "RealtimeFloodIT: heap used after a full GC: %d KB before, %d KB after the flood%n",
                        before / 1024, after / 1024);
                assertThat(after).as("heap after the flood, bytes").isLessThanOrEqualTo((long) (before * 1.2));
            }
        } finally {
            if (health != null) {
                health.stop();
            }
            for (RawWebSocket socket : flood) {
                socket.close();
            }
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private Process start() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        List<String> command =
                ChildJvm.onClassPath(Files.createDirectories(dir.resolve("native")), "-XX:+ExitOnOutOfMemoryError");
        command.add(ServerMain.class.getName());
        command.addAll(List.of(
                "--host", "127.0.0.1",
                "--port", "0",
                "--data", data.toString(),
                "--argon2-memory-kib", "1024",
                "--argon2-iterations", "1",
                "--max-sockets-per-device", "1000",
                "--max-sockets-per-login", "1000",
                "--max-sockets-per-shop", "1000"));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile())
                .start();
    }

    private int port() throws IOException {
        Path log = dir.resolve("server.log");
        try {
            return await().atMost(STARTUP)
                    .until(
                            () -> {
                                Matcher ready = READY.matcher(Files.readString(log));
                                return ready.find() ? Integer.parseInt(ready.group(1)) : null;
                            },
                            found -> found != null);
        } catch (ConditionTimeoutException notReady) {
            throw new AssertionError(
                    "the server process did not start within " + STARTUP + "; its log:\n" + Files.readString(log),
                    notReady);
        }
    }

    private static URI realtime(int port) {
        return URI.create("ws://127.0.0.1:" + port + "/v1/realtime");
    }

    /** Pushes, pulls and hears its own change on the socket, each promptly. */
    private static void victimSyncs(Device victim, WsProbe socket, String when) {
        String id = UUID.randomUUID().toString();
        long cursor = victim.pushOk(List.of(Mutations.upsert("customers", id).field("firstName", "Still here")))
                .get("cursor")
                .asLong();
        assertThat(victim.pullAll(cursor - 1).record("customers", id))
                .as("pulled %s", when)
                .isNotNull();
        socket.await(message -> message.path("cursor").asLong() == cursor, GENEROUS);
    }

    /** The attacker's pushes may be refused under load, but only with a problem the device can retry. */
    private static void assertAnswered(JsonHttp.Response answer) {
        if (answer.status() / 100 != 2) {
            assertThat(answer.status()).as("%s", answer).isIn(429, 503);
            assertThat(answer.contentType()).as("%s", answer).startsWith("application/problem+json");
        }
    }

    /** Exercises every path of the flood once at a small scale, so both heap figures include what it loads. */
    private static void warmUp(int port, Device attacker, Device victim, WsProbe victimSocket) throws IOException {
        List<RawWebSocket> few = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                few.add(RawWebSocket.open(port, attacker.accessToken(), 4096, true));
            }
            for (int i = 0; i < 5; i++) {
                assertAnswered(attacker.push(bigCustomers()));
                victimSyncs(victim, victimSocket, "while warming up");
            }
        } finally {
            for (RawWebSocket socket : few) {
                socket.close();
            }
        }
    }

    private static List<Mutations> bigCustomers() {
        List<Mutations> customers = new ArrayList<>();
        String notes = "n".repeat(NOTES);
        for (int i = 0; i < CUSTOMERS_PER_PUSH; i++) {
            customers.add(Mutations.upsert("customers", UUID.randomUUID().toString())
                    .field("firstName", "Flood " + i)
                    .field("notes", notes));
        }
        return customers;
    }

    /** Heap in use after a full collection of the server process, by {@code jcmd}. */
    private static long heapAfterGc(Process server) throws Exception {
        jcmd(server, "GC.run");
        System.out.println("HISTO "
                + String.join(
                        "\n",
                        jcmd(server, "GC.class_histogram").lines().limit(30).toList()));
        Matcher used = USED.matcher(jcmd(server, "GC.heap_info"));
        long kilobytes = 0;
        while (used.find()) {
            kilobytes += Long.parseLong(used.group(1));
        }
        assertThat(kilobytes).as("heap figures from jcmd").isPositive();
        return kilobytes * 1024;
    }

    private static String jcmd(Process server, String command) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(server.pid()), command)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("jcmd %s: %s", command, output).isZero();
        return output;
    }

    private static double gauge(JsonHttp http, String name) {
        return http.get("/metrics", null)
                .raw()
                .body()
                .lines()
                .filter(line -> line.startsWith(name))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static Device admin(JsonHttp http, int port, String deviceName) {
        String email = "flood-" + UUID.randomUUID().toString().substring(0, 8) + "@shop.test";
        JsonHttp.Response shop = http.post(
                "/v1/shops",
                Map.of(
                        "shopName",
                        "Shop " + email,
                        "email",
                        email,
                        "password",
                        TestServer.PASSWORD,
                        "firstName",
                        "Owner",
                        "lastName",
                        "One"),
                null);
        assertThat(shop.status()).as("%s", shop).isEqualTo(201);
        return TestServer.loginTo(port, email, TestServer.PASSWORD, deviceName);
    }

    /** A front-desk employee of a new shop, signed in: the attacker holds this token. */
    private static Device frontDesk(JsonHttp http, int port) {
        Device admin = admin(http, port, "owner's laptop");
        String employeeId = UUID.randomUUID().toString();
        String email = "desk-" + employeeId.substring(0, 8) + "@shop.test";
        admin.pushOk(List.of(Mutations.upsert("employees", employeeId)
                .field("firstName", "Desk")
                .field("email", email)
                .field("role", "front_desk")));
        JsonHttp.Response password = http.put(
                "/v1/employees/" + employeeId + "/password",
                Map.of("password", TestServer.PASSWORD),
                admin.accessToken());
        assertThat(password.status()).as("%s", password).isEqualTo(204);
        return TestServer.loginTo(port, email, TestServer.PASSWORD, "front desk");
    }

    /** Polls {@code /v1/health} from a thread of its own and records every answer slower than a second. */
    private static final class HealthWatch {
        private final HttpClient client =
                HttpClient.newBuilder().connectTimeout(PROMPT).build();
        private final AtomicBoolean watching = new AtomicBoolean(true);
        private final AtomicLong answers = new AtomicLong();
        private final AtomicLong slowestNanos = new AtomicLong();
        private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        private final Thread thread;

        HealthWatch(int port) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/health"))
                    .timeout(PROMPT)
                    .build();
            thread = new Thread(() -> watch(request), "health-watch");
            thread.setDaemon(true);
            thread.start();
        }

        private void watch(HttpRequest request) {
            while (watching.get()) {
                long started = System.nanoTime();
                try {
                    int status = client.send(request, HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                    long took = System.nanoTime() - started;
                    slowestNanos.accumulateAndGet(took, Math::max);
                    answers.incrementAndGet();
                    if (status != 200 || took > PROMPT.toNanos()) {
                        failures.add("status " + status + " after " + TimeUnit.NANOSECONDS.toMillis(took) + " ms");
                    }
                    Thread.sleep(50); // the watcher's pace, not a wait for anything
                } catch (IOException e) {
                    failures.add("no answer within " + PROMPT + ": " + e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        long answers() {
            return answers.get();
        }

        long slowestMillis() {
            return TimeUnit.NANOSECONDS.toMillis(slowestNanos.get());
        }

        List<String> failures() {
            return List.copyOf(failures);
        }

        void stop() throws InterruptedException {
            watching.set(false);
            thread.join(5_000);
        }
    }
}
