package com.repairsync.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OWASP API1 (object-level) and API3 (property-level) authorization. A shop is a tenant: another
 * shop's admin who knows (leaked) or guesses record ids can neither read, change, delete, adjust nor
 * reference any of them, on every entity; roles never receive fields hidden from them; no client
 * writes a server-owned field or overwrites a counter. The tests take the server fixture as it is,
 * so they run unchanged on every store the fixture offers.
 */
class ObjectLevelAuthorizationIT {
    @RegisterExtension
    static final TestServer server = TestServer.start();

    @Test
    void leakedIdsGiveAnotherShopNoWayToReadOrTouchAnyEntity() {
        Shop victim = server.createShop();
        Device owner = victim.adminDevice("owner");
        Map<String, String> ids = AttackFixtures.everyEntity(owner);
        Device.Snapshot before = owner.pullAll(0);
        Shop attackerShop = server.createShop();
        Device attacker = attackerShop.adminDevice("attacker");
        AttackFixtures.everyEntity(attacker); // the attacker has records of their own to reference from

        List<Mutations> attacks = new ArrayList<>();
        ids.forEach((entity, id) -> {
            attacks.add(Mutations.delete(entity, id));
            attacks.add(Mutations.upsert(entity, id).field(textField(entity), "owned"));
        });
        attacks.add(Mutations.adjust("inventoryItems", ids.get("inventoryItems"), "quantity", -50));
        attacks.add(Mutations.upsert("tickets", UUID.randomUUID().toString())
                .field("customerId", ids.get("customers"))
                .field("deviceType", "phone")
                .field("problem", "pointing at a foreign customer"));
        attacks.add(Mutations.upsert("ticketParts", UUID.randomUUID().toString())
                .field("ticketId", ids.get("tickets"))
                .field("inventoryItemId", ids.get("inventoryItems"))
                .field("quantity", 1));
        attacks.add(Mutations.upsert("appointments", UUID.randomUUID().toString())
                .field("customerId", ids.get("customers"))
                .field("employeeId", ids.get("employees"))
                .field("type", "pick_up")
                .field("startsAt", "2026-12-02T10:00:00Z"));
        for (Mutations attack : attacks) {
            JsonHttp.Response response = attacker.push(List.of(attack));
            assertThat(response.status()).as("%s", response).isIn(200, 400, 403, 404, 409);
        }

        assertThat(owner.pullAll(0).changes())
                .as("the victim's records, after every attack with leaked ids")
                .isEqualTo(before.changes());
        Device.Snapshot seen = attacker.pullAll(0);
        ids.forEach((entity, id) -> {
            JsonNode record = seen.record(entity, id);
            if (record != null) {
                // an upsert of a leaked id may create the attacker's own record; it must carry none of the victim's
                // data
                assertThat(record.toString())
                        .as("%s/%s as the attacker sees it", entity, id)
                        .doesNotContain("Ada", "555-0100", "Hinge", "Eve", "hinge");
            }
        });
        JsonHttp.Response password = server.http()
                .put(
                        "/v1/employees/" + victim.adminId() + "/password",
                        Map.of("password", "taken over!"),
                        attacker.accessToken());
        assertThat(password.status()).as("%s", password).isEqualTo(404);
        assertThat(server.login(victim.adminEmail(), TestServer.PASSWORD, "still mine")
                        .shopId())
                .isEqualTo(victim.shopId());
    }

    @Test
    void guessedIdsAreUnknownAndAShopInTheQueryIsIgnored() {
        Shop victim = server.createShop();
        Device owner = victim.adminDevice("owner");
        AttackFixtures.everyEntity(owner);
        Device.Snapshot before = owner.pullAll(0);
        Device attacker = server.createShop().adminDevice("attacker");
        for (String entity :
                List.of("customers", "tickets", "ticketParts", "inventoryItems", "employees", "appointments")) {
            for (int guess = 0; guess < 5; guess++) {
                JsonNode result = attacker.push(List.of(
                                Mutations.delete(entity, UUID.randomUUID().toString())))
                        .body()
                        .at("/results/0");
                assertThat(result.path("status").asText()).as("%s", result).isNotEqualTo("applied");
            }
        }
        JsonHttp.Response pull = attacker.pull("cursor=0&shopId=" + victim.shopId() + "&shop=" + victim.shopId());
        assertThat(pull.status()).isEqualTo(200);
        assertThat(pull.body().toString()).doesNotContain(victim.shopId()).doesNotContain("Ada");
        assertThat(owner.pullAll(0).changes()).isEqualTo(before.changes());
    }

    @Test
    void rolesBelowManagerNeverReceivePinHashesOrPayRates() {
        Shop shop = server.createShop();
        Device admin = shop.adminDevice("admin");
        AttackFixtures.everyEntity(admin);
        Device manager = shop.employeeDevice(admin, "manager", "Max");
        assertThat(employees(manager)).allSatisfy(e -> assertThat(e.has("hourlyRateCents") || e.has("pinHash"))
                .isTrue());
        for (String role : List.of("technician", "front_desk")) {
            Device device = shop.employeeDevice(admin, role, role);
            List<JsonNode> employees = employees(device);
            assertThat(employees).as(role).hasSizeGreaterThanOrEqualTo(3);
            assertThat(employees).as(role).allSatisfy(employee -> {
                assertThat(employee.hasNonNull("pinHash")).isFalse();
                assertThat(employee.hasNonNull("hourlyRateCents")).isFalse();
            });
        }
    }

    @Test
    void noClientWritesAServerOwnedFieldOrOverwritesACounter() {
        Shop shop = server.createShop();
        Device admin = shop.adminDevice("admin");
        Map<String, String> ids = AttackFixtures.everyEntity(admin);
        Device.Snapshot before = admin.pullAll(0);
        List<String> accepted = new ArrayList<>();
        for (Map.Entry<String, String> record : ids.entrySet()) {
            for (String field : Schema.SERVER_OWNED_FIELDS) {
                Object value = field.equals("shopId")
                        ? UUID.randomUUID().toString()
                        : field.equals("deleted")
                                ? Boolean.TRUE
                                : field.endsWith("At") ? "2001-01-01T00:00:00Z" : 999_999;
                JsonHttp.Response response = admin.push(List.of(
                        Mutations.upsert(record.getKey(), record.getValue()).field(field, value)));
                if (response.status() == 200
                        && response.body().at("/results/0/status").asText().equals("applied")) {
                    accepted.add(record.getKey() + "." + field);
                }
            }
        }
        JsonNode overwrite = admin.push(List.of(Mutations.upsert("inventoryItems", ids.get("inventoryItems"))
                        .field("quantity", 1_000_000)))
                .body()
                .at("/results/0");
        assertThat(accepted).as("server-owned fields a client could set").isEmpty();
        assertThat(overwrite.path("status").asText()).as("%s", overwrite).isEqualTo("rejected");
        assertThat(admin.pullAll(0).changes()).isEqualTo(before.changes());
    }

    private static List<JsonNode> employees(Device device) {
        List<JsonNode> employees = new ArrayList<>();
        device.pullAll(0).changes().forEach((key, change) -> {
            if (key.startsWith("employees/")) {
                employees.add(change.get("record"));
            }
        });
        return employees;
    }

    private static String textField(String entity) {
        return switch (entity) {
            case "customers", "employees" -> "lastName";
            case "inventoryItems" -> "location";
            case "ticketParts" -> "unitPriceCents";
            default -> "notes";
        };
    }
}
