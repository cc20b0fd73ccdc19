package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.client.records.Ticket;
import com.repairsync.client.transport.HttpSyncTransport;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Conflicts, selective sync, pull progress, rebase and record events, against a real server. */
class SyncBehaviourIT {
    @RegisterExtension
    static final TestServer server = TestServer.start();

    private static DeviceOptions manual() {
        return Devices.fastOptions().withAutoSync(false);
    }

    @Test
    void aLosingFieldWriteIsRecordedAsAConflictWithBothValues() {
        Shop shop = server.createShop();
        try (Devices devices = new Devices(server)) {
            MutableClock clock = MutableClock.atNow();
            RepairSyncDevice desk = devices.joined(shop, "desk", manual().withClock(clock));
            RepairSyncDevice tablet = devices.joined(shop, "tablet", manual().withClock(clock));
            String customer = desk.customers().create(Map.of("firstName", "Ada"));
            desk.syncNow();
            tablet.syncNow();

            desk.customers().update(customer, Map.of("phone", "555-DESK")); // earlier
            clock.advance(Duration.ofSeconds(1));
            tablet.customers().update(customer, Map.of("phone", "555-TABLET")); // later, wins
            tablet.syncNow();
            desk.syncNow();

            assertThat(desk.customers().get(customer).orElseThrow().phone()).isEqualTo("555-TABLET");
            List<Conflict> conflicts = desk.conflicts();
            assertThat(conflicts).hasSize(1);
            Conflict conflict = conflicts.get(0);
            assertThat(conflict.field()).isEqualTo("phone");
            assertThat(conflict.localValue()).isEqualTo("\"555-DESK\"");
            assertThat(conflict.winningValue()).isEqualTo("\"555-TABLET\"");
            assertThat(conflict.actorId()).isEqualTo(desk.actingEmployee());
            assertThat(desk.syncState().conflictCount()).isEqualTo(1);
            assertThat(tablet.conflicts()).isEmpty();

            desk.dismissConflict(conflict.id());
            assertThat(desk.conflicts()).isEmpty();
        }
    }

