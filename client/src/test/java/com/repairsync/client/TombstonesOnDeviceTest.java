package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.client.internal.Json;
import com.repairsync.client.internal.TestKeys;
import com.repairsync.client.records.Customer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a device keeps of a deleted record (wire version 6): the values a pulled tombstone carries,
 * or, for a tombstone carried without them, the values it held; the app never sees the record in
 * its reads, only in {@code deleted()}. A live state after the tombstone (a restore elsewhere)
 * shows it again.
 */
class TombstonesOnDeviceTest {
    @TempDir
    Path dir;

    @Test
    void aTombstoneWithoutValuesKeepsTheValuesTheDeviceHeld() {
        ScriptedServer server = new ScriptedServer();
        try (RepairSyncDevice device = server.joinedDevice(dir.resolve("device.db"), TestKeys.deviceKeys())) {
            String id = device.customers().create(Map.of("firstName", "Grace", "phone", "555-0100"));
            device.syncNow();

            server.send(server.tombstone("customers", id, null));
            device.syncNow();

            assertThat(device.customers().get(id)).isEmpty();
            assertThat(device.customers().all()).isEmpty();
            assertThat(device.customers().search("Grace")).isEmpty();
            assertThat(device.customers().deleted()).singleElement().satisfies(deleted -> {
                assertThat(deleted.firstName()).isEqualTo("Grace");
                assertThat(deleted.phone()).isEqualTo("555-0100");
                assertThat(deleted.syncStatus()).isEqualTo(SyncStatus.SYNCED);
            });
        }
    }

    @Test
    void aPulledTombstoneCarriesTheValuesAndALiveStateAfterItShowsTheRecordAgain() {
        ScriptedServer server = new ScriptedServer();
        try (RepairSyncDevice device = server.joinedDevice(dir.resolve("device.db"), TestKeys.deviceKeys())) {
            String id = device.customers().create(Map.of("firstName", "Grace"));
            device.syncNow();

            server.send(server.tombstone("customers", id, customer(id, "555-0142")));
            device.syncNow();
            assertThat(device.customers().get(id)).isEmpty();
            assertThat(device.customers().deleted())
                    .extracting(Customer::phone)
                    .as("the values the tombstone carries")
                    .containsExactly("555-0142");

            server.send(server.live("customers", id, customer(id, "555-0142"), false));
            device.syncNow();
            assertThat(device.customers().get(id)).map(Customer::phone).hasValue("555-0142");
            assertThat(device.customers().deleted()).isEmpty();
        }
    }

    @Test
    void deletedListsWhatWasDeletedHereFirstThenTheNewestDeletion() {
        ScriptedServer server = new ScriptedServer();
        try (RepairSyncDevice device = server.joinedDevice(dir.resolve("device.db"), TestKeys.deviceKeys())) {
            String older = device.customers().create(Map.of("firstName", "Older"));
            String newer = device.customers().create(Map.of("firstName", "Newer"));
            String here = device.customers().create(Map.of("firstName", "Here"));
            device.syncNow();
            server.send(server.tombstone("customers", older, customer(older, null)));
            server.send(server.tombstone("customers", newer, customer(newer, null)));
            device.syncNow();
            device.syncNow();

            device.customers().delete(here);

            assertThat(device.customers().deleted()).extracting(Customer::id).containsExactly(here, newer, older);
            assertThat(device.customers().deleted(1)).extracting(Customer::id).containsExactly(here);
        }
    }

    private static ObjectNode customer(String id, String phone) {
        ObjectNode record = Json.MAPPER.createObjectNode().put("id", id).put("firstName", "Grace");
        return phone == null ? record.putNull("phone") : record.put("phone", phone);
    }
}
