package com.repairsync.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.RepairJob;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.MutableClock;
import com.repairsync.testkit.Seeds;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sends {@code 10,000 × repairsync.scale} generated and mutated requests ({@link RequestFuzzer}) to
 * every endpoint of a real server, in four concurrent streams each on a persistent connection as a
 * pooled client sends them, and checks each answer: there is one (a connection closed without an
 * answer fails the test), never a 5xx, never a stack trace or an
 * internal detail (class, package, SQL, library names) in the body, and no partial write: a push
 * refused as a whole moves the shop's change sequence not at all, an accepted one at most by its
 * applied mutations, and a group is applied whole or not at all. A shop whose ids leak into the
 * requests but whose tokens never do must be byte-for-byte unchanged, and afterwards the server still
 * creates shops, signs in, pushes and pulls. The seed is printed; {@code -Drepairsync.seed=N}
 * replays the same requests.
 */
class ApiFuzzIT {
    private static final MutableClock CLOCK = MutableClock.atNow();

    /** Internal details that must never reach a client. */
    private static final Pattern LEAK = Pattern.compile(
            "exception|\\tat |\\bat [a-z]+\\.[a-z]+\\.|java\\.|javax\\.|jakarta\\.|org\\.eclipse|io\\.javalin|com\\.repairsync"
                    + "|com\\.fasterxml|com\\.nimbusds|\\bsql|sqlite|jdbc|hikari|caused by|stack ?trace|\\.java:",
            Pattern.CASE_INSENSITIVE);

    @RegisterExtension
    static final TestServer server = TestServer.start(CLOCK, Map.of("--login-window", "1m"));

    /** Request streams sent at the same time, each on its own persistent connection. */
    private static final int STREAMS = 4;

    @Test
    void tenThousandHostileRequestsGetNo5xxLeakNothingAndWriteNothingHalfway() throws Exception {
        long seed = Seeds.seed("ApiFuzzIT");
        int count = Seeds.scaled(10_000);
        Shop shop = server.createShop();
        Shop noiseShop = server.createShop();
        String expired = shop.adminDevice("soon expired").accessToken();
        String noiseExpired = noiseShop.adminDevice("soon expired").accessToken();
        CLOCK.advance(Duration.ofMinutes(16));
        Device checker = shop.adminDevice("checker");
        Shop bystanderShop = server.createShop();
        Device bystanderSetup = bystanderShop.adminDevice("setup");
        Map<String, String> bystander = new HashMap<>(AttackFixtures.everyEntity(bystanderSetup));
        bystander.put("shop", bystanderShop.shopId());
        bystander.put("devices", bystanderSetup.deviceId());
        Device.Snapshot bystanderBefore = bystanderShop.adminDevice("before").pullAll(0);
        RequestFuzzer.Targets targets = targets(shop, expired, bystander);
        RequestFuzzer.Targets noiseTargets = targets(noiseShop, noiseExpired, bystander);
        RawHttp http = new RawHttp(URI.create(server.http().baseUrl()).getPort());
        Tally tally = new Tally();

        // Stream 0 is checked request by request for partial writes, so it alone writes as `shop`;
        // the others fuzz `noiseShop` at the same time, as parallel clients and ITs do.
        int checked = count / 4;
        ExecutorService threads = Executors.newFixedThreadPool(STREAMS);
        long started = System.nanoTime();
        try {
            List<Future<Long>> streams = new ArrayList<>();
            streams.add(threads.submit(() -> fuzz(
                    http, new RequestFuzzer(new Random(seed), targets), checked, seed, 0, tally, checker, targets)));
            for (int stream = 1; stream < STREAMS; stream++) {
                int streamCount = (count - checked) / (STREAMS - 1);
                int index = stream;
                streams.add(threads.submit(() -> fuzz(
                        http,
                        new RequestFuzzer(new Random(seed + index), noiseTargets),
                        streamCount,
                        seed,
                        index,
                        tally,
                        null,
                        noiseTargets)));
            }
            long applied = 0;
            for (Future<Long> stream : streams) {
                applied += stream.get();
            }
            tally.applied = applied;
        } finally {
            threads.shutdownNow();
        }
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertThat(tally.findings)
                .as(
                        "answers that are missing, a 5xx or carry an internal detail (%d of %d requests; seed %d)",
                        tally.findings.size(), count, seed)
                .isEmpty();

        CLOCK.advance(Duration.ofMinutes(2)); // past the login throttle's window
        assertThat(server.http().get("/v1/health", null).status()).isEqualTo(200);
        Device.Snapshot bystanderAfter = bystanderShop.adminDevice("after").pullAll(0);
        assertThat(bystanderAfter.changes())
                .as("a shop whose ids leaked, never its tokens, is unchanged")
                .isEqualTo(bystanderBefore.changes());
        Shop fresh = server.createShop();
        Device freshAdmin = fresh.adminDevice("after the storm");
        RepairJob job = RepairJob.create(freshAdmin);
        assertThat(freshAdmin.pullAll(0).record("tickets", job.ticketId())).isNotNull();
        System.out.printf(
                "ApiFuzzIT seed=%d: %d requests in %d streams in %d ms, %d connections, %d mutations applied,"
                        + " statuses %s, endpoints %s, %d 4xx answers not problem+json: %s%n",
                seed,
                count,
                STREAMS,
                millis,
                tally.connections.get(),
                tally.applied,
                tally.statuses,
                tally.endpoints,
                tally.notProblems.size(),
                tally.notProblems.stream().distinct().limit(10).toList());
    }

