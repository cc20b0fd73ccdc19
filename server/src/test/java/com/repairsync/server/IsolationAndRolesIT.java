package com.repairsync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tenancy comes only from the token; roles come from the one permission table. */
class IsolationAndRolesIT {
    @RegisterExtension
    static final TestServer server = TestServer.start();

    private static String newCustomer(Device device, String name) {
        String id = UUID.randomUUID().toString();
        device.pushOk(List.of(Mutations.upsert("customers", id).field("firstName", name)));
        return id;
    }

    private static JsonNode firstResult(JsonHttp.Response response) {
        assertThat(response.status()).as("push %s", response).isEqualTo(200);
        return response.body().get("results").get(0);
    }

    @Test
    void anotherShopCanNeitherReadNorWriteTheFirstShopsRecords() {
        Device first = server.createShop().adminDevice("first");
        Device second = server.createShop().adminDevice("second");
        String customer = newCustomer(first, "Private");
        String item = UUID.randomUUID().toString();
        first.pushOk(List.of(Mutations.upsert("inventoryItems", item)
                .field("sku", "A1")
                .field("name", "Cable")
                .field("quantity", 5)));

        assertThat(second.pullAll(0).changes().keySet()).noneMatch(key -> key.endsWith(customer) || key.endsWith(item));

        JsonNode update = firstResult(
                second.push(List.of(Mutations.upsert("customers", customer).field("notes", "hijacked"))));
        JsonNode delete = firstResult(second.push(List.of(Mutations.delete("customers", customer))));
        JsonNode adjust = firstResult(second.push(List.of(Mutations.adjust("inventoryItems", item, "quantity", -5))));
        assertThat(List.of(update, delete, adjust))
                .allSatisfy(result -> assertThat(result.get("code").asText()).isEqualTo("unknown_record"));

        Device.Snapshot mine = first.pullAll(0);
        assertThat(mine.record("customers", customer).get("notes").isNull()).isTrue();
        assertThat(mine.changes().get("customers/" + customer).get("deleted").asBoolean())
                .isFalse();
        assertThat(mine.record("inventoryItems", item).get("quantity").asLong()).isEqualTo(5);
    }

    @Test
    void referencesToAnotherShopsRecordsAreUnknown() {
        Device first = server.createShop().adminDevice("first");
        Device second = server.createShop().adminDevice("second");
        String customer = newCustomer(first, "Private");
        JsonNode result = firstResult(second.push(
                List.of(Mutations.upsert("tickets", UUID.randomUUID().toString())
                        .field("customerId", customer)
                        .field("deviceType", "laptop")
                        .field("problem", "no power"))));
        assertThat(result.get("code").asText()).isEqualTo("unknown_record");
        assertThat(result.get("field").asText()).isEqualTo("customerId");
    }

