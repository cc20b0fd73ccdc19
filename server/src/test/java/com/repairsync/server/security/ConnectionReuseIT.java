package com.repairsync.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.Seeds;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request the server reads is answered, and a connection the server closes after an answer
 * says {@code Connection: close} in that answer: a pooled client never sends its next request
 * into a connection that is closing. The requests here are refused before their large bodies are
 * read (401, 415, 405, 404, 413), the case that used to close the connection silently.
 */
class ConnectionReuseIT {
    @RegisterExtension
    static final TestServer server = TestServer.start();

    /** Larger than Jetty reads on its own after a handler that did not read the body. */
    private static final int LARGE = 1 << 20;

    static Stream<Arguments> refusedBeforeTheBody() {
        Map<String, String> json = Map.of("Content-Type", "application/json");
        return Stream.of(
                Arguments.of("POST", "/v1/sync/push", json, 401),
                Arguments.of("POST", "/v1/auth/login", Map.of("Content-Type", "text/plain"), 415),
                Arguments.of("DELETE", "/v1/sync/push", json, 405),
                Arguments.of("POST", "/v1/nothing", json, 404),
                Arguments.of("PUT", "/v1/employees/x/password", json, 401));
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @MethodSource("refusedBeforeTheBody")
    void anAnswerGivenBeforeTheBodyIsReadLeavesTheConnectionUsableOrSaysClose(
            String method, String target, Map<String, String> headers, int status) throws Exception {
        RawHttp http = new RawHttp(URI.create(server.http().baseUrl()).getPort());
        try (RawHttp.Connection connection = http.connection()) {
            for (int round = 0; round < 3; round++) {
                RawHttp.Answer answer = connection.exchange(method, target, headers, body(LARGE), -1);
                assertThat(answer.status()).as("round %d: %s", round, answer).isEqualTo(status);
                assertThat(answer.header("content-type")).startsWith("application/problem+json");
                if (!answer.closes()) {
                    RawHttp.Answer next = connection.exchange("GET", "/v1/health", Map.of(), null, -1);
                    assertThat(next.status())
                            .as("the next request on a connection kept open after %s", answer)
                            .isEqualTo(200);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @MethodSource("refusedBeforeTheBody")
    void smallBodiesKeepTheConnection(String method, String target, Map<String, String> headers, int status)
            throws Exception {
        RawHttp http = new RawHttp(URI.create(server.http().baseUrl()).getPort());
        try (RawHttp.Connection connection = http.connection()) {
            for (int round = 0; round < 5; round++) {
                RawHttp.Answer answer = connection.exchange(method, target, headers, body(2_000), -1);
                assertThat(answer.status()).as("round %d: %s", round, answer).isEqualTo(status);
                assertThat(answer.closes()).as("%s", answer).isFalse();
            }
            assertThat(connection.exchangesOnSocket()).isEqualTo(5);
        }
    }

    /**
     * HTTP/1.1 alone, and the JDK's default that prefers HTTP/2 and so sends {@code Upgrade: h2c}
     * with every plain request (the server declines it and answers in HTTP/1.1).
     */
    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void aPooledClientGetsAnAnswerToEveryRequestRefusedBeforeItsBody(HttpClient.Version version) throws Exception {
        long seed = Seeds.seed("ConnectionReuseIT");
        int perThread = Seeds.scaled(150);
        List<String> lost = Collections.synchronizedList(new ArrayList<>());
        HttpClient client = HttpClient.newBuilder().version(version).build();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Random random = new Random(seed + t);
                done.add(threads.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        Arguments args = pick(random);
                        Object[] a = args.get();
                        int size = 500 + random.nextInt(150_000);
                        HttpRequest.Builder request = HttpRequest.newBuilder(
                                        URI.create(server.http().baseUrl() + a[1]))
                                .method((String) a[0], HttpRequest.BodyPublishers.ofByteArray(body(size)));
                        ((Map<String, String>) a[2]).forEach(request::header);
                        try {
                            HttpResponse<String> response =
                                    client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                            assertThat(response.statusCode()).isEqualTo(a[3]);
                        } catch (IOException e) {
                            lost.add(a[0] + " " + a[1] + " body " + size + ": " + e);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(lost)
                .as("requests without an answer of %d (seed %d)", 4 * perThread, seed)
                .isEmpty();
    }

    static Stream<Arguments> hostileRequests() {
        Map<String, String> json = Map.of("Content-Type", "application/json");
        List<Arguments> all = new ArrayList<>();
        for (String path : List.of(
                "/v1/sync/push/..%2F..%2Fetc%2Fpasswd",
                "/v1/sync/push/%ZZ",
                "/v1/sync/push/;jsessionid=x",
                "/v1/auth/login/;jsessionid=x",
                "/v1/sync/push//",
                "/v1/sync/push/%00",
                "/v1/sync/push?%%%",
                "/v1/sync/pull?cursor=%00",
                "/v1/sync/pull?entities=%E2%9C%93")) {
            all.add(Arguments.of("POST", path, json));
            all.add(Arguments.of("GET", path, Map.of()));
        }
        for (String method : List.of("PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE", "PUT", "GET", "BREW")) {
            all.add(Arguments.of(method, "/v1/sync/push", json));
            all.add(Arguments.of(method, "/v1/health", Map.of()));
        }
        all.add(Arguments.of("GET", "/v1/realtime?access_token=x", Map.of()));
        all.add(Arguments.of("GET", "/metrics", Map.of()));
        all.add(Arguments.of("GET", "/v1/openapi.json", Map.of()));
        all.add(Arguments.of("POST", "/v1/auth/login", Map.of("Content-Type", "application/json; charset=latin1")));
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("hostileRequests")
    void aConnectionKeptOpenAfterAnAnswerCarriesTheNextRequest(
            String method, String target, Map<String, String> headers) throws Exception {
        RawHttp http = new RawHttp(URI.create(server.http().baseUrl()).getPort());
        try (RawHttp.Connection connection = http.connection()) {
            byte[] payload = "GET".equals(method) || "HEAD".equals(method) ? null : body(300);
            RawHttp.Answer answer = connection.exchange(method, target, headers, payload, -1);
            assertThat(answer.status()).as("%s", answer).isBetween(200, 499);
            if (!answer.closes()) {
                RawHttp.Answer next = connection.exchange("GET", "/v1/health", Map.of(), null, -1);
                assertThat(next.status())
                        .as("the next request on a connection kept open after %s", answer)
                        .isEqualTo(200);
            }
        }
    }

    private static Arguments pick(Random random) {
        List<Arguments> all = refusedBeforeTheBody().toList();
        return all.get(random.nextInt(all.size()));
    }

    private static byte[] body(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        byte[] start = "{\"deviceId\":\"d\",\"mutations\":[]".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(start, 0, body, 0, start.length);
        body[size - 1] = '}';
        return body;
    }
}
