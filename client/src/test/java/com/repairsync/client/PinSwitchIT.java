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

/**
 * Employees switch in by PIN, offline too; wrong PINs lock entry for a growing time; the PIN policy
 * asks for a longer PIN where the role needs one and replaces hashes made at an older cost.
 */
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
            desk.employees().setPin(shop.adminId(), "987654");
            Employee stored = desk.employees().get(tech).orElseThrow();
            assertThat(stored.pinHash()).startsWith("$argon2id$").doesNotContain("4321");
            desk.syncNow();

            server.stop();
            desk.switchEmployee(tech, "4321");
            assertThat(desk.actingEmployee()).isEqualTo(tech);
            assertThatThrownBy(() -> desk.customers().create(Map.of("firstName", "Not allowed")))
                    .isInstanceOf(PermissionDeniedException.class);

            desk.switchEmployee(shop.adminId(), "987654");
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

    @Test
    void settingAPinRefusesOneTooShortForTheRole() {
        TestServer server = TestServer.start();
        Shop shop = server.createShop();
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice desk =
                    devices.joined(shop, "desk", Devices.fastOptions().withAutoSync(false));
            String manager = desk.employees().create(Map.of("firstName", "Max", "role", "manager"));

            assertThatThrownBy(() -> desk.employees().setPin(manager, "1234"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a manager's PIN must be at least 6 digits (PIN policy: admins and managers 6 to 8,"
                            + " others 4 to 8)");
            assertThatThrownBy(() -> desk.employees().setPin(shop.adminId(), "12345"))
                    .hasMessageContaining("an admin's PIN must be at least 6 digits");
            desk.employees().setPin(manager, "123456");
            assertThat(desk.employees().get(manager).orElseThrow().pinHash()).startsWith("$argon2id$");
        } finally {
            server.stop();
        }
    }

    @Test
    void aPromotedEmployeeMustChooseALongerPinAtTheNextSwitchAndTheServerTakesItAsTheirOwnChange() {
        TestServer server = TestServer.start();
        Shop shop = server.createShop();
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice desk =
                    devices.joined(shop, "desk", Devices.fastOptions().withAutoSync(false));
            String tess = desk.employees().create(Map.of("firstName", "Tess", "role", "technician"));
            desk.employees().setPin(tess, "4321");
            desk.employees().update(tess, Map.of("role", "manager")); // no PIN needed to promote
            desk.syncNow();

            assertThatThrownBy(() -> desk.switchEmployee(tess, "4321"))
                    .isInstanceOfSatisfying(PinChangeRequiredException.class, asked -> {
                        assertThat(asked.employeeId()).isEqualTo(tess);
                        assertThat(asked.minimumLength()).isEqualTo(6);
                    })
                    .hasMessageContaining("a manager's PIN must be at least 6 digits");
            assertThat(desk.actingEmployee()).as("nothing switched").isEqualTo(shop.adminId());
            assertThatThrownBy(() -> desk.switchEmployee(tess, "4321", "5678"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at least 6 digits");
            assertThatThrownBy(() -> desk.switchEmployee(tess, "0000", "567890"))
                    .isInstanceOf(WrongPinException.class);
            String oldHash = desk.employees().get(tess).orElseThrow().pinHash();

            desk.switchEmployee(tess, "4321", "567890");

            assertThat(desk.actingEmployee()).isEqualTo(tess);
            assertThat(desk.employees().get(tess).orElseThrow().pinHash()).isNotEqualTo(oldHash);
            desk.syncNow();
            assertThat(desk.failedMutations())
                    .as("the server took the employee's own PIN change")
                    .isEmpty();
            RepairSyncDevice office =
                    devices.joined(shop, "office", Devices.fastOptions().withAutoSync(false));
            office.switchEmployee(tess, "567890");
            assertThat(office.actingEmployee()).isEqualTo(tess);
        } finally {
            server.stop();
        }
    }

    @Test
    void aHashMadeAtAnOlderCostIsReplacedAtTheNextSwitchWithoutAsking() {
        TestServer server = TestServer.start();
        Shop shop = server.createShop();
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice old =
                    devices.joined(shop, "old desk", Devices.fastOptions().withAutoSync(false));
            String tess = old.employees().create(Map.of("firstName", "Tess", "role", "technician"));
            old.employees().setPin(tess, "4321"); // at PinCost.TEST_ONLY: 64 KiB, 1 iteration
            old.syncNow();
            PinCost raised = new PinCost(128, 2, 1);
            RepairSyncDevice desk = devices.joined(
                    shop, "desk", Devices.fastOptions().withAutoSync(false).withPinCost(raised));

            desk.switchEmployee(tess, "4321");

            assertThat(desk.actingEmployee()).isEqualTo(tess);
            assertThat(desk.employees().get(tess).orElseThrow().pinHash()).startsWith("$argon2id$v=19$m=128,t=2,p=1$");
            desk.syncNow();
            assertThat(desk.failedMutations())
                    .as("a technician may replace their own hash")
                    .isEmpty();
            old.syncNow();
            assertThat(old.employees().get(tess).orElseThrow().pinHash()).startsWith("$argon2id$v=19$m=128,t=2,p=1$");
            old.switchEmployee(tess, "4321");
            assertThat(old.actingEmployee()).isEqualTo(tess);
        } finally {
            server.stop();
        }
    }
}
