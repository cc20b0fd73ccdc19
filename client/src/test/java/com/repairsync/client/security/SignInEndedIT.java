package com.repairsync.client.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.repairsync.client.DeviceOptions;
import com.repairsync.client.FailedMutation;
import com.repairsync.client.PermissionDeniedException;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.ShopDevice;
import com.repairsync.client.SyncStatus;
import com.repairsync.client.transport.UnauthorizedException;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a device does when the server ends its sign-in: a device removed from the shop stops
 * syncing, says who removed it and keeps its queued changes unsent in the failed queue; a device
 * whose signer's password was reset keeps its queue until it is signed in again; and a manager's
 * device never acts as an admin, on the device as on the server.
 */
class SignInEndedIT {
    private static final String NEW_PASSWORD = "a-new-password-42";

    @RegisterExtension
    static final TestServer server = TestServer.start();

    @TempDir
    Path dir;

    private final List<RepairSyncDevice> opened = new ArrayList<>();

    @AfterEach
    void closeDevices() {
        opened.forEach(RepairSyncDevice::close);
    }

    private RepairSyncDevice signedIn(String name, String email, String password) {
        RepairSyncDevice device = RepairSyncDevice.open(
                dir.resolve(name).resolve("device.db"),
                server.http().baseUrl(),
                DeviceOptions.defaults().withAutoSync(false));
        opened.add(device);
        device.join(email, password, name);
        return device;
    }

    @Test
    void aRemovedDeviceStopsSyncingSaysWhoRemovedItAndKeepsItsQueueUnsent() {
        Shop shop = server.createShop();
        Device office = shop.adminDevice("office");
        Shop.Employee manager = shop.createEmployee(office, "manager", "Ben");
        RepairSyncDevice tablet = signedIn("tablet", manager.email(), TestServer.PASSWORD);
        RepairSyncDevice desk = signedIn("desk", shop.adminEmail(), TestServer.PASSWORD);
        String queued = tablet.customers().create(Map.of("firstName", "Queued", "phone", "555-0101"));
        String tabletId = tablet.identity().deviceId();

        ShopDevice removed = desk.shopDevices().revoke(tabletId);

        assertThat(removed.revoked()).isTrue();
        assertThat(removed.revokedBy()).isEqualTo(shop.adminId());
        assertThatThrownBy(tablet::syncNow)
                .isInstanceOfSatisfying(
                        UnauthorizedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DEVICE_REVOKED));
        assertThat(tablet.syncState().lastError()).contains("removed from the shop by");
        assertThat(tablet.identity().signedIn())
                .as("the dead tokens are forgotten")
                .isFalse();
        assertThat(tablet.customers().get(queued)).as("nothing saved is lost").isPresent();
        assertThat(tablet.status("customers", queued)).isEqualTo(SyncStatus.FAILED);
        assertThat(tablet.failedMutations())
                .extracting(FailedMutation::recordId, FailedMutation::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(queued, "device_revoked"));
        assertThat(desk.shopDevices().list())
                .filteredOn(device -> device.deviceId().equals(tabletId))
                .singleElement()
                .satisfies(device -> assertThat(device.revoked()).isTrue());
        assertThat(desk.customers().get(queued))
                .as("the queued change never reached the shop")
                .isEmpty();
    }

    @Test
    void aResetPasswordEndsTheSignInAndTheQueueWaitsForTheNextOne() {
        Shop shop = server.createShop();
        Device office = shop.adminDevice("office");
        Shop.Employee tech = shop.createEmployee(office, "front_desk", "Tess");
        RepairSyncDevice tablet = signedIn("tablet", tech.email(), TestServer.PASSWORD);
        String waiting = tablet.customers().create(Map.of("firstName", "Waiting"));
        JsonHttp.Response reset = server.http()
                .put(
                        "/v1/employees/" + tech.id() + "/password",
                        Map.of("password", NEW_PASSWORD),
                        office.accessToken());
        assertThat(reset.status()).as("%s", reset).isEqualTo(204);

        assertThatThrownBy(tablet::syncNow)
                .isInstanceOfSatisfying(
                        UnauthorizedException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SESSION_REVOKED));
        assertThat(tablet.syncState().lastError()).contains("sign this device in again");
        assertThat(tablet.syncState().pendingCount())
                .as("the queue waits, not failed")
                .isEqualTo(1);
        assertThat(tablet.failedMutations()).isEmpty();

        tablet.join(tech.email(), NEW_PASSWORD, "tablet");

        assertThat(tablet.status("customers", waiting)).isEqualTo(SyncStatus.SYNCED);
        assertThat(tablet.syncState().lastError()).isNull();
    }

    @Test
    void aManagersDeviceNeverActsAsAnAdmin() {
        Shop shop = server.createShop();
        Device office = shop.adminDevice("office");
        Shop.Employee manager = shop.createEmployee(office, "manager", "Ben");
        RepairSyncDevice tablet = signedIn("tablet", manager.email(), TestServer.PASSWORD);

        assertThatThrownBy(() -> tablet.switchEmployee(shop.adminId(), "1234"))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("may not act as");
        assertThatThrownBy(() -> tablet.employees().update(manager.id(), Map.of("role", "admin")))
                .isInstanceOf(PermissionDeniedException.class);
    }
}