    /** What all streams saw. */
    private static final class Tally {
        final Map<Integer, Integer> statuses = new ConcurrentSkipListMap<>();
        final Map<String, Integer> endpoints = new ConcurrentSkipListMap<>();
        final List<String> notProblems = Collections.synchronizedList(new ArrayList<>());
        final List<String> findings = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger connections = new AtomicInteger();
        long applied;
    }

    private static RequestFuzzer.Targets targets(Shop shop, String expired, Map<String, String> bystander) {
        Device admin = shop.adminDevice("fuzz admin");
        Device technician = shop.employeeDevice(admin, "technician", "Tess");
        Device intruder = server.createShop().adminDevice("intruder");
        return new RequestFuzzer.Targets(
                admin.accessToken(),
                technician.accessToken(),
                intruder.accessToken(),
                expired,
                admin.refreshToken(),
                admin.deviceId(),
                shop.adminId(),
                shop.adminEmail(),
                AttackFixtures.everyEntity(admin),
                bystander);
    }

    /**
     * Sends one stream of fuzz requests on one persistent connection (reopened only after an answer
     * that says {@code Connection: close}); with a {@code checker}, checks after each push or
     * password request that the shop changed by at most the mutations the answer says it applied.
     * Returns the mutations applied.
     */
    private static long fuzz(
            RawHttp http,
            RequestFuzzer fuzzer,
            int count,
            long seed,
            int stream,
            Tally tally,
            Device checker,
            RequestFuzzer.Targets targets)
            throws Exception {
        long cursor = checker == null ? 0 : checker.pullAll(0).cursor();
        long applied = 0;
        String previous = "none";
        try (RawHttp.Connection connection = http.connection()) {
            for (int i = 0; i < count; i++) {
                RequestFuzzer.FuzzCase request = fuzzer.next();
                String context =
                        "request " + i + " of stream " + stream + " of seed " + seed + ": " + request.describe();
                if (connection.exchangesOnSocket() == 0) {
                    tally.connections.incrementAndGet();
                }
                int onSocket = connection.exchangesOnSocket();
                RawHttp.Answer answer = connection.exchange(
                        request.method(), request.target(), request.headers(), request.body(), request.cutBodyAt());
                tally.statuses.merge(answer.status(), 1, Integer::sum);
                tally.endpoints.merge(request.endpoint(), 1, Integer::sum);
                if (answer.status() == RawHttp.NO_ANSWER) {
                    tally.findings.add("no answer (connection closed after " + onSocket + " answers, the last to "
                            + previous + "); " + context + "\n" + answer);
                } else if (answer.status() >= 500) {
                    tally.findings.add("status " + answer.status() + "; " + context + "\n" + answer);
                } else if (!isDocument(request, answer)
                        && LEAK.matcher(answer.body()).find()) {
                    tally.findings.add("internal detail in the answer; " + context + "\n" + answer);
                }
                if (answer.status() >= 400
                        && !String.valueOf(answer.header("content-type")).startsWith("application/problem+json")) {
                    tally.notProblems.add(answer.status() + " " + request.method() + " "
                            + request.target()
                                    .substring(0, Math.min(60, request.target().length())));
                }
                if (checker != null
                        && List.of("push", "password", "refused-write").contains(request.endpoint())) {
                    long allowed = 0;
                    if (answer.status() == 200
                            && "push".equals(request.endpoint())
                            && request.writesAsTheShop(targets)) {
                        allowed = checkResults(JsonHttp.JSON.readTree(answer.body()), context);
                        applied += allowed;
                    }
                    Device.Snapshot after = checker.pullAll(cursor);
                    assertThat((long) after.seqs().size())
                            .as(
                                    "changes after %s %s (at most its applied mutations); %s",
                                    answer.status(), answer.body(), context)
                            .isLessThanOrEqualTo(allowed);
                    cursor = after.cursor();
                }
                previous = request.method() + " " + request.target() + " " + request.mutations() + " -> "
                        + answer.status() + " " + answer.headers();
            }
        }
        return applied;
    }

    /** Checks a push answer: one result per mutation, groups whole or not at all; returns the applied count. */
    private static long checkResults(JsonNode body, String context) {
        Map<String, List<String>> groups = new HashMap<>();
        long applied = 0;
        for (JsonNode result : body.get("results")) {
            String status = result.get("status").asText();
            assertThat(status).as(context).isIn("applied", "duplicate", "rejected");
            if ("applied".equals(status)) {
                applied++;
            }
            if (result.hasNonNull("groupId")) {
                groups.computeIfAbsent(result.get("groupId").asText(), k -> new ArrayList<>())
                        .add(status);
            }
        }
        groups.forEach(
                (group, members) -> assertThat(members.stream().distinct().count())
                        .as("group %s applied whole or not at all: %s; %s", group, members, context)
                        .isLessThanOrEqualTo(1));
        return applied;
    }

    /** openapi.json and metrics describe the server by design; only their errors are checked. */
    private static boolean isDocument(RequestFuzzer.FuzzCase request, RawHttp.Answer answer) {
        return answer.status() == 200
                && (request.target().startsWith("/v1/openapi.json")
                        || request.target().startsWith("/metrics"));
    }
}