    @Test
    void aPendingLocalEditSurvivesAPullOfAnOlderServerState() {
        Shop shop = server.createShop();
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice desk = devices.joined(shop, "desk", manual());
            InterceptingTransport holding = new InterceptingTransport();
            RepairSyncDevice tablet = devices.open(
                    "tablet",
                    manual().withTransport((url, tokens) -> holding.wrap(new HttpSyncTransport(url, tokens))));
            tablet.join(shop.adminEmail(), TestServer.PASSWORD, "tablet");
            String customer = desk.customers().create(Map.of("firstName", "Ada"));
            String ticket =
                    desk.tickets().create(Map.of("customerId", customer, "deviceType", "phone", "problem", "x"));
            desk.syncNow();
            tablet.syncNow();

            holding.holdPushes = true;
            tablet.tickets().update(ticket, Map.of("status", "in_repair"));
            desk.tickets().update(ticket, Map.of("notes", "called the customer"));
            desk.syncNow();
            tablet.syncNow(); // its push goes unanswered; the pull brings a server state without its edit

            Ticket seen = tablet.tickets().get(ticket).orElseThrow();
            assertThat(seen.status()).as("the pending edit stays on top").isEqualTo("in_repair");
            assertThat(seen.notes()).isEqualTo("called the customer");
            assertThat(seen.syncStatus()).isEqualTo(SyncStatus.PENDING);

            holding.holdPushes = false;
            tablet.syncNow();
            desk.syncNow();
            assertThat(desk.tickets().get(ticket).orElseThrow().status()).isEqualTo("in_repair");
            assertThat(tablet.tickets().get(ticket).orElseThrow().syncStatus()).isEqualTo(SyncStatus.SYNCED);
        }
    }

    @Test
    void aDeviceCanNarrowItsDownloadByEntityAndAppointmentDates() {
        Shop shop = server.createShop();
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice desk = devices.joined(shop, "desk", manual());
            String customer = desk.customers().create(Map.of("firstName", "Pat"));
            String thisWeek = desk.appointments()
                    .create(Map.of(
                            "customerId",
                            customer,
                            "type",
                            "drop_off",
                            "startsAt",
                            Instant.parse("2026-11-24T10:00:00Z")));
            String nextMonth = desk.appointments()
                    .create(Map.of(
                            "customerId",
                            customer,
                            "type",
                            "pick_up",
                            "startsAt",
                            Instant.parse("2026-12-24T10:00:00Z")));
            desk.tickets().create(Map.of("customerId", customer, "deviceType", "console", "problem", "hdmi"));
            desk.syncNow();

            RepairSyncDevice calendar = devices.open(
                    "calendar",
                    manual().withSelection(
                                    List.of("customers", "appointments"),
                                    Instant.parse("2026-11-23T00:00:00Z"),
                                    Instant.parse("2026-11-30T00:00:00Z")));
            calendar.join(shop.adminEmail(), TestServer.PASSWORD, "calendar");

            assertThat(calendar.customers().all()).hasSize(1);
            assertThat(calendar.tickets().all()).isEmpty();
            assertThat(calendar.appointments().all()).extracting(a -> a.id()).containsExactly(thisWeek);
            assertThat(desk.appointments()
                            .between(Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z")))
                    .extracting(a -> a.id())
                    .containsExactly(nextMonth);
        }
    }

    @Test
    void progressMovesDuringALongPullAndRecordEventsFire() {
        Shop shop = server.createShop();
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice desk = devices.joined(shop, "desk", manual());
            for (int i = 0; i < 60; i++) {
                desk.customers().create(Map.of("firstName", "C" + i));
            }
            desk.syncNow();

            // 62 changes in 13 pages of 5: pages read ahead are handed over together, but at most
            // the 8 the stream reader holds plus one, so progress shows at least one step between.
            RepairSyncDevice fresh = devices.open("fresh", manual().withPageSize(5));
            List<Double> progress = new CopyOnWriteArrayList<>();
            List<String> changed = new CopyOnWriteArrayList<>();
            fresh.addSyncStateListener(state -> progress.add(state.progress()));
            fresh.addRecordListener((entity, id) -> changed.add(entity + "/" + id));
            fresh.join(shop.adminEmail(), TestServer.PASSWORD, "fresh");

            assertThat(progress).anyMatch(p -> p > 0 && p < 1);
            assertThat(new ArrayList<>(progress)).last().isEqualTo(1.0);
            assertThat(changed).filteredOn(key -> key.startsWith("customers/")).hasSize(60);
            assertThat(fresh.syncState().lastSyncAt()).isNotNull();
            assertThat(fresh.syncState().pendingCount()).isZero();
        }
    }

    @Test
    void addingAPartTakesStockInOneGroup() {
        Shop shop = server.createShop();
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice desk = devices.joined(shop, "desk", manual());
            RepairSyncDevice bench = devices.joined(shop, "bench", manual());
            String item = desk.inventoryItems()
                    .create(Map.of("sku", "SCR-1", "name", "Screen", "quantity", 5, "reorderLevel", 3));
            String customer = desk.customers().create(Map.of("firstName", "Kim"));
            String ticket =
                    desk.tickets().create(Map.of("customerId", customer, "deviceType", "phone", "problem", "glass"));
            desk.syncNow();
            bench.syncNow();

            bench.tickets().addPart(ticket, item, 2, 8900L);
            desk.tickets().addPart(ticket, item, 1, 8900L);
            assertThat(bench.inventoryItems().get(item).orElseThrow().quantity())
                    .isEqualTo(3);
            bench.syncNow();
            desk.syncNow();
            bench.syncNow();

            assertThat(desk.inventoryItems().get(item).orElseThrow().quantity()).isEqualTo(2);
            assertThat(bench.inventoryItems().get(item).orElseThrow().quantity())
                    .isEqualTo(2);
            assertThat(desk.ticketParts().ofTicket(ticket)).hasSize(2);
            assertThat(desk.inventoryItems().belowReorderLevel())
                    .extracting(i -> i.id())
                    .containsExactly(item);
        }
    }
}
