package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.repairsync.client.records.Employee;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.MutableClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Employees switch in by PIN, offline too; wrong PINs lock entry for a growing time. */
class PinSwitchIT {

    @Test
    void theRightPinSwitchesOfflineAndFiveWrongOnesLockEntry() {
        MutableClock clock = MutableClock.atNow();
        TestServer server = TestServer.start(clock);
        Shop shop = server.createShop();
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice desk = devices.joined(
                    shop, "desk", Devices.fastOptions().withAutoSync(false).withClock(clock));
            String tech = desk.employees().create(Map.of("firstName", "Tess", "role", "technician"));
            desk.employees().setPin(tech, "4321");
            desk.employees().setPin(shop.adminId(), "9876");
            Employee stored = desk.employees().get(tech).orElseThrow();
            assertThat(stored.pinHash()).startsWith("$argon2id$").doesNotContain("4321");
            desk.syncNow();

            server.stop();
            desk.switchEmployee(tech, "4321");
            assertThat(desk.actingEmployee()).isEqualTo(tech);
            assertThatThrownBy(() -> desk.customers().create(Map.of("firstName", "Not allowed")))
                    .isInstanceOf(PermissionDeniedException.class);

            desk.switchEmployee(shop.adminId(), "9876");
            assertThat(desk.customers().create(Map.of("firstName", "Allowed again")))
                    .isNotBlank();
            for (int i = 1; i <= 4; i++) {
                int attempt = i;
                assertThatThrownBy(() -> desk.switchEmployee(tech, "0000"))
                        .as("wrong PIN %d", attempt)
                        .isInstanceOf(WrongPinException.class);
            }
            assertThatThrownBy(() -> desk.switchEmployee(tech, "0000")).isInstanceOf(WrongPinException.class);
            assertThatThrownBy(() -> desk.switchEmployee(tech, "4321"))
                    .as("locked: even the right PIN waits")
                    .isInstanceOf(PinLockedException.class);
            clock.advance(Duration.ofSeconds(31));
            desk.switchEmployee(tech, "4321");
            assertThat(desk.actingEmployee()).isEqualTo(tech);
        }
    }
}
