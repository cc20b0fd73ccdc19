package com.repairsync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.Hlc;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.RepairJob;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestPostgres;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.Mutations;
import com.repairsync.testkit.WsProbe;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two server nodes on one PostgreSQL database, as behind a load balancer, with devices on each: a
 * commit on one node reaches the other node's sockets within a second, presence is the union of
 * both nodes', pushes through either node apply exactly once and merge as on one node, and a
 * device whose node stops carries on at the other without losing anything.
 */
class PostgresMultiNodeIT {
    private static final Duration WITHIN_A_SECOND = Duration.ofSeconds(1);
    private static final Duration GENEROUS = Duration.ofSeconds(10);

    TestServer node1;
    TestServer node2;

    @BeforeEach
    void twoNodes() {
        node1 = TestServer.startOnPostgres(Clock.systemUTC(), Map.of("--node-id", "node-1"));
        node2 = node1.startAnotherNode(Map.of("--node-id", "node-2"));
    }

    @AfterEach
    void stopBoth() {
        node1.stop();
        node2.stop();
    }

    private static WsProbe socket(TestServer node, Device device) {
        WsProbe probe = WsProbe.connect(node.http().client(), node.realtimeUri(null), device.accessToken());
        probe.await(message -> message.path("event").asText().equals("snapshot"), GENEROUS);
        return probe;
    }

    private static boolean isCursorAtLeast(JsonNode message, long cursor) {
        return (message.path("type").asText().equals("cursor")
                        || message.path("type").asText().equals("changes"))
                && message.path("cursor").asLong() >= cursor;
    }

    private static boolean isPresence(JsonNode message, String event, Device device) {
        return message.path("type").asText().equals("presence")
                && message.path("event").asText().equals(event)
                && message.path("deviceId").asText().equals(device.deviceId());
    }

    @Test
    void aCommitOnOneNodeReachesSocketsOnTheOtherWithinASecond() {
        Shop shop = node1.createShop();
        Device desk = shop.adminDevice("desk");
        Device tablet = node2.login(shop.adminEmail(), TestServer.PASSWORD, "tablet");
        try (WsProbe tabletSocket = socket(node2, tablet)) {
            for (int i = 0; i < 5; i++) {
                long pushedAt = System.nanoTime();
                long cursor = desk.pushOk(List.of(
                                Mutations.upsert("customers", UUID.randomUUID().toString())
                                        .field("firstName", "Rita " + i)))
                        .get("cursor")
                        .asLong();
                tabletSocket.await(message -> isCursorAtLeast(message, cursor), WITHIN_A_SECOND);
                System.out.printf(
                        "PostgresMultiNodeIT: cursor %d pushed on node 1 heard on node 2 after %d ms%n",
                        cursor, Duration.ofNanos(System.nanoTime() - pushedAt).toMillis());
            }
            assertThat(tablet.pullAll(0).changes()).hasSize(1 + 5);
        }
    }

    @Test
    void presenceIsTheUnionOfBothNodesAndANodeThatStopsTakesItsDevicesOffline() {
        Shop shop = node1.createShop();
        Device desk = shop.adminDevice("desk");
        Device tablet = node2.login(shop.adminEmail(), TestServer.PASSWORD, "bench tablet");
        try (WsProbe deskSocket = socket(node1, desk);
                WsProbe tabletSocket =
                        WsProbe.connect(node2.http().client(), node2.realtimeUri(null), tablet.accessToken())) {
            JsonNode online = deskSocket.await(message -> isPresence(message, "online", tablet), GENEROUS);
            assertThat(online.get("deviceName").asText()).isEqualTo("bench tablet");
            JsonNode snapshot =
                    tabletSocket.await(message -> message.path("event").asText().equals("snapshot"), GENEROUS);
            assertThat(snapshot.get("online").toString())
                    .contains(tablet.deviceId())
                    .contains(desk.deviceId());

            node1.stop();

            tabletSocket.await(message -> isPresence(message, "offline", desk), GENEROUS);
        }
    }

