package com.repairsync.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.MutableClock;
import com.repairsync.testkit.Mutations;
import com.repairsync.testkit.WsProbe;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The realtime socket: cursor hints after commits, presence, and refusal of bad tokens. */
class RealtimeIT {
    private static final Duration GENEROUS = Duration.ofSeconds(10);

    static final MutableClock clock = MutableClock.atNow();

    @RegisterExtension
    static final TestServer server = TestServer.start(clock, Map.of());

    private static WsProbe connect(Device device) {
        return WsProbe.connect(server.http().client(), server.realtimeUri(null), device.accessToken());
    }

    /** A socket that has heard the shop's current cursor, so whatever it hears next is news. */
    private static WsProbe listening(Device device) {
        WsProbe socket = connect(device);
        socket.await(message -> message.path("type").asText().equals("cursor"), GENEROUS);
        return socket;
    }

    /** A message moving the cursor: a bare cursor, or a small commit's changes. */
    private static boolean movesCursor(JsonNode message) {
        return message.path("type").asText().equals("cursor")
                || message.path("type").asText().equals("changes");
    }

    private static boolean isCursor(JsonNode message, long cursor) {
        return movesCursor(message) && message.path("cursor").asLong() == cursor;
    }

    /** Pushes a new customer from {@code device}; the shop's cursor after it. */
    private static long pushNewCustomer(Device device, String firstName) {
        return device.pushOk(
                        List.of(Mutations.upsert("customers", UUID.randomUUID().toString())
                                .field("firstName", firstName)))
                .get("cursor")
                .asLong();
    }

    @Test
    void aSocketHearsTheNewCursorAfterAnotherDevicesPush() {
        Shop shop = server.createShop();
        Device tablet = shop.adminDevice("tablet");
        Device desk = shop.adminDevice("desk");
        try (WsProbe socket = listening(tablet)) {
            long pushedAt = System.nanoTime();
            long cursor = pushNewCustomer(desk, "Rita");
            JsonNode heard = socket.await(message -> isCursor(message, cursor), GENEROUS);
            System.out.printf(
                    "RealtimeIT: cursor %d heard %d ms after the push returned%n",
                    cursor, Duration.ofNanos(System.nanoTime() - pushedAt).toMillis());
            // A small commit carries its changes, so a device at the previous cursor need not pull.
            assertThat(heard.get("type").asText()).isEqualTo("changes");
            assertThat(heard.get("from").asLong()).isEqualTo(cursor - 1);
            JsonNode change = heard.get("changes").get(0);
            assertThat(change.get("entity").asText()).isEqualTo("customers");
            assertThat(change.get("seq").asLong()).isEqualTo(cursor);
            assertThat(change.get("record").get("firstName").asText()).isEqualTo("Rita");
        }
    }

    @Test
    void eachCommitsFanOutToTheShopsSocketsIsMetered() {
        Shop shop = server.createShop();
        Device tablet = shop.adminDevice("tablet");
        Device desk = shop.adminDevice("desk");
        try (WsProbe socket = listening(tablet)) {
            double before = fanouts();
            long cursor = pushNewCustomer(desk, "Mia");
            socket.await(message -> isCursor(message, cursor), GENEROUS);
            Awaitility.await().atMost(GENEROUS).untilAsserted(() -> assertThat(fanouts())
                    .isEqualTo(before + 1));
        }
    }

