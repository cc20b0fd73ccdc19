package com.repairsync.client.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.repairsync.client.DeviceOptions;
import com.repairsync.client.ReauthenticationRequiredException;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.SyncStatus;
import com.repairsync.client.transport.RequestRejectedException;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Creating an admin from a device: the SDK asks for the acting employee's password first, sends
 * the change with the confirmation, and a change whose confirmation lapsed before it went out
 * waits for a new one instead of failing.
 */
class StepUpFlowIT {
    @TempDir
    Path dir;

    private static RepairSyncDevice desk(Path dir, TestServer server, Shop shop) {
        RepairSyncDevice device = RepairSyncDevice.open(
                dir.resolve("desk.db"),
                server.http().baseUrl(),
                DeviceOptions.defaults().withAutoSync(false));
        device.join(shop.adminEmail(), TestServer.PASSWORD, "desk");
        return device;
    }

    @Test
    void anAdminIsCreatedAfterThePasswordIsConfirmedAgain() {
        try (TestServer server = TestServer.start();
                RepairSyncDevice desk = desk(dir, server, server.createShop())) {
            Map<String, Object> newAdmin = Map.of("firstName", "Grace", "role", "admin");

            assertThatThrownBy(() -> desk.employees().create(newAdmin))
                    .isInstanceOf(ReauthenticationRequiredException.class);
            assertThatThrownBy(() -> desk.confirmPassword("not-the-password"))
                    .isInstanceOfSatisfying(RequestRejectedException.class, e -> assertThat(e.code())
                            .isEqualTo(ErrorCode.REAUTHENTICATION_REQUIRED));

            desk.confirmPassword(TestServer.PASSWORD);
            String admin = desk.employees().create(newAdmin);
            desk.syncNow();

            assertThat(desk.status("employees", admin)).isEqualTo(SyncStatus.SYNCED);
        }
    }

    @Test
    void aChangeWhoseConfirmationLapsedWaitsForANewOneNeverTheFailedQueue() {
        MutableClock serverClock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (TestServer server = TestServer.start(serverClock, Map.of());
                RepairSyncDevice desk = desk(dir, server, server.createShop())) {
            desk.confirmPassword(TestServer.PASSWORD);
            String admin = desk.employees().create(Map.of("firstName", "Grace", "role", "admin"));
            serverClock.advance(Duration.ofMinutes(6)); // the device was offline past the confirmation

            desk.syncNow();

            assertThat(desk.awaitingConfirmation()).isEqualTo(1);
            assertThat(desk.failedMutations()).isEmpty();
            assertThat(desk.syncState().pendingCount()).isEqualTo(1);
            assertThat(desk.status("employees", admin)).isEqualTo(SyncStatus.PENDING);

            desk.syncNow();
            assertThat(desk.awaitingConfirmation())
                    .as("it does not go again by itself")
                    .isEqualTo(1);

            desk.confirmPassword(TestServer.PASSWORD);
            desk.syncNow();

            assertThat(desk.awaitingConfirmation()).isZero();
            assertThat(desk.status("employees", admin)).isEqualTo(SyncStatus.SYNCED);
        }
    }
}
