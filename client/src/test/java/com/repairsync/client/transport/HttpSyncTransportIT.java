package com.repairsync.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.client.transport.SyncTransport.PullQuery;
import com.repairsync.client.transport.SyncTransport.RealtimeConnection;
import com.repairsync.client.transport.SyncTransport.RealtimeListener;
import com.repairsync.client.transport.SyncTransport.Session;
import com.repairsync.protocol.Change;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.HlcClock;
import com.repairsync.protocol.Mutation;
import com.repairsync.protocol.MutationStatus;
import com.repairsync.protocol.PullResponse;
import com.repairsync.protocol.PushRequest;
import com.repairsync.protocol.PushResponse;
import com.repairsync.protocol.PushResult;
import com.repairsync.protocol.WireVersions;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.MutableClock;
import com.repairsync.testkit.ScriptedWebSocketServer;
import com.repairsync.testkit.faults.FaultProxy;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link HttpSyncTransport} against a real server over HTTP and WebSocket, plus tiny stub servers
 * for the answers a healthy server does not give (503 with Retry-After, HTML error pages, gzip
 * from a stub, fragmented WebSocket frames, dropped connections).
 */
class HttpSyncTransportIT {
    private static final Duration GENEROUS = Duration.ofSeconds(10);
    /** How long "nothing more arrives" is watched for after a socket closed. */
    private static final Duration QUIET = Duration.ofMillis(500);

    @RegisterExtension
    static final TestServer server = TestServer.start();

    /** The access token the next request sends: each call names it, as a device's token source would. */
    private final SwitchedTokens tokens = new SwitchedTokens();

    private HttpSyncTransport transport;

    /** A token source that sends the token set last and cannot refresh it: a 401 stands. */
    private static final class SwitchedTokens implements TokenSource {
        private volatile String current;

        @Override
        public String accessToken() {
            return current;
        }

        @Override
        public String refreshed(String refused, UnauthorizedException refusal) {
            throw refusal;
        }
    }

    /** {@code transport}, after making {@code accessToken} the token its next request sends. */
    private <T extends SyncTransport> T as(String accessToken, T transport) {
        tokens.current = accessToken;
        return transport;
    }

    @BeforeEach
    void openTransport() {
        transport = new HttpSyncTransport(server.http().baseUrl(), tokens);
    }

    @AfterEach
    void closeTransport() {
        transport.close();
    }

    // ---- auth

    @Test
    void loginReturnsEverySessionMemberAndAKnownDeviceKeepsItsId() {
        Shop shop = server.createShop();

        Session session = transport.login(shop.adminEmail(), TestServer.PASSWORD, "Front desk PC", null);

        assertThat(session.accessToken()).isNotBlank();
        assertThat(session.refreshToken()).hasSize(43);
        assertThat(session.expiresInSeconds()).isEqualTo(900);
        assertThat(session.shopId()).isEqualTo(shop.shopId());
        assertThat(session.employeeId()).isEqualTo(shop.adminId());
        assertThat(session.role()).isEqualTo("admin");
        assertThat(UUID.fromString(session.deviceId())).isNotNull();

        Session again = transport.login(shop.adminEmail(), TestServer.PASSWORD, "Front desk PC", session.deviceId());
        assertThat(again.deviceId()).isEqualTo(session.deviceId());
        assertThat(again.accessToken()).isNotEqualTo(session.accessToken());
    }

    @Test
    void aWrongPasswordIsUnauthorized() {
        Shop shop = server.createShop();

        assertThatThrownBy(() -> transport.login(shop.adminEmail(), "wrong password", "desk", null))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("email or password is wrong")
                .satisfies(e -> assertThat(((TransportException) e).retriable()).isFalse());
    }

    @Test
    void throttledLoginsAreServerBusyWithRetryAfter() {
        Shop shop = server.createShop();
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThatThrownBy(() -> transport.login(shop.adminEmail(), "wrong password", "desk", null))
                    .as("failed login %d", attempt)
                    .isInstanceOf(UnauthorizedException.class);
        }

        ServerBusyException busy = catchThrowableOfType(
                ServerBusyException.class, () -> transport.login(shop.adminEmail(), TestServer.PASSWORD, "desk", null));