    @Test
    void whoActsOnADeviceReachesTheOtherNodeAndItsLaterSnapshots() {
        Shop shop = node1.createShop();
        Device desk = shop.adminDevice("desk");
        Device tablet = node2.login(shop.adminEmail(), TestServer.PASSWORD, "tablet");
        Shop.Employee tess = shop.createEmployee(desk, "technician", "Tess");
        try (WsProbe deskSocket = socket(node1, desk);
                WsProbe tabletSocket = socket(node2, tablet)) {
            tabletSocket.send("{\"type\":\"acting\",\"employeeId\":\"" + tess.id() + "\"}");

            JsonNode acting = deskSocket.await(message -> isPresence(message, "acting", tablet), GENEROUS);
            assertThat(acting.get("employeeId").asText()).isEqualTo(tess.id());
            try (WsProbe later = socket(node1, desk)) {
                JsonNode snapshot =
                        later.await(message -> message.path("event").asText().equals("snapshot"), GENEROUS);
                assertThat(snapshot.get("online").toString()).contains(tess.id());
            }
        }
    }

    @Test
    void aMutationRetriedThroughTheOtherNodeAppliesOnce() {
        Shop shop = node1.createShop();
        Device desk = shop.adminDevice("desk");
        RepairJob job = RepairJob.create(desk);
        ObjectNode take = Mutations.adjust("inventoryItems", job.itemId(), "quantity", -1)
                .hlc(desk.nextHlc())
                .actor(desk.employeeId())
                .build();

        JsonNode first = desk.pushRaw(List.of(take)).body().get("results").get(0);
        JsonNode retried =
                desk.on(node2).pushRaw(List.of(take)).body().get("results").get(0);

        assertThat(first.get("status").asText()).isEqualTo("applied");
        assertThat(retried.get("status").asText()).isEqualTo("duplicate");
        assertThat(retried.get("seq").asLong()).isEqualTo(first.get("seq").asLong());
        assertThat(desk.on(node2)
                        .pullAll(0)
                        .record("inventoryItems", job.itemId())
                        .get("quantity")
                        .asLong())
                .isEqualTo(4);
    }

