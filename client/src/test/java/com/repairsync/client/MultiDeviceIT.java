package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.repairsync.client.records.Customer;
import com.repairsync.client.transport.HttpSyncTransport;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Devices against a real server over HTTP and WebSocket converge with no call on the receivers. */
class MultiDeviceIT {
    private static final Duration GENEROUS = Duration.ofSeconds(15);

    @RegisterExtension
    static final TestServer server = TestServer.start();

    @Test
    void aRecordCreatedOnOneDeviceAppearsOnTheOthersByItself() {
        Shop shop = server.createShop();
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice desk = devices.joined(shop, "desk", Devices.fastOptions());
            RepairSyncDevice tablet = devices.joined(shop, "tablet", Devices.fastOptions());
            RepairSyncDevice owner = devices.joined(shop, "owner", Devices.fastOptions());

            String id = desk.customers().create(Map.of("firstName", "Grace", "phone", "555-0100"));
            assertThat(desk.status("customers", id)).isIn(SyncStatus.PENDING, SyncStatus.SYNCED);

            for (RepairSyncDevice other : List.of(tablet, owner)) {
                await().atMost(GENEROUS)
                        .untilAsserted(() -> assertThat(other.customers().get(id))
                                .map(Customer::firstName)
                                .hasValue("Grace"));
            }
            await().atMost(GENEROUS).until(() -> desk.status("customers", id) == SyncStatus.SYNCED);
            assertThat(tablet.syncState().online()).isTrue();
        }
    }

    @Test
    void aSmallChangeArrivesInTheSocketMessageWithoutAPull() {
        Shop shop = server.createShop();
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice desk = devices.joined(shop, "desk", Devices.fastOptions());
            InterceptingTransport watched = new InterceptingTransport();
            RepairSyncDevice tablet = devices.open(
                    "tablet",
                    Devices.fastOptions()
                            .withTransport((url, tokens) -> watched.wrap(new HttpSyncTransport(url, tokens))));
            tablet.join(shop.adminEmail(), TestServer.PASSWORD, "tablet");
            // The first change also lets the tablet's start-up syncs finish.
            String first = desk.customers().create(Map.of("firstName", "Ada"));
            await().atMost(GENEROUS).until(() -> tablet.customers().get(first).isPresent());
            int pullsBefore = watched.pulls.get();

            String second = desk.customers().create(Map.of("firstName", "Grace"));
            await().atMost(GENEROUS).until(() -> tablet.customers().get(second).isPresent());

            assertThat(watched.pulls.get()).as("pulls by the tablet").isEqualTo(pullsBefore);
            assertThat(tablet.status("customers", second)).isEqualTo(SyncStatus.SYNCED);
        }
    }

    @Test
    void editsOfDifferentFieldsOnTwoDevicesBothArriveEverywhere() {
        Shop shop = server.createShop();
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice desk = devices.joined(shop, "desk", Devices.fastOptions());
            RepairSyncDevice tablet = devices.joined(shop, "tablet", Devices.fastOptions());
            String id = desk.customers().create(Map.of("firstName", "Ada"));
            await().atMost(GENEROUS).until(() -> tablet.customers().get(id).isPresent());

            desk.customers().update(id, Map.of("phone", "555-0199"));
            tablet.customers().update(id, Map.of("notes", "prefers e-mail"));

            for (RepairSyncDevice device : List.of(desk, tablet)) {
                await().atMost(GENEROUS).untilAsserted(() -> {
                    Customer customer = device.customers().get(id).orElseThrow();
                    assertThat(customer.phone()).isEqualTo("555-0199");
                    assertThat(customer.notes()).isEqualTo("prefers e-mail");
                    assertThat(customer.syncStatus()).isEqualTo(SyncStatus.SYNCED);
                });
            }
        }
    }
}