        assertThat(busy.status()).isEqualTo(429);
        assertThat(busy.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(15));
        assertThat(busy.retriable()).isTrue();
    }

    @Test
    void refreshRotatesTheTokensAndAReusedRefreshTokenIsUnauthorized() {
        Session first = admin(server.createShop(), "desk");

        Session rotated = transport.refresh(first.refreshToken());

        assertThat(rotated.refreshToken()).isNotEqualTo(first.refreshToken());
        assertThat(rotated.accessToken()).isNotEqualTo(first.accessToken());
        assertThat(rotated.deviceId()).isEqualTo(first.deviceId());
        assertThat(rotated.employeeId()).isEqualTo(first.employeeId());
        assertThat(as(rotated.accessToken(), transport).pull(fromStart()).changes())
                .isNotEmpty();
        Session newest = transport.refresh(rotated.refreshToken());

        // spent, and its successor already used: a theft
        assertThatThrownBy(() -> transport.refresh(first.refreshToken()))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("already used");
        assertThatThrownBy(() -> transport.refresh(newest.refreshToken()))
                .as("a reuse revokes the whole rotation family")
                .isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void aGarbageTokenIsUnauthorizedEverywhere() {
        Session desk = admin(server.createShop(), "desk");
        String garbage = "not-a-token";

        assertThatThrownBy(() -> as(garbage, transport).pull(fromStart())).isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> as(garbage, transport).pullPages(fromStart(), 5, page -> {}))
                .isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> as(garbage, transport).push(batch(desk, customer(desk, "Rita"))))
                .isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> as(garbage, transport).setPassword(desk.employeeId(), "long enough 1"))
                .isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> as(garbage, transport).openRealtime(new Recorder()))
                .isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void anExpiredAccessTokenIsUnauthorized() {
        MutableClock clock = MutableClock.atNow();
        TestServer own = TestServer.start(clock, Map.of());
        try (HttpSyncTransport ownTransport = new HttpSyncTransport(own.http().baseUrl(), tokens)) {
            Session desk = ownTransport.login(own.createShop().adminEmail(), TestServer.PASSWORD, "desk", null);
            assertThat(as(desk.accessToken(), ownTransport).pull(fromStart()).changes())
                    .isNotEmpty();

            clock.advance(Duration.ofSeconds(desk.expiresInSeconds() + 1));

            assertThatThrownBy(() -> as(desk.accessToken(), ownTransport).pull(fromStart()))
                    .isInstanceOf(UnauthorizedException.class);
            assertThatThrownBy(() -> as(desk.accessToken(), ownTransport).openRealtime(new Recorder()))
                    .isInstanceOf(UnauthorizedException.class);
            assertThat(ownTransport.refresh(desk.refreshToken()).accessToken())
                    .as("the refresh token still works")
                    .isNotBlank();
        } finally {
            own.stop();
        }
    }

    @Test
    void setPasswordLetsAnEmployeeCreatedThroughSyncSignIn() {
        Session admin = admin(server.createShop(), "desk");
        Employee linus = createEmployee(admin, "technician");

        as(admin.accessToken(), transport).setPassword(linus.id(), "linus-pass-1");

        Session tablet = transport.login(linus.email(), "linus-pass-1", "bench tablet", null);
        assertThat(tablet.employeeId()).isEqualTo(linus.id());
        assertThat(tablet.role()).isEqualTo("technician");
        assertThat(tablet.shopId()).isEqualTo(admin.shopId());
    }

    @Test
    void setPasswordRefusalsCarryTheirCode() {
        Session admin = admin(server.createShop(), "desk");

        RequestRejectedException notAUuid =
                catchThrowableOfType(RequestRejectedException.class, () -> as(admin.accessToken(), transport)
                        .setPassword("not-a-uuid", "long enough 1"));
        assertThat(notAUuid.status()).isEqualTo(400);
        assertThat(notAUuid.field()).isEqualTo("id");

        RequestRejectedException unknown =
                catchThrowableOfType(RequestRejectedException.class, () -> as(admin.accessToken(), transport)
                        .setPassword(UUID.randomUUID().toString(), "long enough 1"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    // ---- push and pull

    @Test
    void aPushIsAppliedAndItsRetryIsADuplicate() {
        Session desk = admin(server.createShop(), "desk");
        Mutation rita = customer(desk, "Rita");

        PushResponse first = as(desk.accessToken(), transport).push(batch(desk, rita));

        PushResult applied = first.results().get(0);
        assertThat(applied.mutationId()).isEqualTo(rita.mutationId());
        assertThat(applied.status()).isEqualTo(MutationStatus.APPLIED);
        assertThat(applied.seq()).isEqualTo(first.cursor());
        assertThat(first.serverHlc()).endsWith("-server");

        PushResponse retry = as(desk.accessToken(), transport).push(batch(desk, rita));

        PushResult duplicate = retry.results().get(0);
        assertThat(duplicate.status()).isEqualTo(MutationStatus.DUPLICATE);
        assertThat(duplicate.firstStatus()).isEqualTo(MutationStatus.APPLIED);
        assertThat(duplicate.seq()).isEqualTo(applied.seq());
        assertThat(retry.cursor()).isEqualTo(first.cursor());
    }

    @Test
    void aRejectedMutationIsAResultNotAnException() {
        Session desk = admin(server.createShop(), "desk");
        Mutation fax =
                upsert(desk, "customers", fields().put("firstName", "Rita").put("fax", "+1 555"));
        Mutation ok = customer(desk, "Grace");

        PushResponse response = as(desk.accessToken(), transport).push(batch(desk, fax, ok));

        PushResult rejected = response.results().get(0);
        assertThat(rejected.status()).isEqualTo(MutationStatus.REJECTED);
        assertThat(rejected.code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(rejected.field()).isEqualTo("fax");
        assertThat(rejected.message()).contains("fax");
        assertThat(response.results().get(1).status()).isEqualTo(MutationStatus.APPLIED);
    }

    @Test
    void pullReturnsThePushedChange() {
        Session desk = admin(server.createShop(), "desk");
        Mutation rita = customer(desk, "Rita");
        long cursor = as(desk.accessToken(), transport).push(batch(desk, rita)).cursor();

        PullResponse page = as(desk.accessToken(), transport)
                .pull(new PullQuery(
                        0,
                        100,
                        List.of("customers", "appointments"),
                        "2020-01-01T00:00:00+01:00",
                        "2040-01-01T00:00:00Z"));

        assertThat(page.hasMore()).isFalse();
        assertThat(page.cursor()).isEqualTo(cursor);
        assertThat(page.changes()).singleElement().satisfies(change -> {
            assertThat(change.entity()).isEqualTo("customers");
            assertThat(change.recordId()).isEqualTo(rita.recordId());
            assertThat(change.seq()).isEqualTo(cursor);
            assertThat(change.deleted()).isFalse();
            assertThat(change.record().tree().get("firstName").asText()).isEqualTo("Rita");
        });
    }

    @Test
    void aLargePageComesGzippedAndStillParses() {
        Session desk = admin(server.createShop(), "desk");
        List<Mutation> customers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            customers.add(upsert(
                    desk,
                    "customers",
                    fields().put("firstName", "Customer " + i).put("notes", "n".repeat(200))));
        }
        assertThat(as(desk.accessToken(), transport)
                        .push(new PushRequest(desk.deviceId(), customers))
                        .results())
                .allMatch(result -> result.status() == MutationStatus.APPLIED);

        JsonHttp.Response raw = server.http()
                .send(server.http()
                        .request("/v1/sync/pull?cursor=0&limit=1000", desk.accessToken())
                        .header("Accept-Encoding", "gzip")
                        .GET()
                        .build());
        assertThat(raw.header("Content-Encoding"))
                .as("the server compresses this page when asked")
                .isEqualTo("gzip");

        PullResponse page = as(desk.accessToken(), transport).pull(new PullQuery(0, 1000, List.of(), null, null));

        Set<String> pulled = page.changes().stream().map(Change::recordId).collect(Collectors.toSet());
        assertThat(pulled)
                .containsAll(customers.stream().map(Mutation::recordId).toList())
                .contains(desk.employeeId());
        assertThat(page.hasMore()).isFalse();
    }

    @Test
    void transportsSharingConnectionsWorkAloneAndClosingOneLeavesTheOthers() {
        Session desk = admin(server.createShop(), "desk");
        try (HttpSyncTransport.Connections shared = new HttpSyncTransport.Connections(Duration.ofSeconds(5))) {
            HttpSyncTransport first = new HttpSyncTransport(server.http().baseUrl(), GENEROUS, shared, tokens);
            HttpSyncTransport second = new HttpSyncTransport(server.http().baseUrl(), GENEROUS, shared, tokens);
            Recorder heard = new Recorder();
            SyncTransport.RealtimeConnection socket =
                    as(desk.accessToken(), second).openRealtime(heard);

            long cursor = as(desk.accessToken(), first)
                    .push(batch(desk, customer(desk, "Rita")))
                    .cursor();
            first.close();

            assertThatThrownBy(() -> as(desk.accessToken(), first).pull(fromStart()))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(as(desk.accessToken(), second).pull(fromStart()).cursor())
                    .isEqualTo(cursor);
            await().atMost(GENEROUS)
                    .alias("the other transport's socket heard the push")
                    .until(() -> heard.cursors.contains(cursor));
            second.health();
            socket.close();
            second.close();
        }
    }

    @Test
    void aPullStreamHandsOverEveryPageInOrderAndReturnsTheLast() {
        Session desk = admin(server.createShop(), "desk");
        List<Mutation> customers = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            customers.add(customer(desk, "Customer " + i));
        }
        long cursor = as(desk.accessToken(), transport)
                .push(new PushRequest(desk.deviceId(), customers))
                .cursor();

        List<PullResponse> handed = new ArrayList<>();
        PullResponse last = as(desk.accessToken(), transport)
                .pullPages(new PullQuery(0, 100, List.of(), null, null), 10, handed::add);

        // 251 changes (the owner and 250 customers) in three pages, some perhaps handed over together
        assertThat(handed).hasSizeBetween(1, 3);
        assertThat(handed).extracting(PullResponse::cursor).isSorted().doesNotHaveDuplicates();
        assertThat(last).isSameAs(handed.get(handed.size() - 1));
        assertThat(last.hasMore()).isFalse();
        assertThat(last.cursor()).isEqualTo(cursor);
        List<Long> seqs = handed.stream()
                .flatMap(page -> page.changes().stream())
                .map(Change::seq)
                .toList();
        assertThat(seqs).hasSize(251).doesNotHaveDuplicates().isSorted();

        List<PullResponse> bounded = new ArrayList<>();
        PullResponse first = as(desk.accessToken(), transport)
                .pullPages(new PullQuery(0, 100, List.of(), null, null), 2, bounded::add);
        assertThat(bounded.stream().mapToInt(page -> page.changes().size()).sum())
                .as("two pages of 100")
                .isEqualTo(200);
        assertThat(first.hasMore())
                .as("two pages of three: the caller asks again")
                .isTrue();
    }

    @Test
    void everyRequestNamesItsProtocolAndSdkAndAServerThatNeedsANewerOneAsksForAnUpdate() throws IOException {
        List<String> protocols = new CopyOnWriteArrayList<>();
        List<String> sdks = new CopyOnWriteArrayList<>();
        HttpServer stub = stub(exchange -> {
            protocols.add(exchange.getRequestHeaders().getFirst(WireVersions.PROTOCOL_HEADER));
            sdks.add(exchange.getRequestHeaders().getFirst(WireVersions.SDK_HEADER));
            exchange.getResponseHeaders().set(WireVersions.SUPPORTED_HEADER, "3-4");
            respond(
                    exchange,
                    426,
                    "application/problem+json",
                    bytes("{\"status\":426,\"code\":\"upgrade_required\",\"field\":\"RepairSync-Protocol\","
                            + "\"detail\":\"this server serves RepairSync protocol 3-4\"}"));
        });
        try (HttpSyncTransport old = new HttpSyncTransport(url(stub), tokens)) {
            assertThatThrownBy(() -> as("token", old).pull(fromStart()))
                    .isInstanceOfSatisfying(UpgradeRequiredException.class, upgrade -> {
                        assertThat(upgrade.supported()).isEqualTo("3-4");
                        assertThat(upgrade.retriable()).isTrue();
                        assertThat(upgrade.getMessage())
                                .isEqualTo(
                                        "Update RepairSync to keep syncing: this server serves RepairSync protocol 3-4");
                    });
        } finally {
            stub.stop(0);
        }
        assertThat(protocols).containsOnly(Integer.toString(WireVersions.CURRENT));
        assertThat(sdks).containsOnly(com.repairsync.client.Sdk.VERSION);
    }

    @Test
    void aServerWithoutThePullStreamIsPulledPageByPage() throws IOException {
        List<String> paths = new CopyOnWriteArrayList<>();
        HttpServer stub = stub(exchange -> {
            String path = exchange.getRequestURI().getPath();
            paths.add(path);
            if (path.endsWith("/stream")) {
                respond(exchange, 404, "application/problem+json", bytes("{\"status\":404,\"code\":\"not_found\"}"));
                return;
            }
            boolean first = exchange.getRequestURI().getQuery().contains("cursor=0");
            respond(
                    exchange,
                    200,
                    "application/json",
                    bytes("{\"changes\":[],\"cursor\":" + (first ? 5 : 9) + ",\"hasMore\":" + first
                            + ",\"latestCursor\":9,\"serverHlc\":\"001732451234567-00000-server\"}"));
        });
        List<PullResponse> handed = new ArrayList<>();
        try (HttpSyncTransport older = new HttpSyncTransport(url(stub), tokens)) {
            PullResponse last = as("token", older).pullPages(fromStart(), 10, handed::add);

            assertThat(last.cursor()).isEqualTo(9);
            assertThat(last.hasMore()).isFalse();
        } finally {
            stub.stop(0);
        }
        assertThat(handed).extracting(PullResponse::cursor).containsExactly(5L, 9L);
        assertThat(paths).containsExactly("/v1/sync/pull/stream", "/v1/sync/pull", "/v1/sync/pull");
    }

    /** Wire version 6: a streamed tombstone keeps its values, and an erased record says so. */
    @Test
    void aStreamedTombstoneKeepsItsValuesAndAnErasedRecordIsMarked() throws IOException {
        String page = "{\"changes\":[{\"entity\":\"customers\",\"recordId\":\"c1\",\"seq\":6,\"deleted\":true,"
                + "\"record\":{\"id\":\"c1\",\"firstName\":\"Grace\"}},{\"entity\":\"customers\","
                + "\"recordId\":\"c2\",\"seq\":7,\"deleted\":false,\"record\":{\"id\":\"c2\","
                + "\"firstName\":\"(erased)\"},\"erased\":true}],\"cursor\":7,\"hasMore\":false,\"latestCursor\":7,"
                + "\"serverHlc\":\"001732451234567-00000-server\"}\n";
        HttpServer stub = stub(exchange -> respond(exchange, 200, "application/x-ndjson", bytes(page)));
        List<PullResponse> handed = new ArrayList<>();
        try (HttpSyncTransport transport = new HttpSyncTransport(url(stub), tokens)) {
            as("token", transport).pullPages(fromStart(), 5, handed::add);
        } finally {
            stub.stop(0);
        }
        List<Change> changes =
                handed.stream().flatMap(p -> p.changes().stream()).toList();
        assertThat(changes).hasSize(2);
        assertThat(changes.get(0).deleted()).isTrue();
        assertThat(changes.get(0).record().tree().path("firstName").asText()).isEqualTo("Grace");
        assertThat(changes.get(0).erased()).isFalse();
        assertThat(changes.get(1).erased()).isTrue();
    }

    @Test
    void aPullStreamThatStallsAfterAPageIsOfflineAndThatPageWasHandedOver() throws IOException {
        String page = "{\"changes\":[],\"cursor\":7,\"hasMore\":true,\"latestCursor\":20,"
                + "\"serverHlc\":\"001732451234567-00000-server\"}\n";
        CountDownLatch release = new CountDownLatch(1);
        HttpServer stub = stub(exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(bytes(page));
            out.flush();
            awaitQuietly(release); // and never the second page
            out.close();
        });
        List<PullResponse> handed = new ArrayList<>();
        try (HttpSyncTransport impatient = new HttpSyncTransport(
                url(stub), Duration.ofSeconds(5), Duration.ofMillis(300), ServerTrust.authorities(), tokens)) {
            assertThatThrownBy(() -> as("token", impatient).pullPages(fromStart(), 5, handed::add))
                    .isInstanceOf(OfflineException.class)
                    .hasMessageContaining("/v1/sync/pull/stream");
        } finally {
            release.countDown();
            stub.stop(0);
        }
        assertThat(handed).singleElement().satisfies(first -> assertThat(first.cursor())
                .isEqualTo(7));
    }

    @Test
    void requestsAskForGzipAndUnknownResponseMembersAreIgnored() throws IOException {
        String body = "{\"changes\":[{\"entity\":\"customers\",\"recordId\":\"r-1\",\"seq\":7,\"deleted\":false,"
                + "\"record\":{\"id\":\"r-1\",\"firstName\":\"Rita\"},\"origin\":\"future member\"}],"
                + "\"cursor\":7,\"hasMore\":false,\"serverVersion\":\"9.9\"}";
        AtomicReference<String> acceptEncoding = new AtomicReference<>();
        HttpServer stub = stub(exchange -> {
            acceptEncoding.set(exchange.getRequestHeaders().getFirst("Accept-Encoding"));
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            respond(exchange, 200, "application/json", gzip(body));
        });
        try (HttpSyncTransport stubbed = new HttpSyncTransport(url(stub), tokens)) {
            PullResponse page = as("token", stubbed).pull(fromStart());

            assertThat(acceptEncoding.get()).contains("gzip");
            assertThat(page.cursor()).isEqualTo(7);
            assertThat(page.changes()).singleElement().satisfies(change -> assertThat(
                            change.record().tree().get("firstName").asText())
                    .isEqualTo("Rita"));
        } finally {
            stub.stop(0);
        }
    }

    @Test
    void badRequestsAreRejectedWithCodeAndField() {
        Shop shop = server.createShop();
        Session desk = admin(shop, "desk");
        Session tablet = admin(shop, "tablet");

        RequestRejectedException limit =
                catchThrowableOfType(RequestRejectedException.class, () -> as(desk.accessToken(), transport)
                        .pull(new PullQuery(0, 0, List.of(), null, null)));
        assertThat(limit.status()).isEqualTo(400);
        assertThat(limit.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(limit.field()).isEqualTo("limit");
        assertThat(limit.getMessage()).contains("limit");
        assertThat(limit.retriable()).isFalse();

        RequestRejectedException entities =
                catchThrowableOfType(RequestRejectedException.class, () -> as(desk.accessToken(), transport)
                        .pull(new PullQuery(0, 10, List.of("parts"), null, null)));
        assertThat(entities.code()).isEqualTo(ErrorCode.UNKNOWN_ENTITY);
        assertThat(entities.field()).isEqualTo("entities");

        RequestRejectedException device =
                catchThrowableOfType(RequestRejectedException.class, () -> as(desk.accessToken(), transport)
                        .push(new PushRequest(tablet.deviceId(), List.of(customer(desk, "Rita")))));
        assertThat(device.status()).isEqualTo(403);
        assertThat(device.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(device.field()).isEqualTo("deviceId");
    }

    // ---- health and reachability

    @Test
    void healthIsOk() {
        transport.health();
    }

    @Test
    void aStoppedServerIsOfflineForEveryCall() {
        TestServer own = TestServer.start();
        String baseUrl = own.http().baseUrl();
        try (HttpSyncTransport ownTransport = new HttpSyncTransport(baseUrl, tokens)) {
            Session desk = ownTransport.login(own.createShop().adminEmail(), TestServer.PASSWORD, "desk", null);
            ownTransport.health();

            own.stop();

            assertThatThrownBy(ownTransport::health)
                    .isInstanceOf(OfflineException.class)
                    .hasMessageContaining(baseUrl)
                    .satisfies(e ->
                            assertThat(((TransportException) e).retriable()).isTrue());
            assertThatThrownBy(() -> as(desk.accessToken(), ownTransport).push(batch(desk, customer(desk, "Rita"))))
                    .isInstanceOf(OfflineException.class)
                    .hasMessageContaining(baseUrl);
            assertThatThrownBy(() -> as(desk.accessToken(), ownTransport).pull(fromStart()))
                    .isInstanceOf(OfflineException.class);
            assertThatThrownBy(() -> as(desk.accessToken(), ownTransport).openRealtime(new Recorder()))
                    .isInstanceOf(OfflineException.class)
                    .hasMessageContaining("/v1/realtime");
        } finally {
            own.stop();
        }
    }

    @Test
    void aSlowServerTimesOutAsOffline() throws IOException {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer stub = stub(exchange -> {
            awaitQuietly(release);
            respond(exchange, 200, "application/json", bytes("{\"status\":\"ok\"}"));
        });
        try (HttpSyncTransport impatient = new HttpSyncTransport(
                url(stub), Duration.ofSeconds(5), Duration.ofMillis(300), ServerTrust.authorities(), tokens)) {
            assertThatThrownBy(impatient::health)
                    .isInstanceOf(OfflineException.class)
                    .hasMessageContaining("no answer from " + url(stub) + "/v1/health in time");
        } finally {
            release.countDown();
            stub.stop(0);
        }
    }

    @Test
    void anInterruptedWaitIsOfflineAndKeepsTheInterruptFlag() throws IOException {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer stub = stub(exchange -> {
            awaitQuietly(release);
            respond(exchange, 200, "application/json", bytes("{\"status\":\"ok\"}"));
        });
        try (HttpSyncTransport stubbed = new HttpSyncTransport(url(stub), tokens)) {
            Thread.currentThread().interrupt();

            assertThatThrownBy(stubbed::health)
                    .isInstanceOf(OfflineException.class)
                    .hasMessageContaining("interrupted");
            assertThat(Thread.interrupted()).as("interrupt flag restored").isTrue();
        } finally {
            Thread.interrupted();
            release.countDown();
            stub.stop(0);
        }
    }

    // ---- answers only a stub gives

    @Test
    void a503WithRetryAfterIsServerBusy() throws IOException {
        HttpServer stub = stub(exchange -> {
            exchange.getResponseHeaders().set("Retry-After", "7");
            respond(
                    exchange,
                    503,
                    "application/problem+json",
                    bytes("{\"code\":\"unavailable\",\"status\":503,\"detail\":\"shutting down\"}"));
        });
        try (HttpSyncTransport stubbed = new HttpSyncTransport(url(stub), tokens)) {
            ServerBusyException busy = catchThrowableOfType(ServerBusyException.class, stubbed::health);

            assertThat(busy.status()).isEqualTo(503);
            assertThat(busy.retryAfter()).isEqualTo(Duration.ofSeconds(7));
            assertThat(busy.getMessage()).isEqualTo("shutting down");
            assertThat(busy.retriable()).isTrue();
        } finally {
            stub.stop(0);
        }
    }

    @Test
    void a500WithAnHtmlPageIsServerBusy() throws IOException {
        HttpServer stub = stub(exchange -> respond(exchange, 500, "text/html", bytes("<html>Bad gateway</html>")));
        try (HttpSyncTransport stubbed = new HttpSyncTransport(url(stub), tokens)) {
            ServerBusyException busy = catchThrowableOfType(
                    ServerBusyException.class, () -> as("token", stubbed).pull(fromStart()));

            assertThat(busy.status()).isEqualTo(500);
            assertThat(busy.retryAfter()).isNull();
            assertThat(busy.getMessage()).contains("500").contains("<html>Bad gateway</html>");
        } finally {
            stub.stop(0);
        }
    }

    @Test
    void a4xxThatIsNotProblemJsonIsRejectedWithACodeFromItsStatus() throws IOException {
        HttpServer stub = stub(exchange -> respond(exchange, 404, "text/plain", bytes("no such path here")));
        try (HttpSyncTransport stubbed = new HttpSyncTransport(url(stub), tokens)) {
            RequestRejectedException rejected = catchThrowableOfType(
                    RequestRejectedException.class, () -> as("token", stubbed).pull(fromStart()));

            assertThat(rejected.status()).isEqualTo(404);
            assertThat(rejected.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(rejected.field()).isNull();
            assertThat(rejected.getMessage()).contains("404").contains("no such path here");
        } finally {
            stub.stop(0);
        }
    }

    @Test
    void aCodeFromANewerServerIsUnknownAndNotRetriable() throws IOException {
        HttpServer stub = stub(exchange -> respond(
                exchange,
                422,
                "application/problem+json",
                bytes("{\"code\":\"brand_new_code\",\"field\":\"widget\",\"detail\":\"widgets are not ready\"}")));
        try (HttpSyncTransport stubbed = new HttpSyncTransport(url(stub), tokens)) {
            RequestRejectedException rejected = catchThrowableOfType(
                    RequestRejectedException.class, () -> as("token", stubbed).pull(fromStart()));

            assertThat(rejected.status()).isEqualTo(422);
            assertThat(rejected.code()).isEqualTo(ErrorCode.UNKNOWN);
            assertThat(rejected.field()).isEqualTo("widget");
            assertThat(rejected.getMessage()).isEqualTo("widgets are not ready");
        } finally {
            stub.stop(0);
        }
    }

    @Test
    void aRedirectIsNotFollowed() throws IOException {
        HttpServer stub = stub(exchange -> {
            exchange.getResponseHeaders().set("Location", "https://elsewhere.example/v1/sync/pull");
            respond(exchange, 301, "text/plain", new byte[0]);
        });
        try (HttpSyncTransport stubbed = new HttpSyncTransport(url(stub), tokens)) {
            RequestRejectedException rejected = catchThrowableOfType(
                    RequestRejectedException.class, () -> as("token", stubbed).pull(fromStart()));

            assertThat(rejected.status()).isEqualTo(301);
            assertThat(rejected.getMessage()).contains("redirect to https://elsewhere.example");
        } finally {
            stub.stop(0);
        }
    }

    @Test
    void a200ThatIsNotTheApiIsServerBusy() throws IOException {
        HttpServer stub = stub(exchange -> respond(exchange, 200, "text/html", bytes("<html>Wi-Fi login</html>")));
        try (HttpSyncTransport stubbed = new HttpSyncTransport(url(stub), tokens)) {
            assertThatThrownBy(stubbed::health)
                    .isInstanceOf(ServerBusyException.class)
                    .hasMessageContaining("Wi-Fi login");
            assertThatThrownBy(() -> as("token", stubbed).pull(fromStart()))
                    .isInstanceOf(ServerBusyException.class)
                    .hasMessageContaining("unreadable");
        } finally {
            stub.stop(0);
        }
    }

    // ---- construction and closing

    @Test
    void aServerUrlMustBeAnAbsoluteHttpUrl() {
        for (String bad : List.of("ftp://sync.example.com", "sync.example.com", "http://", "http://host/?a=1", "::")) {
            assertThatThrownBy(() -> new HttpSyncTransport(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad);
        }
        assertThatThrownBy(() -> new HttpSyncTransport(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpSyncTransport("http://host", Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connectTimeout");
        try (HttpSyncTransport normalised = new HttpSyncTransport("HTTPS://sync.example.com/base//")) {
            assertThat(normalised.serverUrl()).isEqualTo("https://sync.example.com/base");
        }
    }

    @Test
    void closingTheTransportClosesItsSocketsOnceAndRefusesLaterCalls() {
        Session desk = admin(server.createShop(), "desk");
        Recorder events = new Recorder();
        RealtimeConnection socket = as(desk.accessToken(), transport).openRealtime(events);
        await().atMost(GENEROUS).until(() -> !events.cursors.isEmpty());

        transport.close();

        assertThat(socket.isOpen()).isFalse();
        assertClosedOnce(events, 1000);
        assertThatThrownBy(transport::health).isInstanceOf(IllegalStateException.class);
        transport.close();
    }

    // ---- realtime against the real server

    @Test
    void aSocketHearsAnotherDevicesPushAndWhoComesAndGoes() {
        Shop shop = server.createShop();
        Session desk = admin(shop, "desk");
        Session tablet = admin(shop, "tablet");
        Recorder deskEvents = new Recorder();
        try (RealtimeConnection deskSocket = as(desk.accessToken(), transport).openRealtime(deskEvents)) {
            assertThat(deskSocket.isOpen()).isTrue();
            await().atMost(GENEROUS).until(() -> deskEvents.heard("snapshot", desk.deviceId()));
            await().atMost(GENEROUS).until(() -> !deskEvents.cursors.isEmpty());

            long cursor = as(tablet.accessToken(), transport)
                    .push(batch(tablet, customer(tablet, "Rita")))
                    .cursor();
            await().atMost(GENEROUS).until(() -> deskEvents.cursors.contains(cursor));

            Recorder tabletEvents = new Recorder();
            RealtimeConnection tabletSocket =
                    as(tablet.accessToken(), transport).openRealtime(tabletEvents);
            await().atMost(GENEROUS).until(() -> deskEvents.heard("online", tablet.deviceId()));
            tabletSocket.close();
            await().atMost(GENEROUS).until(() -> deskEvents.heard("offline", tablet.deviceId()));
            assertThat(tabletSocket.isOpen()).isFalse();
            assertClosedOnce(tabletEvents, 1000);
            assertThat(deskEvents.closes).isEmpty();
        }
        assertClosedOnce(deskEvents, 1000);
    }

    @Test
    void aSilentSocketIsPingedAndTheServersPongKeepsItOpen() {
        Session desk = admin(server.createShop(), "desk");
        Recorder events = new Recorder();
        RealtimeSocket socket =
                (RealtimeSocket) as(desk.accessToken(), transport).openRealtime(events);
        await().atMost(GENEROUS).until(() -> !events.cursors.isEmpty());
        Duration silence = Duration.ofSeconds(1);

        await().atMost(GENEROUS).until(() -> socket.silentFor().compareTo(silence) >= 0);
        assertThat(socket.keepAlive(silence))
                .as("still open after one silence: pinged")
                .isTrue();

        await().atMost(GENEROUS).until(() -> socket.silentFor().compareTo(silence) < 0);
        assertThat(socket.keepAlive(silence)).isTrue();
        assertThat(events.closes).isEmpty();
        socket.close();
    }

    @Test
    void aSocketWhoseServerWentSilentIsGivenUpWhenItsPingGoesUnanswered() {
        URI base = URI.create(server.http().baseUrl());
        Session desk = admin(server.createShop(), "desk");
        try (FaultProxy proxy = FaultProxy.start(base.getHost(), base.getPort(), 0);
                HttpSyncTransport viaProxy = new HttpSyncTransport(proxy.baseUrl(), tokens)) {
            Recorder events = new Recorder();
            RealtimeSocket socket =
                    (RealtimeSocket) as(desk.accessToken(), viaProxy).openRealtime(events);
            await().atMost(GENEROUS).until(() -> !events.cursors.isEmpty());

            // The network drops every byte but keeps the TCP connection: no close will ever come.
            proxy.set(FaultProxy.Fault.BLACK_HOLE);
            Duration silence = Duration.ofMillis(300);
            await().atMost(GENEROUS).until(() -> !socket.keepAlive(silence));

            assertThat(socket.silentFor()).isGreaterThanOrEqualTo(silence.multipliedBy(2));
            assertThat(proxy.struck().get(FaultProxy.Fault.BLACK_HOLE))
                    .as("the ping went out and was swallowed")
                    .isPositive();
            assertThat(socket.isOpen()).isFalse();
            assertClosedOnce(events, 1006);
            assertThat(events.closes.get(0)).contains("not even an answer to a ping");
        }
    }

    @Test
    void aServerShutdownClosesTheSocketWith1001ExactlyOnce() {
        TestServer own = TestServer.start();
        try (HttpSyncTransport ownTransport = new HttpSyncTransport(own.http().baseUrl(), tokens)) {
            Session desk = ownTransport.login(own.createShop().adminEmail(), TestServer.PASSWORD, "desk", null);
            Recorder events = new Recorder();
            RealtimeConnection socket = as(desk.accessToken(), ownTransport).openRealtime(events);
            await().atMost(GENEROUS).until(() -> !events.cursors.isEmpty());

            own.stop();

            await().atMost(GENEROUS).until(() -> !events.closes.isEmpty());
            assertThat(events.closes).containsExactly("1001 server shutting down");
            assertThat(socket.isOpen()).isFalse();
            socket.close();
            ownTransport.close();
            assertClosedOnce(events, 1001);
        } finally {
            own.stop();
        }
    }

    @Test
    void aDeactivatedEmployeesSocketIsRefusedAsASignInThatEnded() {
        Session admin = admin(server.createShop(), "desk");
        Employee linus = createEmployee(admin, "technician");
        as(admin.accessToken(), transport).setPassword(linus.id(), TestServer.PASSWORD);
        Session tablet = transport.login(linus.email(), TestServer.PASSWORD, "bench tablet", null);
        as(admin.accessToken(), transport)
                .push(batch(admin, upsert(admin, "employees", linus.id(), fields().put("active", false))));

        UnauthorizedException refused =
                catchThrowableOfType(UnauthorizedException.class, () -> as(tablet.accessToken(), transport)
                        .openRealtime(new Recorder()));

        assertThat(refused.code()).isEqualTo(ErrorCode.SESSION_REVOKED);
        assertThat(refused.getMessage()).contains("deactivated");
    }

    // ---- realtime against a scripted socket

    @Test
    void fragmentedMessagesAreAssembledAndUnknownOnesIgnored() throws IOException {
        try (ScriptedWebSocketServer ws = ScriptedWebSocketServer.start();
                HttpSyncTransport scripted = new HttpSyncTransport(ws.baseUrl(), tokens)) {
            Recorder events = new Recorder();
            RealtimeConnection socket = as("token-123", scripted).openRealtime(events);
            assertThat(ws.requestHeaders())
                    .containsEntry("authorization", "Bearer token-123")
                    .containsEntry(":request-line", "GET /v1/realtime HTTP/1.1");

            ws.textFrame("{\"type\":\"cur", true, false);
            ws.textFrame("sor\",\"cursor\":4", false, false);
            ws.textFrame("2}", false, true);
            ws.text("{\"type\":\"typing\",\"who\":\"someone\"}");
            ws.text("this is not JSON");
            ws.text("{\"type\":\"cursor\",\"cursor\":\"soon\"}");
            ws.text("{\"type\":\"presence\",\"event\":\"online\",\"deviceId\":\"d-2\",\"mood\":\"new member\"}");
            ws.text("{\"cursor\":43,\"type\":\"cursor\"}");
            await().atMost(GENEROUS).until(() -> events.cursors.contains(43L));

            assertThat(events.cursors).containsExactly(42L, 43L);
            assertThat(events.presence).singleElement().satisfies(message -> assertThat(
                            message.get("deviceId").asText())
                    .isEqualTo("d-2"));
            assertThat(socket.isOpen()).isTrue();

            ws.sendClose(1001, "going away");
            await().atMost(GENEROUS).until(() -> !events.closes.isEmpty());
            assertThat(events.closes).containsExactly("1001 going away");
            assertClosedOnce(events, 1001);
        }
    }

    @Test
    void aDroppedConnectionIsHeardAsAbnormalClosureOnce() throws IOException {
        try (ScriptedWebSocketServer ws = ScriptedWebSocketServer.start();
                HttpSyncTransport scripted = new HttpSyncTransport(ws.baseUrl(), tokens)) {
            Recorder events = new Recorder();
            RealtimeConnection socket = as("token", scripted).openRealtime(events);
            ws.text("{\"type\":\"cursor\",\"cursor\":1}");
            await().atMost(GENEROUS).until(() -> events.cursors.contains(1L));

            ws.drop();

            await().atMost(GENEROUS).until(() -> !socket.isOpen());
            assertClosedOnce(events, 1006);
            socket.close();
            assertClosedOnce(events, 1006);
        }
    }

    @Test
    void aRefusedHandshakeCarriesTheProblem() throws IOException {
        HttpServer stub = stub(exchange -> respond(
                exchange,
                403,
                "application/problem+json",
                bytes("{\"code\":\"forbidden\",\"field\":\"deviceId\",\"detail\":\"device was removed\"}")));
        try (HttpSyncTransport stubbed = new HttpSyncTransport(url(stub), tokens)) {
            RequestRejectedException refused = catchThrowableOfType(
                    RequestRejectedException.class, () -> as("token", stubbed).openRealtime(new Recorder()));

            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(refused.field()).isEqualTo("deviceId");
            assertThat(refused.getMessage()).isEqualTo("device was removed");
        } finally {
            stub.stop(0);
        }
    }

    // ---- helpers

    private Session admin(Shop shop, String deviceName) {
        return transport.login(shop.adminEmail(), TestServer.PASSWORD, deviceName, null);
    }

    private record Employee(String id, String email) {}

    /** Creates an employee with an e-mail through sync, as the admin. */
    private Employee createEmployee(Session admin, String role) {
        String id = UUID.randomUUID().toString();
        String email = role + "-" + id.substring(0, 8) + "@shop.test";
        PushResponse response = as(admin.accessToken(), transport)
                .push(batch(
                        admin,
                        upsert(
                                admin,
                                "employees",
                                id,
                                fields().put("firstName", "Linus")
                                        .put("email", email)
                                        .put("role", role))));
        assertThat(response.results().get(0).status()).isEqualTo(MutationStatus.APPLIED);
        return new Employee(id, email);
    }

    private static ObjectNode fields() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static Mutation customer(Session session, String firstName) {
        return upsert(session, "customers", fields().put("firstName", firstName));
    }

    private static Mutation upsert(Session session, String entity, ObjectNode fields) {
        return upsert(session, entity, UUID.randomUUID().toString(), fields);
    }

    private static Mutation upsert(Session session, String entity, String recordId, ObjectNode fields) {
        String hlc = new HlcClock(Clock.systemUTC(), session.deviceId()).now().toString();
        return new Mutation(
                UUID.randomUUID().toString(),
                entity,
                recordId,
                "upsert",
                fields,
                null,
                hlc,
                session.employeeId(),
                null);
    }

    private static PushRequest batch(Session session, Mutation... mutations) {
        return new PushRequest(session.deviceId(), List.of(mutations));
    }

    private static PullQuery fromStart() {
        return new PullQuery(0, 500, List.of(), null, null);
    }

    private static void assertClosedOnce(Recorder events, int code) {
        await().atMost(GENEROUS).until(() -> !events.closes.isEmpty());
        await().during(QUIET).atMost(QUIET.multipliedBy(4)).until(() -> events.closes.size() == 1);
        assertThat(events.closes.get(0)).startsWith(code + " ");
    }

    /** Records what a realtime socket hears. */
    private static final class Recorder implements RealtimeListener {
        final List<Long> cursors = new CopyOnWriteArrayList<>();
        final List<JsonNode> presence = new CopyOnWriteArrayList<>();
        final List<String> closes = new CopyOnWriteArrayList<>();

        @Override
        public void cursor(long cursor) {
            cursors.add(cursor);
        }

        @Override
        public void presence(JsonNode message) {
            presence.add(message);
        }

        @Override
        public void closed(int statusCode, String reason) {
            closes.add(statusCode + " " + reason);
        }

        /** Whether a presence event of this kind named the device. */
        /** Whether a presence event about the device came, alone or in a batch (wire version 7). */
        boolean heard(String event, String deviceId) {
            return presence.stream()
                    .flatMap(message -> message.path("event").asText().equals("changes")
                            ? java.util.stream.StreamSupport.stream(
                                    message.path("changes").spliterator(), false)
                            : java.util.stream.Stream.of(message))
                    .filter(change -> change.path("event").asText().equals(event))
                    .anyMatch(change -> change.toString().contains(deviceId));
        }
    }

    private static HttpServer stub(HttpHandler handler) throws IOException {
        HttpServer stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/", handler);
        stub.start();
        return stub;
    }

    private static String url(HttpServer stub) {
        return "http://127.0.0.1:" + stub.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(buffer)) {
            out.write(bytes(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
