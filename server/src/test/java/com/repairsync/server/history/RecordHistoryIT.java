package com.repairsync.server.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.Hlc;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every change a push applies writes exactly its history, with the sequence number its record took,
 * in the push's transaction: create, update, delete, restore, adjust and a group each one row per
 * record they changed; a change that changed nothing, a rejected mutation and a rejected group
 * none. Held changes applied by a reviewer name the removed device they came from.
 */
class RecordHistoryIT {
    @RegisterExtension
    static final TestServer server = TestServer.start();

    @Test
    void everyOpWritesExactlyItsHistoryUnderItsRecordsSequence() throws SQLException {
        Shop shop = server.createShop();
        Device office = shop.adminDevice("office");
        String customer = UUID.randomUUID().toString();

        Hlc created = office.nextHlc();
        long createSeq = applied(push(
                        office,
                        Mutations.upsert("customers", customer)
                                .field("firstName", "Ada")
                                .field("phone", "555-0100")
                                .hlc(created)))
                .get(0);
        Hlc edited = office.nextHlc();
        long updateSeq = applied(push(
                        office,
                        Mutations.upsert("customers", customer)
                                .field("firstName", "Ada")
                                .field("phone", "555-0199")
                                .hlc(edited)))
                .get(0);
        JsonNode stale = push(
                        office,
                        Mutations.upsert("customers", customer)
                                .field("phone", "555-0000")
                                .hlc(new Hlc(created.millis() - 60_000, 0, created.node())))
                .get(0);
        assertThat(stale.path("superseded").toString()).isEqualTo("[\"phone\"]");
        long deleteSeq =
                applied(push(office, Mutations.delete("customers", customer))).get(0);
        assertThat(push(office, Mutations.upsert("customers", customer).field("phone", "1"))
                        .get(0)
                        .path("superseded")
                        .toString())
                .as("an edit of a deleted record changes nothing")
                .isEqualTo("[\"phone\"]");
        long restoreSeq = applied(Versioned.pushRaw(
                                server,
                                office,
                                Versioned.CURRENT,
                                List.of(Versioned.restoreWire(office, "customers", customer)))
                        .body()
                        .path("results"))
                .get(0);

        JsonNode entries = history(office, "customers", customer).path("entries");
        assertThat(entries.findValuesAsText("op")).containsExactly("restore", "delete", "update", "create");
        assertThat(entries.findValues("seq"))
                .extracting(JsonNode::asLong)
                .containsExactly(restoreSeq, deleteSeq, updateSeq, createSeq);
        JsonNode create = entries.get(3);
        assertThat(create.path("changes").toString())
                .isEqualTo("[{\"field\":\"firstName\",\"from\":null,\"to\":\"Ada\"},"
                        + "{\"field\":\"phone\",\"from\":null,\"to\":\"555-0100\"}]");
        assertThat(create.path("actorId").asText()).isEqualTo(office.employeeId());
        assertThat(create.path("deviceId").asText()).isEqualTo(office.deviceId());
        assertThat(create.path("hlc").asText()).isEqualTo(created.toString());
        assertThat(create.path("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(entries.get(2).path("changes").toString())
                .as("only the field whose value changed")
                .isEqualTo("[{\"field\":\"phone\",\"from\":\"555-0100\",\"to\":\"555-0199\"}]");
        assertThat(entries.get(2).path("hlc").asText()).isEqualTo(edited.toString());
        assertThat(entries.get(1).path("changes").toString()).isEqualTo("[]");
        assertThat(entries.get(0).path("changes").toString()).isEqualTo("[]");
        assertThat(rows(shop, customer)).containsExactly(createSeq, updateSeq, deleteSeq, restoreSeq);
    }

    @Test
    void adjustmentsAndGroupsWriteARowPerRecordAndRejectionsWriteNone() throws SQLException {
        Shop shop = server.createShop();
        Device office = shop.adminDevice("office");
        String customer = UUID.randomUUID().toString();
        String item = UUID.randomUUID().toString();
        String ticket = UUID.randomUUID().toString();
        String part = UUID.randomUUID().toString();
        office.pushOk(List.of(
                Mutations.upsert("customers", customer).field("firstName", "Grace"),
                Mutations.upsert("inventoryItems", item)
                        .field("sku", "SCR-1")
                        .field("name", "Screen")
                        .field("quantity", 5)));

        String group = UUID.randomUUID().toString();
        List<Long> grouped = applied(push(
                office,
                Mutations.upsert("tickets", ticket)
                        .field("customerId", customer)
                        .field("deviceType", "phone")
                        .field("problem", "cracked")
                        .group(group),
                Mutations.upsert("ticketParts", part)
                        .field("ticketId", ticket)
                        .field("inventoryItemId", item)
                        .field("quantity", 1)
                        .group(group),
                Mutations.adjust("inventoryItems", item, "quantity", -1).group(group)));

        JsonNode adjusted = history(office, "inventoryItems", item).path("entries");
        assertThat(adjusted.findValuesAsText("op")).containsExactly("adjust", "create");
        assertThat(adjusted.get(0).path("changes").toString())
                .isEqualTo("[{\"field\":\"quantity\",\"to\":4,\"delta\":-1}]");
        assertThat(adjusted.get(0).path("seq").asLong()).isEqualTo(grouped.get(2));
        assertThat(history(office, "tickets", ticket).path("entries").findValuesAsText("op"))
                .containsExactly("create");
        assertThat(rows(shop, part)).containsExactly(grouped.get(1));

        String lost = UUID.randomUUID().toString();
        String orphan = UUID.randomUUID().toString();
        String failing = UUID.randomUUID().toString();
        JsonNode results = push(
                office,
                Mutations.upsert("tickets", orphan)
                        .field("customerId", UUID.randomUUID().toString())
                        .field("deviceType", "phone")
                        .field("problem", "names no customer"),
                Mutations.upsert("customers", lost)
                        .field("firstName", "Rolled back")
                        .group(failing),
                Mutations.adjust("inventoryItems", item, "quantity", -1).group(failing),
                Mutations.upsert("tickets", UUID.randomUUID().toString())
                        .field("customerId", lost)
                        .field("deviceType", "phone")
                        .field("problem", "bad status")
                        .field("status", "lost_in_space")
                        .group(failing));
        assertThat(results.findValuesAsText("status")).containsOnly("rejected");
        assertThat(historyStatus(office, "tickets", orphan)).isEqualTo(404);
        assertThat(historyStatus(office, "customers", lost))
                .as("its group was rejected")
                .isEqualTo(404);
        assertThat(rows(shop, item))
                .as("the rolled-back adjustment left no row")
                .hasSize(2);
        long next = applied(push(office, Mutations.upsert("customers", customer).field("lastName", "Hopper")))
                .get(0);
        assertThat(next).as("the rolled-back group gave its numbers back").isEqualTo(grouped.get(2) + 1);
        assertThat(rows(shop, customer)).hasSize(2);
    }

    @Test
    void heldChangesAppliedByAReviewerNameTheRemovedDeviceTheyCameFrom() {
        Shop shop = server.createShop();
        Device office = shop.adminDevice("office");
        Device tablet = shop.employeeDevice(office, "front_desk", "Fay");
        String customer = UUID.randomUUID().toString();
        ObjectNode held = Mutations.upsert("customers", customer)
                .field("firstName", "Held")
                .build();
        Hlc hlc = tablet.nextHlc();
        held.put("hlc", hlc.toString());
        held.put("actorId", tablet.employeeId());
        server.http().post("/v1/devices/" + tablet.deviceId() + "/revoke", java.util.Map.of(), office.accessToken());
        JsonHttp.Response surrendered = server.http()
                .post(
                        "/v1/devices/held",
                        java.util.Map.of("refreshToken", tablet.refreshToken(), "mutations", List.of(held)),
                        null);
        assertThat(surrendered.status()).as("%s", surrendered).isEqualTo(200);

        JsonHttp.Response applied = server.http()
                .post(
                        "/v1/devices/" + tablet.deviceId() + "/held/"
                                + held.path("mutationId").asText() + "/apply",
                        java.util.Map.of(),
                        office.accessToken());
        assertThat(applied.body().findValuesAsText("status")).as("%s", applied).containsExactly("applied");

        JsonNode entry = history(office, "customers", customer).path("entries").get(0);
        assertThat(entry.path("op").asText()).isEqualTo("create");
        assertThat(entry.path("deviceId").asText()).as("the removed device").isEqualTo(tablet.deviceId());
        assertThat(entry.path("actorId").asText()).isEqualTo(tablet.employeeId());
        assertThat(entry.path("hlc").asText()).isEqualTo(hlc.toString());
    }

    /** Pushes at the current wire version; the results. */
    private static JsonNode push(Device device, Mutations... mutations) {
        JsonHttp.Response response = Versioned.push(server, device, Versioned.CURRENT, List.of(mutations));
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.body().path("results");
    }

    /** The sequence of each result, which must all be applied. */
    private static List<Long> applied(JsonNode results) {
        List<Long> seqs = new ArrayList<>();
        for (JsonNode result : results) {
            assertThat(result.path("status").asText()).as("%s", result).isEqualTo("applied");
            seqs.add(result.path("seq").asLong());
        }
        return seqs;
    }

    private static JsonNode history(Device device, String entity, String id) {
        JsonHttp.Response response = Versioned.get(server, device, "/v1/records/" + entity + "/" + id + "/history");
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.body();
    }

    private static int historyStatus(Device device, String entity, String id) {
        return Versioned.get(server, device, "/v1/records/" + entity + "/" + id + "/history")
                .status();
    }

    /** The sequence numbers of a record's history rows as stored, ascending. */
    private static List<Long> rows(Shop shop, String recordId) throws SQLException {
        try (Connection db = server.openDatabase();
                PreparedStatement query =
                        db.prepareStatement("SELECT seq FROM record_history WHERE CAST(shop_id AS TEXT) = ?"
                                + " AND CAST(record_id AS TEXT) = ? ORDER BY seq")) {
            query.setString(1, shop.shopId());
            query.setString(2, recordId);
            List<Long> seqs = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    seqs.add(rows.getLong(1));
                }
            }
            return seqs;
        }
    }
}
