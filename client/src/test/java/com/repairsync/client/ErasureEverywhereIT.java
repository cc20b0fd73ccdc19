package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.client.internal.TestKeys;
import com.repairsync.client.records.Customer;
import com.repairsync.protocol.Erasure;
import com.repairsync.protocol.HistoryEntry;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Erasing a customer end to end, against a real server: the admin's desk erases while a tablet is
 * offline with an edit of the customer queued. Once the tablet syncs, its edit is lost to the
 * erasure (erasure wins over any later HLC), and no erased value remains in any table of either
 * device's decrypted database, nor in the shop's history.
 */
class ErasureEverywhereIT {
    @RegisterExtension
    static final TestServer server = TestServer.start();

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every personal value either device ever held of the customer. */
    private static final List<String> ERASED = List.of(
            "Adaerase5e1d",
            "555-0100-5e1d",
            "ada.5e1d@example.com",
            "7 Erase Lane 5e1d",
            "collects on Fridays 5e1d",
            "555-0199-5e1d-offline");

    @Test
    void noErasedValueRemainsOnAnyDeviceEvenOneOfflineWithAQueuedEdit() throws Exception {
        Shop shop = server.createShop();
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice desk = devices.joined(shop, "desk", manual());
            RepairSyncDevice tablet = devices.joined(shop, "tablet", manual());
            String id = desk.customers()
                    .create(Map.of(
                            "firstName", "Adaerase5e1d",
                            "phone", "555-0100-5e1d",
                            "email", "ada.5e1d@example.com",
                            "notes", "collects on Fridays 5e1d"));
            desk.syncNow();
            desk.customers().update(id, Map.of("address", "7 Erase Lane 5e1d"));
            desk.syncNow();
            tablet.syncNow();
            assertThat(tablet.customers().get(id)).map(Customer::address).hasValue("7 Erase Lane 5e1d");

            // The tablet goes offline and edits the customer; meanwhile the admin erases them.
            tablet.customers().update(id, Map.of("phone", "555-0199-5e1d-offline"));
            desk.confirmPassword(TestServer.PASSWORD);
            Erasure erasure = desk.customers().erase(id);
            assertThat(erasure.records()).isEqualTo(1);
            desk.syncNow();

            tablet.syncNow(); // sends the queued edit (it loses to the erasure), then pulls the erasure
            tablet.syncNow();

            for (RepairSyncDevice device : List.of(desk, tablet)) {
                Customer erased = device.customers().get(id).orElseThrow();
                assertThat(erased.firstName()).isEqualTo("(erased)");
                assertThat(erased.phone()).isNull();
                assertThat(erased.address()).isNull();
                assertThat(erased.syncStatus()).isEqualTo(SyncStatus.SYNCED);
            }
            List<HistoryEntry> history = desk.customers().history(id).entries();
            assertThat(history).first().extracting(HistoryEntry::op).isEqualTo("erase");
            String historyText = JSON.writeValueAsString(history);
            assertThat(ERASED).noneMatch(historyText::contains);

            desk.close();
            tablet.close();
            for (String name : List.of("desk", "tablet")) {
                assertThat(ErasureOnDeviceTest.valuesIn(devices.file(name), TestKeys.vault(), ERASED))
                        .as("erased values left on the " + name)
                        .isEmpty();
            }
        }
    }

    private static DeviceOptions manual() {
        return Devices.fastOptions().withAutoSync(false);
    }
}
