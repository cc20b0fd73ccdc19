package com.repairsync.server.erasure;

import static com.repairsync.server.erasure.ErasureClient.fileHolds;
import static com.repairsync.server.erasure.ErasureClient.newId;
import static com.repairsync.server.erasure.ErasureClient.placesHolding;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Erasing a customer: afterwards no erased value is anywhere in the database (on SQLite: its file,
 * its WAL and the files folder, read raw; on PostgreSQL: every table), the history or the held
 * changes; the tickets keep their money; later writes cannot bring a value back; devices pull the
 * records erased; the erasure log lists them without values.
 */
class CustomerErasureIT {
    @Test
    void anErasureLeavesNoErasedValueAnywhereAndKeepsTheMoney() throws Exception {
        long seed = System.nanoTime();
        System.out.println("CustomerErasureIT seed " + seed);
        String hex = Long.toHexString(new Random(seed).nextLong() & Long.MAX_VALUE);
        // Every erased value starts with m; the kept customer's does not.
        String m = "zq" + hex;
        String kept = "kp" + hex;
        try (TestServer server = TestServer.start()) {
            Shop shop = server.createShop();
            ErasureClient admin = new ErasureClient(server, shop.adminDevice("desk"));
            String customer = newId();
            String keeper = newId();
            String ticket = newId();
            String appointment = newId();
            String customerPhoto = newId();
            String ticketPhoto = newId();
            admin.pushOk(
                    Mutations.upsert("customers", customer)
                            .field("firstName", m + "first")
                            .field("lastName", m + "last")
                            .field("phone", m + "phoneold")
                            .field("email", m + "mail@example.test")
                            .field("address", m + "address")
                            .field("notes", m + "custnotes"),
                    Mutations.upsert("customers", keeper).field("firstName", kept),
                    Mutations.upsert("tickets", ticket)
                            .field("customerId", customer)
                            .field("deviceType", "phone")
                            .field("problem", "cracked screen")
                            .field("estimateCents", 12000)
                            .field("finalPriceCents", 14900)
                            .field("notes", m + "ticketnotesold"),
                    Mutations.upsert("appointments", appointment)
                            .field("customerId", customer)
                            .field("type", "pick_up")
                            .field("startsAt", "2026-12-01T09:00:00Z")
                            .field("notes", m + "apptnotes"));
            // Edits, so the history holds old and new values.
            admin.pushOk(
                    Mutations.upsert("customers", customer).field("phone", m + "phonenew"),
                    Mutations.upsert("tickets", ticket).field("notes", m + "ticketnotesnew"));
            String customerFile = admin.uploadPng(m + "customerfile", 1);
            String ticketFile = admin.uploadPng(m + "ticketfile", 2);
            admin.pushOk(
                    admin.attachment(customerPhoto, "customerId", customer, customerFile, m + "cphoto"),
                    admin.attachment(ticketPhoto, "ticketId", ticket, ticketFile, m + "tphoto"));
            String revoked = holdChangesOfARevokedDevice(server, shop, admin, customer, m);
            assertThat(placesHolding(server, m + "customerfile"))
                    .as("the upload is stored")
                    .isNotEmpty();

            JsonHttp.Response erased = admin.erase(customer);

            assertThat(erased.status()).as("%s", erased).isEqualTo(200);
            assertThat(erased.body().path("entity").asText()).isEqualTo("customers");
            assertThat(erased.body().path("recordId").asText()).isEqualTo(customer);
            assertThat(erased.body().path("erasedBy").asText())
                    .isEqualTo(admin.device().employeeId());
            assertThat(erased.body().path("records").asInt())
                    .as("customer, ticket, appointment, two attachments")
                    .isEqualTo(5);
            assertThat(erased.body().path("files").asInt()).isEqualTo(2);

            // SQLite: the database file, its WAL and the files, read raw while the server runs.
            assertThat(placesHolding(server, kept))
                    .as("the scan finds values that were not erased")
                    .isNotEmpty();
            assertThat(placesHolding(server, m))
                    .as("where an erased value remains")
                    .isEmpty();

            assertHistoryHoldsNoValues(
                    server, shop, admin.device(), Set.of(customer, ticket, appointment, customerPhoto, ticketPhoto));
            assertHeldChangesLostTheirValues(server, admin, revoked, m);
            // A device offline during the erasure, removed afterwards, sends up what it held: held without the values.
            assertHeldChangesLostTheirValues(
                    server, admin, holdChangesOfARevokedDevice(server, shop, admin, customer, m), m);
            assertThat(placesHolding(server, m))
                    .as("where an erased value remains")
                    .isEmpty();

            Map<String, JsonNode> pulled = admin.pullAll();
            JsonNode customerChange = pulled.get("customers/" + customer);
            assertThat(customerChange.path("erased").asBoolean()).isTrue();
            assertThat(customerChange.path("record").path("firstName").asText())
                    .isEqualTo(FieldSpec.ERASED_PLACEHOLDER);
            assertThat(customerChange.path("record").path("phone").isNull()).isTrue();
            JsonNode ticketChange = pulled.get("tickets/" + ticket);
            assertThat(ticketChange.path("erased").asBoolean()).isTrue();
            assertThat(ticketChange.path("record").path("estimateCents").asLong())
                    .isEqualTo(12000);
            assertThat(ticketChange.path("record").path("finalPriceCents").asLong())
                    .isEqualTo(14900);
            assertThat(ticketChange.path("record").path("problem").asText()).isEqualTo("cracked screen");
            assertThat(ticketChange.path("record").path("notes").isNull()).isTrue();
            for (String photo : List.of(customerPhoto, ticketPhoto)) {
                JsonNode change = pulled.get("attachments/" + photo);
                assertThat(change.path("erased").asBoolean()).isTrue();
                assertThat(change.path("deleted").asBoolean()).isTrue();
            }
            assertThat(pulled.get("customers/" + keeper).path("erased").asBoolean())
                    .isFalse();

            // A device that was offline sends an edit with a later HLC: it loses, and is not stored.
            JsonNode late = admin.pushOk(Mutations.upsert("customers", customer)
                    .field("phone", m + "late")
                    .field("notes", m + "latenotes"));
            assertThat(late.get(0).path("superseded").toString())
                    .contains("phone")
                    .contains("notes");
            assertThat(placesHolding(server, m + "late")).isEmpty();

            List<ErasureLog.Entry> log =
                    ErasureLog.inDataDirectory(server.dataDir()).entries();
            assertThat(log)
                    .extracting(ErasureLog.Entry::recordId)
                    .containsExactlyInAnyOrder(customer, ticket, appointment, customerPhoto, ticketPhoto);
            assertThat(log).allSatisfy(entry -> {
                assertThat(entry.shopId()).isEqualTo(shop.shopId());
                assertThat(entry.erasedBy()).isEqualTo(admin.device().employeeId());
            });
            assertThat(fileHolds(server.dataDir().resolve(ErasureLog.FILE_NAME), m))
                    .isFalse();

            JsonHttp.Response again = admin.erase(customer);
            assertThat(again.status()).as("%s", again).isEqualTo(200);
            assertThat(again.body().path("records").asInt()).isZero();
            assertThat(again.body().path("files").asInt()).isZero();
        }
    }