    @Test
    void concurrentWritesThroughBothNodesMergeAsOnOneNode() throws Exception {
        Shop shop = node1.createShop();
        Device desk = shop.adminDevice("desk");
        Device tablet = node2.login(shop.adminEmail(), TestServer.PASSWORD, "tablet");
        RepairJob job = RepairJob.create(desk);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<JsonNode>> writes = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                writes.add(
                        () -> desk.pushOk(List.of(Mutations.adjust("inventoryItems", job.itemId(), "quantity", -1))));
                writes.add(
                        () -> tablet.pushOk(List.of(Mutations.adjust("inventoryItems", job.itemId(), "quantity", 2))));
            }
            writes.add(() -> desk.pushOk(
                    List.of(Mutations.upsert("tickets", job.ticketId()).field("status", "diagnosing"))));
            writes.add(() -> tablet.pushOk(
                    List.of(Mutations.upsert("tickets", job.ticketId()).field("notes", "customer called"))));
            for (Future<JsonNode> write : pool.invokeAll(writes)) {
                write.get();
            }
        } finally {
            pool.shutdown();
        }
        // A tie at one instant goes to the higher device id, whichever node saw it first.
        long tie = System.currentTimeMillis() + 1000;
        Device lower = desk.deviceId().compareTo(tablet.deviceId()) < 0 ? desk : tablet;
        Device higher = lower == desk ? tablet : desk;
        higher.pushRaw(List.of(Mutations.upsert("tickets", job.ticketId())
                .field("priority", "urgent")
                .hlc(new Hlc(tie, 0, higher.deviceId()))
                .actor(higher.employeeId())
                .build()));
        JsonNode lost = lower.on(lower == desk ? node2 : node1)
                .pushRaw(List.of(Mutations.upsert("tickets", job.ticketId())
                        .field("priority", "low")
                        .hlc(new Hlc(tie, 0, lower.deviceId()))
                        .actor(lower.employeeId())
                        .build()))
                .body()
                .get("results")
                .get(0);
        assertThat(lost.get("superseded").toString()).isEqualTo("[\"priority\"]");

        for (TestServer node : List.of(node1, node2)) {
            Device.Snapshot seen = desk.on(node).pullAll(0);
            assertThat(seen.record("inventoryItems", job.itemId())
                            .get("quantity")
                            .asLong())
                    .isEqualTo(5 - 10 + 20);
            JsonNode ticket = seen.record("tickets", job.ticketId());
            assertThat(ticket.get("status").asText()).isEqualTo("diagnosing");
            assertThat(ticket.get("notes").asText()).isEqualTo("customer called");
            assertThat(ticket.get("priority").asText()).isEqualTo("urgent");
            assertThat(seen.seqs()).doesNotHaveDuplicates();
        }
    }

    @Test
    void aDeviceWhoseNodeStopsCarriesOnAtTheOtherAndNothingIsLost() {
        Shop shop = node1.createShop();
        Device desk = shop.adminDevice("desk");
        Device tablet = node2.login(shop.adminEmail(), TestServer.PASSWORD, "tablet");
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = UUID.randomUUID().toString();
            customers.add(id);
            (i % 2 == 0 ? desk : tablet)
                    .pushOk(List.of(Mutations.upsert("customers", id).field("firstName", "C" + i)));
        }
        long cursorBefore = desk.pullAll(0).cursor();

        node1.stop();

        Device moved = desk.on(node2);
        try (WsProbe socket = socket(node2, moved)) {
            String late = UUID.randomUUID().toString();
            customers.add(late);
            long cursor = tablet.pushOk(
                            List.of(Mutations.upsert("customers", late).field("firstName", "Late")))
                    .get("cursor")
                    .asLong();
            socket.await(message -> isCursorAtLeast(message, cursor), WITHIN_A_SECOND);
            String fromMoved = UUID.randomUUID().toString();
            customers.add(fromMoved);
            moved.pushOk(List.of(Mutations.upsert("customers", fromMoved).field("firstName", "Moved")));
        }
        Device.Snapshot after = moved.pullAll(cursorBefore);
        assertThat(after.changes()).hasSize(2);
        Device.Snapshot everything = moved.pullAll(0);
        for (String id : customers) {
            assertThat(everything.record("customers", id)).as(id).isNotNull();
        }
        assertThat(everything.seqs()).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aNodeWhoseListeningConnectionDiesReconnectsAndCatchesUpOnPresence() throws Exception {
        Shop shop = node1.createShop();
        Device desk = shop.adminDevice("desk");
        Device tablet = node2.login(shop.adminEmail(), TestServer.PASSWORD, "tablet");
        Device laptop = shop.adminDevice("owner's laptop");
        try (WsProbe deskSocket = socket(node1, desk)) {
            try (Connection app = TestPostgres.get().connectAsApp(node1.postgresUrl());
                    ResultSet killed = app.createStatement()
                            .executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                                    + " WHERE datname = current_database()"
                                    + " AND application_name = 'repairsync repairsync_realtime node-2'")) {
                assertThat(killed.next()).as("node 2's channel connections").isTrue();
            }
            // Comes online while node 2 may not be listening: node 2 learns of it live or on resync.
            try (WsProbe laptopSocket = socket(node1, laptop)) {
                long cursor = desk.pushOk(List.of(
                                Mutations.upsert("customers", UUID.randomUUID().toString())
                                        .field("firstName", "After the outage")))
                        .get("cursor")
                        .asLong();
                try (WsProbe tabletSocket = socket(node2, tablet)) {
                    Awaitility.await().atMost(GENEROUS).untilAsserted(() -> {
                        long next = desk.pushOk(List.of(Mutations.upsert(
                                                "customers", UUID.randomUUID().toString())
                                        .field("firstName", "Probe")))
                                .get("cursor")
                                .asLong();
                        tabletSocket.await(message -> isCursorAtLeast(message, next), Duration.ofMillis(500));
                    });
                    assertThat(cursor).isPositive();
                    Awaitility.await().atMost(GENEROUS).untilAsserted(() -> {
                        try (WsProbe second = socket(node2, tablet)) {
                            JsonNode snapshot = second.messages().stream()
                                    .filter(message ->
                                            message.path("event").asText().equals("snapshot"))
                                    .findFirst()
                                    .orElseThrow();
                            assertThat(snapshot.get("online").toString())
                                    .contains(desk.deviceId())
                                    .contains(laptop.deviceId());
                        }
                    });
                }
            }
        }
    }
}
