package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A device's identity, its sign-out that keeps what it saved, and who-is-online. */
class SignOutAndPresenceIT {
    private static final Duration GENEROUS = Duration.ofSeconds(15);

    @RegisterExtension
    static final TestServer server = TestServer.start();

    @Test
    void identityNamesTheShopDeviceAndEmployees() {
        Shop shop = server.createShop();
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice desk =
                    devices.joined(shop, "front desk", Devices.fastOptions().withAutoSync(false));

            DeviceIdentity identity = desk.identity();

            assertThat(identity.serverUrl()).isEqualTo(server.http().baseUrl());
            assertThat(identity.shopId()).isEqualTo(shop.shopId());
            assertThat(identity.deviceName()).isEqualTo("front desk");
            assertThat(identity.deviceId()).isNotBlank();
            assertThat(identity.signedInEmployeeId()).isEqualTo(shop.adminId());
            assertThat(identity.actingEmployeeId()).isEqualTo(shop.adminId());
            assertThat(identity.signedInRole()).isEqualTo("admin");
            assertThat(identity.cursor()).isPositive();
            assertThat(identity.signedIn()).isTrue();
        }
    }

    @Test
    void signingOutRevokesTheLoginAndKeepsQueuedChangesForTheNextSignIn() {
        Shop shop = server.createShop();
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice desk =
                    devices.joined(shop, "desk", Devices.fastOptions().withAutoSync(false));
            String saved = desk.customers().create(Map.of("firstName", "Kept"));

            assertThat(desk.signOut()).as("the server revoked the login").isTrue();

            assertThat(desk.joined()).isFalse();
            assertThat(desk.identity().signedIn()).isFalse();
            assertThat(desk.customers().get(saved)).isPresent();
            assertThatThrownBy(() -> desk.customers().create(Map.of("firstName", "Refused")))
                    .isInstanceOf(NotJoinedException.class);
            assertThat(desk.signOut()).as("signing out twice does nothing").isFalse();

            desk.join(shop.adminEmail(), TestServer.PASSWORD, "desk");

            assertThat(desk.status("customers", saved)).isEqualTo(SyncStatus.SYNCED);
            RepairSyncDevice other =
                    devices.joined(shop, "other", Devices.fastOptions().withAutoSync(false));
            assertThat(other.customers().get(saved)).isPresent();
        }
    }

    @Test
    void presenceListsTheDevicesOnlineAndHearsOneLeave() {
        Shop shop = server.createShop();
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice desk = devices.joined(shop, "desk", Devices.fastOptions());
            List<Presence> heard = new CopyOnWriteArrayList<>();
            desk.addPresenceListener(heard::add);
            RepairSyncDevice tablet = devices.joined(shop, "tablet", Devices.fastOptions());

            await().atMost(GENEROUS).untilAsserted(() -> assertThat(desk.presence())
                    .extracting(Presence.OnlineDevice::deviceName)
                    .containsExactlyInAnyOrder("desk", "tablet"));
            String tabletId = tablet.identity().deviceId();

            tablet.close();

            await().atMost(GENEROUS).untilAsserted(() -> assertThat(desk.presence())
                    .extracting(Presence.OnlineDevice::deviceName)
                    .containsExactly("desk"));
            assertThat(heard).anySatisfy(p -> {
                assertThat(p.event()).isEqualTo("offline");
                assertThat(p.device().deviceId()).isEqualTo(tabletId);
            });
        }
    }
}