    /**
     * Signs in a second device, has it hold an edit of the customer and a new ticket for them,
     * removes it and has it send them up; the removed device's id.
     */
    private static String holdChangesOfARevokedDevice(
            TestServer server, Shop shop, ErasureClient admin, String customer, String m) {
        Device tablet = shop.adminDevice("tablet");
        JsonHttp.Response revoke = server.http()
                .post(
                        "/v1/devices/" + tablet.deviceId() + "/revoke",
                        Map.of(),
                        admin.device().accessToken());
        assertThat(revoke.status()).as("%s", revoke).isEqualTo(200);
        List<Object> held = List.of(
                Mutations.upsert("customers", customer)
                        .field("phone", m + "heldphone")
                        .hlc(tablet.nextHlc())
                        .actor(tablet.employeeId())
                        .build(),
                Mutations.upsert("tickets", newId())
                        .field("customerId", customer)
                        .field("deviceType", "tablet")
                        .field("problem", "battery")
                        .field("notes", m + "heldnotes")
                        .hlc(tablet.nextHlc())
                        .actor(tablet.employeeId())
                        .build());
        JsonHttp.Response surrendered = server.http()
                .post("/v1/devices/held", Map.of("refreshToken", tablet.refreshToken(), "mutations", held), null);
        assertThat(surrendered.status()).as("%s", surrendered).isEqualTo(200);
        return tablet.deviceId();
    }

    private static void assertHeldChangesLostTheirValues(
            TestServer server, ErasureClient admin, String revoked, String m) {
        JsonHttp.Response held = server.http()
                .get("/v1/devices/" + revoked + "/held", admin.device().accessToken());
        assertThat(held.status()).as("%s", held).isEqualTo(200);
        assertThat(held.body().path("held")).hasSize(2);
        assertThat(held.body().toString()).doesNotContain(m);
        List<String> erasedFields = new ArrayList<>();
        held.body().path("held").forEach(change -> change.path("mutation")
                .path("erasedFields")
                .forEach(field -> erasedFields.add(field.asText())));
        assertThat(erasedFields).containsExactlyInAnyOrder("phone", "notes");
    }

    /**
     * Every history row of the erased records has no personal value left (each personal field's
     * change is only {@code {"field": ..., "erased": true}}), and each has an erase row by the admin
     * on their device.
     */
    private static void assertHistoryHoldsNoValues(TestServer server, Shop shop, Device admin, Set<String> erased)
            throws Exception {
        Set<String> personal = Schema.entities().stream()
                .flatMap(type -> type.personalFields().stream())
                .map(FieldSpec::name)
                .collect(Collectors.toSet());
        Set<String> erasedBy = new java.util.HashSet<>();
        try (Connection connection = server.openDatabase();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT record_id, op, actor_id, device_id, changes FROM record_history WHERE shop_id = '"
                                + shop.shopId() + "'")) {
            while (rows.next()) {
                String record = rows.getString(1);
                if (!erased.contains(record)) {
                    continue;
                }
                if (rows.getString(2).equals("erase")) {
                    assertThat(rows.getString(3)).isEqualTo(admin.employeeId());
                    assertThat(rows.getString(4)).isEqualTo(admin.deviceId());
                    erasedBy.add(record);
                }
                for (JsonNode change : JsonHttp.JSON.readTree(rows.getString(5))) {
                    if (personal.contains(change.path("field").asText())) {
                        assertThat(change.path("erased").asBoolean())
                                .as("%s of %s", change, record)
                                .isTrue();
                        assertThat(change.size()).as("%s of %s", change, record).isEqualTo(2);
                    }
                }
            }
        }
        assertThat(erasedBy).containsExactlyInAnyOrderElementsOf(erased);
        assertThat(Files.exists(server.dataDir().resolve(ErasureLog.FILE_NAME))).isTrue();
    }
}
