package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.client.records.Customer;
import com.repairsync.protocol.WireVersions;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Undelete across devices against a real server (wire version 6): a record deleted on one device
 * and brought back on another shows again everywhere, with the values it had; a device that
 * speaks version 5 receives it as an ordinary live record and cannot send a restore; an edit made
 * while the record was deleted stays lost (a conflict), and keep mine works once it is back.
 */
class UndeleteIT {
    @RegisterExtension
    static final TestServer server = TestServer.start();

    @Test
    void aRecordDeletedOnOneDeviceAndUndeletedOnAnotherIsBackEverywhere() {
        Shop shop = server.createShop();
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice desk = devices.joined(shop, "desk", manual());
            RepairSyncDevice tablet = devices.joined(shop, "tablet", manual());
            String id = desk.customers().create(Map.of("firstName", "Grace", "phone", "555-0100"));
            desk.syncNow();
            tablet.syncNow();

            desk.customers().delete(id);
            assertThat(desk.customers().deleted()).extracting(Customer::id).containsExactly(id);
            desk.syncNow();
            tablet.syncNow();
            assertThat(tablet.customers().get(id)).isEmpty();
            assertThat(tablet.customers().deleted())
                    .as("the tablet keeps the deleted record's values")
                    .singleElement()
                    .satisfies(deleted -> {
                        assertThat(deleted.firstName()).isEqualTo("Grace");
                        assertThat(deleted.phone()).isEqualTo("555-0100");
                    });

            tablet.customers().undelete(id);
            assertThat(tablet.customers().get(id))
                    .as("shown again at once, before any sync")
                    .map(Customer::phone)
                    .hasValue("555-0100");
            assertThat(tablet.status("customers", id)).isEqualTo(SyncStatus.PENDING);
            assertThat(tablet.customers().deleted()).isEmpty();
            tablet.syncNow();
            desk.syncNow();

            for (RepairSyncDevice device : List.of(desk, tablet)) {
                Customer back = device.customers().get(id).orElseThrow();
                assertThat(back.firstName()).isEqualTo("Grace");
                assertThat(back.syncStatus()).isEqualTo(SyncStatus.SYNCED);
                assertThat(device.customers().deleted()).isEmpty();
            }
            assertThatThrownBy(() -> desk.customers().undelete(id))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not deleted");
            assertThatThrownBy(() -> desk.customers().undelete(UUID.randomUUID().toString()))
                    .isInstanceOf(RecordNotFoundException.class);
        }
    }

    @Test
    void aVersion5DeviceReceivesTheRestoredRecordAsLiveAndCannotSendARestore() {
        Shop shop = server.createShop();
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice desk = devices.joined(shop, "desk", manual());
            Device old = shop.adminDevice("an older tablet");
            String id = desk.customers().create(Map.of("firstName", "Ada"));
            desk.syncNow();
            desk.customers().delete(id);
            desk.syncNow();

            JsonNode tombstone = changeOf(pullAsVersion5(old, 0), id);
            assertThat(tombstone.path("deleted").asBoolean()).isTrue();
            assertThat(tombstone.path("record").isNull()
                            || tombstone.path("record").isMissingNode())
                    .as("a version 5 device gets a tombstone without values, as before")
                    .isTrue();
            long cursor = tombstone.path("seq").asLong();

            desk.customers().undelete(id);
            desk.syncNow();

            JsonNode back = changeOf(pullAsVersion5(old, cursor), id);
            assertThat(back.path("deleted").asBoolean()).isFalse();
            assertThat(back.path("record").path("firstName").asText()).isEqualTo("Ada");

            desk.customers().delete(id);
            desk.syncNow();
            JsonHttp.Response refused = pushAsVersion5(old, id);
            JsonNode result = refused.body().path("results").path(0);
            assertThat(refused.status() == 400
                            || "rejected".equals(result.path("status").asText()))
                    .as("a restore from a version 5 device is refused: %s", refused)
                    .isTrue();
            assertThat(refused.raw().body()).contains("op must be upsert, delete or adjust");
            desk.syncNow();
            assertThat(desk.customers().get(id)).as("still deleted").isEmpty();
        }
    }

    @Test
    void anEditMadeWhileTheRecordWasDeletedStaysLostAndIsKeptOnceItIsBack() {
        Shop shop = server.createShop();
        try (Devices devices = new Devices(server)) {
            RepairSyncDevice desk = devices.joined(shop, "desk", manual());
            RepairSyncDevice tablet = devices.joined(shop, "tablet", manual());
            String id = desk.customers().create(Map.of("firstName", "Grace", "phone", "555-0100"));
            desk.syncNow();
            tablet.syncNow();

            tablet.customers().update(id, Map.of("phone", "555-0199")); // offline, concurrently
            desk.customers().delete(id);
            desk.syncNow();
            tablet.syncNow();
            assertThat(tablet.customers().get(id))
                    .as("the delete wins over the edit")
                    .isEmpty();
            Conflict lost = tablet.conflicts().stream()
                    .filter(c -> c.recordId().equals(id))
                    .findFirst()
                    .orElseThrow();
            assertThat(lost.winningValue()).isEqualTo("\"(deleted)\"");
            assertThatThrownBy(() -> tablet.resolveConflict(lost.id(), ConflictChoice.KEEP_MINE))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("undelete");
            assertThat(tablet.conflicts()).as("still open after the refusal").hasSize(1);

            desk.customers().undelete(id);
            desk.syncNow();
            tablet.syncNow();
            assertThat(tablet.customers().get(id))
                    .as("back with the values it had: the edit made while deleted never applied")
                    .map(Customer::phone)
                    .hasValue("555-0100");

            tablet.resolveConflict(lost.id(), ConflictChoice.KEEP_MINE);
            assertThat(tablet.conflicts()).isEmpty();
            tablet.syncNow();
            desk.syncNow();
            for (RepairSyncDevice device : List.of(desk, tablet)) {
                assertThat(device.customers().get(id)).map(Customer::phone).hasValue("555-0199");
            }
        }
    }

    private static DeviceOptions manual() {
        return Devices.fastOptions().withAutoSync(false);
    }

    private static JsonHttp.Response pullAsVersion5(Device device, long cursor) {
        JsonHttp http = server.http();
        JsonHttp.Response response =
                http.send(http.request("/v1/sync/pull?cursor=" + cursor + "&limit=500", device.accessToken())
                        .header(WireVersions.PROTOCOL_HEADER, "5")
                        .GET()
                        .build());
        assertThat(response.status()).as("pull %s", response).isEqualTo(200);
        return response;
    }

    private static JsonHttp.Response pushAsVersion5(Device device, String id) {
        String body = "{\"deviceId\":\"" + device.deviceId() + "\",\"mutations\":[{\"mutationId\":\""
                + UUID.randomUUID() + "\",\"entity\":\"customers\",\"recordId\":\"" + id
                + "\",\"op\":\"restore\",\"hlc\":\"" + device.nextHlc() + "\",\"actorId\":\"" + device.employeeId()
                + "\"}]}";
        JsonHttp http = server.http();
        return http.send(http.request("/v1/sync/push", device.accessToken())
                .header(WireVersions.PROTOCOL_HEADER, "5")
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private static JsonNode changeOf(JsonHttp.Response page, String id) {
        for (JsonNode change : page.body().path("changes")) {
            if (change.path("recordId").asText().equals(id)) {
                return change;
            }
        }
        throw new AssertionError("no change of " + id + " in " + page);
    }
}