    /** {@code repairsync_realtime_fanout_seconds_count} in the server's metrics; 0 before the first. */
    private static double fanouts() {
        return server.http()
                .get("/metrics", null)
                .raw()
                .body()
                .lines()
                .filter(line -> line.startsWith("repairsync_realtime_fanout_seconds_count"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void carriedChangesKeepARecordWhoseLaterGroupWasRolledBack() {
        Shop shop = server.createShop();
        Device tablet = shop.adminDevice("tablet");
        Device desk = shop.adminDevice("desk");
        String customer = UUID.randomUUID().toString();
        String group = UUID.randomUUID().toString();
        try (WsProbe socket = listening(tablet)) {
            JsonNode pushed = desk.push(List.of(
                            Mutations.upsert("customers", customer).field("firstName", "Kept"),
                            Mutations.upsert("customers", customer)
                                    .field("firstName", "Rolled back")
                                    .group(group),
                            Mutations.adjust("inventoryItems", UUID.randomUUID().toString(), "quantity", -1)
                                    .field("quantity", 1) // an adjust may not carry fields: rejected
                                    .group(group)))
                    .body();
            long cursor = pushed.get("cursor").asLong();
            assertThat(pushed.get("results").get(0).get("status").asText()).isEqualTo("applied");
            assertThat(pushed.get("results").get(1).get("code").asText()).isEqualTo("group_failed");

            JsonNode heard = socket.await(message -> isCursor(message, cursor), GENEROUS);
            assertThat(heard.get("type").asText()).isEqualTo("changes");
            assertThat(heard.get("changes")).hasSize(1);
            assertThat(heard.get("changes")
                            .get(0)
                            .get("record")
                            .get("firstName")
                            .asText())
                    .isEqualTo("Kept");
        }
    }

    @Test
    void employeeChangesAndLargeCommitsSendOnlyTheCursor() {
        Shop shop = server.createShop();
        Device tablet = shop.adminDevice("tablet");
        Device desk = shop.adminDevice("desk");
        try (WsProbe socket = listening(tablet)) {
            // Employees have fields only managers may see: every device pulls its own view.
            long afterEmployee = desk.pushOk(List.of(
                            Mutations.upsert("employees", UUID.randomUUID().toString())
                                    .field("firstName", "Tess")
                                    .field("role", "technician")
                                    .field("hourlyRateCents", 2500)))
                    .get("cursor")
                    .asLong();
            JsonNode employee = socket.await(message -> isCursor(message, afterEmployee), GENEROUS);
            assertThat(employee.get("type").asText()).isEqualTo("cursor");
            assertThat(employee.has("changes")).isFalse();

            List<Mutations> many = new java.util.ArrayList<>();
            for (int i = 0; i < 101; i++) {
                many.add(Mutations.upsert("customers", UUID.randomUUID().toString())
                        .field("firstName", "Bulk " + i));
            }
            long afterBulk = desk.pushOk(many).get("cursor").asLong();
            JsonNode bulk = socket.await(message -> isCursor(message, afterBulk), GENEROUS);
            assertThat(bulk.get("type").asText()).isEqualTo("cursor");
        }
    }

    @Test
    void theTokenMayComeAsAQueryParameter() {
        Device desk = server.createShop().adminDevice("desk");
        try (WsProbe socket = WsProbe.connect(server.http().client(), server.realtimeUri(desk.accessToken()), null)) {
            JsonNode first =
                    socket.await(message -> message.path("type").asText().equals("cursor"), GENEROUS);
            assertThat(first.get("cursor").asLong()).isEqualTo(1);
        }
    }

    @Test
    void presenceAnnouncesDevicesComingAndGoing() {
        Shop shop = server.createShop();
        Device desk = shop.adminDevice("front desk");
        Device tablet = shop.adminDevice("bench tablet");
        try (WsProbe deskSocket = connect(desk)) {
            JsonNode snapshot =
                    deskSocket.await(message -> message.path("event").asText().equals("snapshot"), GENEROUS);
            assertThat(snapshot.get("online").toString()).contains(desk.deviceId());
            try (WsProbe tabletSocket = connect(tablet)) {
                JsonNode online = deskSocket.await(
                        message -> message.path("event").asText().equals("online")
                                && message.path("deviceId").asText().equals(tablet.deviceId()),
                        GENEROUS);
                assertThat(online.get("employeeId").asText()).isEqualTo(tablet.employeeId());
                assertThat(online.get("deviceName").asText()).isEqualTo("bench tablet");
                JsonNode tabletSnapshot = tabletSocket.await(
                        message -> message.path("event").asText().equals("snapshot"), GENEROUS);
                assertThat(tabletSnapshot.get("online")).hasSize(2);
            }
            deskSocket.await(
                    message -> message.path("event").asText().equals("offline")
                            && message.path("deviceId").asText().equals(tablet.deviceId()),
                    GENEROUS);
        }
    }

    @Test
    void otherShopsHearNothing() {
        Device mine = server.createShop().adminDevice("mine");
        Device theirs = server.createShop().adminDevice("theirs");
        try (WsProbe theirSocket = connect(theirs)) {
            theirSocket.await(message -> message.path("event").asText().equals("snapshot"), GENEROUS);
            mine.pushOk(List.of(
                    Mutations.upsert("customers", UUID.randomUUID().toString()).field("firstName", "A")));
            long theirCursor = theirs.pushOk(List.of(
                            Mutations.upsert("customers", UUID.randomUUID().toString())
                                    .field("firstName", "B")))
                    .get("cursor")
                    .asLong();
            theirSocket.await(message -> isCursor(message, theirCursor), GENEROUS);
            assertThat(theirSocket.messages())
                    .filteredOn(RealtimeIT::movesCursor)
                    .extracting(message -> message.get("cursor").asLong())
                    .containsExactly(1L, theirCursor);
            assertThat(theirSocket.messages().toString()).doesNotContain(mine.deviceId());
        }
    }

    @Test
    void aBadTokenIsRefusedBeforeTheUpgrade() {
        assertThatThrownBy(() -> WsProbe.connect(server.http().client(), server.realtimeUri(null), "not-a-token"))
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause())
                                .getResponse()
                                .statusCode())
                        .isEqualTo(401));
        assertThatThrownBy(() -> WsProbe.connect(server.http().client(), server.realtimeUri(null), null))
                .hasCauseInstanceOf(WebSocketHandshakeException.class);
    }

    @Test
    void anExpiredTokenIsRefused() {
        Device desk = server.createShop().adminDevice("desk");
        clock.advance(Duration.ofMinutes(16));
        try {
            assertThatThrownBy(() -> connect(desk))
                    .hasCauseInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause())
                                    .getResponse()
                                    .statusCode())
                            .isEqualTo(401));
        } finally {
            clock.advance(Duration.ofMinutes(-16));
        }
    }

    @Test
    void aDeactivatedEmployeesTokenCannotOpenASocket() {
        Shop shop = server.createShop();
        Device admin = shop.adminDevice("desk");
        Device tech = shop.employeeDevice(admin, "technician", "Tess");
        admin.pushOk(List.of(Mutations.upsert("employees", tech.employeeId()).field("active", false)));
        assertThatThrownBy(() -> connect(tech))
                .hasCauseInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause())
                                .getResponse()
                                .statusCode())
                        .isEqualTo(401));
    }
}
