package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.client.internal.TestKeys;
import com.repairsync.client.transport.UnauthorizedException;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A device removed with "wipe": when it hears of its removal it first sends up what it had not
 * sent (the owner sees it), then deletes its database, the files beside it and its key; a new
 * sign-in on the same file starts clean. Removed without "wipe", it sends up the same and keeps
 * its data.
 */
class WipeIT {
    @RegisterExtension
    static final TestServer server = TestServer.start();

    @Test
    void aWipedDeviceSendsItsChangesUpThenDeletesItsDatabaseAndKeyAndStartsCleanWhenSignedInAgain() throws Exception {
        Shop shop = server.createShop();
        Device office = shop.adminDevice("office");
        DeviceOptions manual = Devices.fastOptions().withAutoSync(false);
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice desk = devices.joined(shop, "desk", manual);
            RepairSyncDevice tablet = devices.joined(shop, "tablet", manual);
            String synced = tablet.customers().create(Map.of("firstName", "Synced"));
            tablet.syncNow();
            String unsent = tablet.customers().create(Map.of("firstName", "Unsent"));
            String tabletId = tablet.identity().deviceId();
            Path file = devices.file("tablet");
            String keyId =
                    Files.readString(file.resolveSibling("device.db.keyid")).strip();
            Path keyFile = TestKeys.folder().resolve(keyId + ".key");
            assertThat(keyFile).exists();

            desk.shopDevices().revoke(tabletId, true);

            assertThatThrownBy(tablet::syncNow)
                    .isInstanceOfSatisfying(UnauthorizedException.class, e -> assertThat(e.code())
                            .isEqualTo(ErrorCode.DEVICE_REVOKED));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(tablet::wiped);

            JsonNode held = server.http()
                    .get("/v1/devices/" + tabletId + "/held", office.accessToken())
                    .body()
                    .path("held");
            assertThat(held.findValuesAsText("recordId"))
                    .as("the unsent change reached the owner first")
                    .containsExactly(unsent);
            for (String gone : new String[] {"device.db", "device.db-wal", "device.db-shm", "device.db.keyid"}) {
                assertThat(file.resolveSibling(gone)).as(gone).doesNotExist();
            }
            assertThat(keyFile).as("its key").doesNotExist();

            RepairSyncDevice again = devices.open("tablet", manual);
            assertThat(again.joined()).isFalse();
            assertThat(again.customers().all()).as("a clean device").isEmpty();
            again.join(shop.adminEmail(), TestServer.PASSWORD, "tablet");
            assertThat(again.identity().deviceId()).isNotEqualTo(tabletId);
            assertThat(again.customers().get(synced))
                    .as("what the shop holds comes back")
                    .isPresent();
            assertThat(again.customers().get(unsent))
                    .as("the unsent change waits for the owner")
                    .isEmpty();
            assertThat(again.failedMutations()).isEmpty();
        }
    }

    @Test
    void aDeviceRemovedWithoutWipeSendsItsChangesUpAndKeepsItsData() {
        Shop shop = server.createShop();
        Device office = shop.adminDevice("office");
        DeviceOptions manual = Devices.fastOptions().withAutoSync(false);
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice desk = devices.joined(shop, "desk", manual);
            RepairSyncDevice tablet = devices.joined(shop, "tablet", manual);
            String unsent = tablet.customers().create(Map.of("firstName", "Unsent"));
            String tabletId = tablet.identity().deviceId();

            desk.shopDevices().revoke(tabletId);

            assertThatThrownBy(tablet::syncNow).isInstanceOf(UnauthorizedException.class);
            assertThat(tablet.wiped()).isFalse();
            assertThat(tablet.customers().get(unsent)).as("kept on the device").isPresent();
            assertThat(tablet.failedMutations()).hasSize(1);
            assertThat(server.http()
                            .get("/v1/devices/" + tabletId + "/held", office.accessToken())
                            .body()
                            .path("held")
                            .findValuesAsText("recordId"))
                    .containsExactly(unsent);
        }
    }
}