    @Test
    void pushWithAnotherDevicesIdIsRefusedAndStoresNothing() {
        Device first = server.createShop().adminDevice("first");
        Device second = server.createShop().adminDevice("second");
        String id = UUID.randomUUID().toString();
        JsonHttp.Response response = server.http()
                .post(
                        "/v1/sync/push",
                        Map.of(
                                "deviceId",
                                first.deviceId(),
                                "mutations",
                                List.of(Mutations.upsert("customers", id)
                                        .field("firstName", "X")
                                        .hlc(second.nextHlc())
                                        .actor(second.employeeId())
                                        .build())),
                        second.accessToken());
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body().get("field").asText()).isEqualTo("deviceId");
        assertThat(first.pullAll(0).record("customers", id)).isNull();
        assertThat(second.pullAll(0).record("customers", id)).isNull();
    }

    @Test
    void clientSentShopIdAndSequenceAreIgnoredOrRefusedNeverStored() throws SQLException {
        Shop victim = server.createShop();
        Device attacker = server.createShop().adminDevice("attacker");
        String id = UUID.randomUUID().toString();
        var mutation = Mutations.upsert("customers", id)
                .field("firstName", "Mallory")
                .hlc(attacker.nextHlc())
                .actor(attacker.employeeId())
                .build();
        mutation.put("shopId", victim.shopId());
        mutation.put("seq", 999_999);
        JsonHttp.Response response = server.http()
                .post(
                        "/v1/sync/push",
                        Map.of(
                                "deviceId",
                                attacker.deviceId(),
                                "shopId",
                                victim.shopId(),
                                "mutations",
                                List.of(mutation)),
                        attacker.accessToken());
        assertThat(firstResult(response).get("status").asText()).isEqualTo("applied");

        try (Connection db = server.openDatabase();
                ResultSet row = db.createStatement()
                        .executeQuery("SELECT shop_id, seq FROM customers WHERE id = '" + id + "'")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString("shop_id")).isEqualTo(attacker.shopId());
            assertThat(row.getLong("seq")).isLessThan(999_999);
        }

        for (String serverOwned : List.of("shopId", "seq", "createdAt", "updatedAt", "id")) {
            JsonNode refused = firstResult(attacker.push(List.of(
                    Mutations.upsert("customers", id).field(serverOwned, serverOwned.equals("seq") ? 5 : "x"))));
            assertThat(refused.get("code").asText()).as(serverOwned).isEqualTo("invalid_field");
            assertThat(refused.get("field").asText()).isEqualTo(serverOwned);
        }
    }

    @Test
    void technicianMayNotWriteEmployeesButMayWorkTicketsAndTakeStock() {
        Shop shop = server.createShop();
        Device admin = shop.adminDevice("desk");
        Device tech = shop.employeeDevice(admin, "technician", "Tess");
        String customer = newCustomer(admin, "Lin");
        String item = UUID.randomUUID().toString();
        admin.pushOk(List.of(Mutations.upsert("inventoryItems", item)
                .field("sku", "B1")
                .field("name", "Battery")
                .field("quantity", 3)));

        JsonNode employee = firstResult(tech.push(
                List.of(Mutations.upsert("employees", UUID.randomUUID().toString())
                        .field("firstName", "Eve")
                        .field("role", "admin"))));
        assertThat(employee.get("code").asText()).isEqualTo("forbidden");

        JsonNode customerWrite = firstResult(
                tech.push(List.of(Mutations.upsert("customers", customer).field("notes", "x"))));
        assertThat(customerWrite.get("code").asText()).isEqualTo("forbidden");

        tech.pushOk(List.of(
                Mutations.upsert("tickets", UUID.randomUUID().toString())
                        .field("customerId", customer)
                        .field("deviceType", "console")
                        .field("problem", "HDMI port"),
                Mutations.adjust("inventoryItems", item, "quantity", -1)));
    }

    @Test
    void technicianDeviceMayOnlyActForItsOwnEmployee() {
        Shop shop = server.createShop();
        Device admin = shop.adminDevice("desk");
        Device tech = shop.employeeDevice(admin, "technician", "Tess");
        JsonNode result = firstResult(
                tech.push(List.of(Mutations.upsert("tickets", UUID.randomUUID().toString())
                        .field("notes", "x")
                        .actor(admin.employeeId()))));
        assertThat(result.get("code").asText()).isEqualTo("forbidden");
        assertThat(result.get("field").asText()).isEqualTo("actorId");
    }

    @Test
    void aDeviceActingForSomeoneElseIsToldSoBeforeWhatIsWrongWithTheFields() {
        Shop shop = server.createShop();
        Device admin = shop.adminDevice("desk");
        Device tech = shop.employeeDevice(admin, "technician", "Tess");
        JsonNode result = firstResult(
                tech.push(List.of(Mutations.upsert("tickets", UUID.randomUUID().toString())
                        .field("noSuchField", "x")
                        .actor(admin.employeeId()))));
        assertThat(result.get("code").asText()).as("%s", result).isEqualTo("forbidden");
        assertThat(result.get("field").asText()).isEqualTo("actorId");

        JsonNode ownInvalid = firstResult(tech.push(List.of(
                Mutations.upsert("tickets", UUID.randomUUID().toString()).field("noSuchField", "x"))));
        assertThat(ownInvalid.get("code").asText()).as("%s", ownInvalid).isNotEqualTo("forbidden");
        assertThat(ownInvalid.get("field").asText()).isEqualTo("noSuchField");
    }

    @Test
    void adminDeviceMayActForAnotherActiveEmployeeWithThatEmployeesRights() {
        Shop shop = server.createShop();
        Device admin = shop.adminDevice("desk");
        Device tech = shop.employeeDevice(admin, "technician", "Tess");
        JsonNode asTech = firstResult(admin.push(
                List.of(Mutations.upsert("customers", UUID.randomUUID().toString())
                        .field("firstName", "Via PIN")
                        .actor(tech.employeeId()))));
        assertThat(asTech.get("code").asText()).isEqualTo("forbidden");
    }

    @Test
    void anEmployeeDeactivatedEarlierInTheSameBatchCanNoLongerAct() {
        Shop shop = server.createShop();
        Device admin = shop.adminDevice("desk");
        Device tech = shop.employeeDevice(admin, "technician", "Tess");
        String ticket = UUID.randomUUID().toString();
        admin.pushOk(List.of(Mutations.upsert("tickets", ticket)
                .field("customerId", newCustomer(admin, "Walk-in"))
                .field("deviceType", "phone")
                .field("problem", "cracked screen")));
        JsonHttp.Response response = admin.push(List.of(
                Mutations.upsert("tickets", ticket).field("status", "in_repair").actor(tech.employeeId()),
                Mutations.upsert("employees", tech.employeeId()).field("active", false),
                Mutations.upsert("tickets", ticket)
                        .field("notes", "after leaving")
                        .actor(tech.employeeId())));
        assertThat(response.status()).isEqualTo(200);
        JsonNode results = response.body().get("results");
        assertThat(results.get(0).get("status").asText()).as("%s", results).isEqualTo("applied");
        assertThat(results.get(1).get("status").asText()).isEqualTo("applied");
        assertThat(results.get(2).get("code").asText()).isEqualTo("forbidden");
        assertThat(results.get(2).get("field").asText()).isEqualTo("actorId");
        assertThat(admin.pullAll(0).record("tickets", ticket).get("notes").isNull())
                .isTrue();
    }

    @Test
    void frontDeskPullCarriesNoPinHashesAndNoPayRates() {
        Shop shop = server.createShop();
        Device admin = shop.adminDevice("desk");
        Device front = shop.employeeDevice(admin, "front_desk", "Fran");
        shop.employeeDevice(admin, "technician", "Tess");

        Device.Snapshot seen = front.pullAll(0);
        List<JsonNode> employees = seen.changes().values().stream()
                .filter(change -> change.get("entity").asText().equals("employees"))
                .map(change -> change.get("record"))
                .toList();
        assertThat(employees).hasSizeGreaterThanOrEqualTo(3);
        assertThat(employees).allSatisfy(employee -> {
            assertThat(employee.has("pinHash")).isFalse();
            assertThat(employee.has("hourlyRateCents")).isFalse();
        });
        JsonHttp.Response raw = front.pull("cursor=0&limit=1000");
        assertThat(raw.raw().body())
                .doesNotContain("pinHash")
                .doesNotContain("argon2")
                .doesNotContain("hourlyRate");

        List<JsonNode> adminView = admin.pullAll(0).changes().values().stream()
                .filter(change -> change.get("entity").asText().equals("employees"))
                .map(change -> change.get("record"))
                .filter(employee -> !employee.get("pinHash").isNull())
                .toList();
        assertThat(adminView).isNotEmpty();
    }
}
