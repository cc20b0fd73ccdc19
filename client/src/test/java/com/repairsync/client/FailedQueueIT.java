package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.repairsync.client.records.Customer;
import com.repairsync.client.transport.UnauthorizedException;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.Mutations;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rejected mutations land in the failed queue with the server's reason; edit-and-retry and discard resolve them. */
class FailedQueueIT {
    @RegisterExtension
    static final TestServer server = TestServer.start();

    private static DeviceOptions manual() {
        return Devices.fastOptions().withAutoSync(false);
    }

    @Test
    void aPermissionLostWhileOfflineIsRefusedAndDiscardRestoresTheServersVersion() {
        Shop shop = server.createShop();
        var admin = shop.adminDevice("office");
        Shop.Employee manager = shop.createEmployee(admin, "manager", "Mona");
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice managersTablet = devices.open("mona", manual());
            managersTablet.join(manager.email(), TestServer.PASSWORD, "mona");
            String customer = managersTablet.customers().create(Map.of("firstName", "Lin", "phone", "555-0001"));
            managersTablet.syncNow();

            admin.pushOk(List.of(Mutations.upsert("employees", manager.id()).field("role", "technician")));
            managersTablet.customers().update(customer, Map.of("phone", "555-9999"));
            assertThat(managersTablet.customers().get(customer).orElseThrow().phone())
                    .isEqualTo("555-9999");

            // Demoting the employee who signed the tablet in ends its sign-in: it stops and keeps its queue.
            assertThatThrownBy(managersTablet::syncNow)
                    .isInstanceOfSatisfying(UnauthorizedException.class, e -> assertThat(e.code())
                            .isEqualTo(ErrorCode.SESSION_REVOKED));
            assertThat(managersTablet.syncState().lastError()).contains("sign this device in again");
            assertThat(managersTablet.failedMutations()).isEmpty();
            assertThat(managersTablet.status("customers", customer)).isEqualTo(SyncStatus.PENDING);

            // The owner signs it in again; the queued change goes out and Mona's new role refuses it.
            managersTablet.join(shop.adminEmail(), TestServer.PASSWORD, "mona");

            List<FailedMutation> failed = managersTablet.failedMutations();
            assertThat(failed).hasSize(1);
            assertThat(failed.get(0).code()).isEqualTo("forbidden");
            assertThat(failed.get(0).message()).contains("technician");
            assertThat(managersTablet.status("customers", customer)).isEqualTo(SyncStatus.FAILED);
            assertThat(managersTablet.syncState().failedCount()).isEqualTo(1);

            managersTablet.discard(failed.get(0).mutationId());
            Customer restored = managersTablet.customers().get(customer).orElseThrow();
            assertThat(restored.phone()).isEqualTo("555-0001");
            assertThat(restored.syncStatus()).isEqualTo(SyncStatus.SYNCED);
            assertThat(managersTablet.failedMutations()).isEmpty();
        }
    }

    @Test
    void editAndRetryAppliesAFixedMutation() {
        Shop shop = server.createShop();
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice desk = devices.joined(shop, "desk", manual());
            RepairSyncDevice tablet = devices.joined(shop, "tablet", manual());
            String gone = desk.customers().create(Map.of("firstName", "Leaving"));
            String staying = desk.customers().create(Map.of("firstName", "Staying"));
            desk.syncNow();
            tablet.syncNow();

            desk.customers().delete(gone);
            desk.syncNow();
            String ticket =
                    tablet.tickets().create(Map.of("customerId", gone, "deviceType", "laptop", "problem", "no power"));
            tablet.syncNow();

            FailedMutation failed = tablet.failedMutations().get(0);
            assertThat(failed.code()).isEqualTo("unknown_record");
            assertThat(failed.field()).isEqualTo("customerId");
            assertThat(tablet.status("tickets", ticket)).isEqualTo(SyncStatus.FAILED);

            assertThatThrownBy(() -> tablet.retry(failed.mutationId(), Map.of("customerId", "not-a-uuid")))
                    .isInstanceOf(InvalidRecordException.class);
            tablet.retry(failed.mutationId(), Map.of("customerId", staying));
            tablet.syncNow();

            assertThat(tablet.failedMutations()).isEmpty();
            assertThat(tablet.status("tickets", ticket)).isEqualTo(SyncStatus.SYNCED);
            desk.syncNow();
            assertThat(desk.tickets().get(ticket).orElseThrow().customerId()).isEqualTo(staying);
        }
    }

    @Test
    void aTechnicianCannotQueueAnEmployeeAndNothingIsStored() {
        Shop shop = server.createShop();
        var admin = shop.adminDevice("office");
        Shop.Employee tech = shop.createEmployee(admin, "technician", "Tess");
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice bench = devices.open("bench", manual());
            bench.join(tech.email(), TestServer.PASSWORD, "bench");
            int before = bench.employees().all().size();
            assertThatThrownBy(() -> bench.employees().create(Map.of("firstName", "Eve", "role", "admin")))
                    .isInstanceOf(PermissionDeniedException.class)
                    .hasMessageContaining("technician");
            assertThat(bench.employees().all()).hasSize(before);
            assertThat(bench.syncState().pendingCount()).isZero();
        }
    }

    @Test
    void textWithAnUnpairedSurrogateIsRefusedLocallyAndNothingIsQueued() {
        Shop shop = server.createShop();
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice desk = devices.open("desk", manual());
            desk.join(shop.adminEmail(), TestServer.PASSWORD, "desk");
            int before = desk.customers().all().size();

            assertThatThrownBy(() -> desk.customers().create(Map.of("firstName", "Ann", "notes", "half \ud83d")))
                    .isInstanceOf(InvalidRecordException.class)
                    .hasMessageContaining("notes")
                    .hasMessageContaining("unpaired UTF-16 surrogate");
            assertThat(desk.customers().all()).hasSize(before);
            assertThat(desk.syncState().pendingCount()).isZero();
        }
    }
}
