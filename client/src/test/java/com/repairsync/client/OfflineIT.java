package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.repairsync.client.records.Customer;
import com.repairsync.client.transport.OfflineException;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With the server down a device keeps working: a thousand creates and edits are stored locally and
 * readable; when the server is back the outbox drains by itself and the devices converge, and no
 * retry attempt was spent on the outage.
 */
class OfflineIT {
    private static final int RECORDS = 1000;

    @Test
    void aThousandOfflineWritesDrainByThemselvesWhenTheServerReturns() {
        TestServer server = TestServer.start(Clock.systemUTC(), Map.of());
        TestServer restarted = null;
        Shop shop = server.createShop();
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice desk = devices.joined(shop, "desk", Devices.fastOptions());
            RepairSyncDevice tablet = devices.joined(shop, "tablet", Devices.fastOptions());

            server.stop();
            await().atMost(Duration.ofSeconds(10)).until(() -> !desk.syncState().online());

            List<String> ids = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                ids.add(desk.customers().create(Map.of("firstName", "Offline " + i)));
            }
            for (int i = 0; i < RECORDS; i += 10) {
                desk.customers().update(ids.get(i), Map.of("notes", "edited offline"));
            }
            assertThat(desk.customers().all()).hasSize(RECORDS);
            assertThat(desk.customers().get(ids.get(0)).orElseThrow().notes()).isEqualTo("edited offline");
            assertThat(desk.status("customers", ids.get(0))).isEqualTo(SyncStatus.PENDING);
            assertThat(desk.syncState().pendingCount()).isEqualTo(RECORDS + RECORDS / 10);
            assertThatThrownBy(desk::syncNow).isInstanceOf(OfflineException.class);

            restarted = server.startAgainOnSamePort();

            for (RepairSyncDevice device : List.of(desk, tablet)) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(device.syncState().pendingCount()).isZero();
                    assertThat(device.customers().all()).hasSize(RECORDS);
                });
            }
            Customer edited = tablet.customers().get(ids.get(0)).orElseThrow();
            assertThat(edited.notes()).isEqualTo("edited offline");
            assertThat(desk.failedMutations())
                    .as("no attempt was spent while offline")
                    .isEmpty();
            assertThat(desk.syncState().lastSyncAt()).isNotNull();
        } finally {
            if (restarted != null) {
                restarted.stop();
            }
        }
    }
}
