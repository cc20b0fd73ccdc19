package com.repairsync.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.WireVersions;
import com.repairsync.protocol.schema.Action;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OWASP API5 (broken function-level authorization): every role against every entity and every
 * action, decided by the one permission table ({@code Schema} grants through {@code
 * Permissions}): each probe a real push, each allowed one applied, each other one refused with
 * {@code forbidden} and leaving the record as it was. Also: a device may not act as another, more
 * powerful employee, and only an admin touches an admin.
 */
class FunctionLevelAuthorizationIT {
    @RegisterExtension
    static final TestServer server = TestServer.start();

    @Test
    void everyRoleMayDoExactlyWhatThePermissionTableGrantsOnEveryEntity() {
        Shop shop = server.createShop();
        Device admin = shop.adminDevice("admin");
        Map<Role, Device> devices = new EnumMap<>(Role.class);
        devices.put(Role.ADMIN, admin);
        devices.put(Role.MANAGER, shop.employeeDevice(admin, "manager", "Max"));
        devices.put(Role.TECHNICIAN, shop.employeeDevice(admin, "technician", "Tess"));
        devices.put(Role.FRONT_DESK, shop.employeeDevice(admin, "front_desk", "Fay"));
        Map<String, String> refs = AttackFixtures.everyEntity(admin);

        List<String> mismatches = new ArrayList<>();
        int allowed = 0;
        int refused = 0;
        for (Role role : Role.values()) {
            // These devices send no RepairSync-Protocol header, so they speak wire version 1: entities
            // newer than that are unknown to them (FileLaneIT); attachments' rules are AttachmentRulesTest's.
            for (EntityType type : Schema.entities()) {
                if (type.sinceProtocol() > WireVersions.FIRST) {
                    continue;
                }
                for (Action action : Action.values()) {
                    if (action == Action.ADJUST && type.fields().stream().noneMatch(FieldSpec::isCounter)) {
                        continue;
                    }
                    boolean expected = type.allows(role, action);
                    String target = action == Action.CREATE ? UUID.randomUUID().toString() : fresh(admin, type, refs);
                    JsonNode before = action == Action.CREATE ? null : record(admin, type.name(), target);
                    JsonNode result = probe(devices.get(role), type, action, target, refs);
                    String status = result.get("status").asText();
                    boolean applied = status.equals("applied");
                    String probe = role.wireName() + " " + action + " " + type.name();
                    if (applied != expected) {
                        mismatches.add(
                                probe + ": expected " + (expected ? "applied" : "forbidden") + ", got " + result);
                    } else if (!applied) {
                        refused++;
                        if (!"forbidden".equals(result.path("code").asText())) {
                            mismatches.add(probe + ": refused with " + result + " instead of forbidden");
                        }
                        JsonNode after = action == Action.CREATE ? null : record(admin, type.name(), target);
                        if (action == Action.CREATE
                                ? record(admin, type.name(), target) != null
                                : !before.equals(after)) {
                            mismatches.add(probe + ": refused, yet the record changed");
                        }
                    } else {
                        allowed++;
                    }
                }
            }
        }
        assertThat(mismatches)
                .as("probes that disagree with the permission table")
                .isEmpty();
        assertThat(allowed).as("the table grants something").isPositive();
        assertThat(refused).as("the table refuses something").isPositive();
        System.out.printf(
                "FunctionLevelAuthorizationIT: %d probes applied, %d refused as forbidden%n", allowed, refused);
    }

    @Test
    void aDeviceMayNotActAsAMorePowerfulEmployee() {
        Shop shop = server.createShop();
        Device admin = shop.adminDevice("admin");
        Device technician = shop.employeeDevice(admin, "technician", "Tess");
        Device frontDesk = shop.employeeDevice(admin, "front_desk", "Fay");
        for (Device device : List.of(technician, frontDesk)) {
            String id = UUID.randomUUID().toString();
            JsonHttp.Response response = device.push(List.of(Mutations.upsert("employees", id)
                    .field("firstName", "Sneaky")
                    .field("role", "admin")
                    .actor(shop.adminId())));
            assertThat(response.status()).as("%s", response).isIn(200, 403);
            if (response.status() == 200) {
                assertThat(response.body().at("/results/0/status").asText()).isEqualTo("rejected");
            }
            assertThat(record(admin, "employees", id)).isNull();
        }
    }

    @Test
    void onlyAnAdminCreatesChangesOrRemovesAnAdmin() {
        Shop shop = server.createShop();
        Device admin = shop.adminDevice("admin");
        Device manager = shop.employeeDevice(admin, "manager", "Max");
        String newAdmin = UUID.randomUUID().toString();
        JsonNode create = manager.push(List.of(Mutations.upsert("employees", newAdmin)
                        .field("firstName", "Eve")
                        .field("role", "admin")))
                .body();
        assertThat(create.at("/results/0/code").asText()).isEqualTo("forbidden");
        JsonNode before = record(admin, "employees", shop.adminId());
        for (Mutations attack : List.of(
                Mutations.upsert("employees", shop.adminId()).field("active", false),
                Mutations.upsert("employees", shop.adminId()).field("role", "technician"),
                Mutations.delete("employees", shop.adminId()))) {
            JsonNode result = manager.push(List.of(attack)).body().at("/results/0");
            assertThat(result.path("code").asText()).as("%s", result).isEqualTo("forbidden");
        }
        String technician = shop.createEmployee(admin, "technician", "Tess").id();
        JsonNode promote = manager.push(
                        List.of(Mutations.upsert("employees", technician).field("role", "admin")))
                .body()
                .at("/results/0");
        assertThat(promote.path("code").asText()).isEqualTo("forbidden");
        assertThat(record(admin, "employees", shop.adminId())).isEqualTo(before);
        assertThat(record(admin, "employees", technician).get("role").asText()).isEqualTo("technician");
    }

    // ------------------------------------------------------------------ probes

    private static JsonNode probe(Device device, EntityType type, Action action, String id, Map<String, String> refs) {
        Mutations mutation =
                switch (action) {
                    case CREATE -> create(type, id, refs);
                    case UPDATE ->
                        Mutations.upsert(type.name(), id)
                                .field(
                                        editable(type),
                                        type.name().equals("ticketParts") ? 1234 : "changed " + UUID.randomUUID());
                    case DELETE -> Mutations.delete(type.name(), id);
                    case ADJUST -> Mutations.adjust(type.name(), id, "quantity", -1);
                };
        JsonHttp.Response response = device.push(List.of(mutation));
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.body().get("results").get(0);
    }

    /** A new record of the type created by the admin, for update, delete and adjust probes. */
    private static String fresh(Device admin, EntityType type, Map<String, String> refs) {
        String id = UUID.randomUUID().toString();
        admin.pushOk(List.of(create(type, id, refs)));
        return id;
    }

    private static Mutations create(EntityType type, String id, Map<String, String> refs) {
        Mutations mutation = Mutations.upsert(type.name(), id);
        for (FieldSpec field : type.fields()) {
            if (!field.required()) {
                continue;
            }
            Object value =
                    switch (field.type()) {
                        case REFERENCE -> refs.get(field.references());
                        case ENUM ->
                            field.name().equals("role")
                                    ? "technician"
                                    : field.allowedValues().get(0);
                        case INTEGER, MONEY, COUNTER -> Math.max(1, field.min());
                        case INSTANT -> "2026-12-24T09:00:00Z";
                        case BOOLEAN -> true;
                        default -> "Probe " + field.name();
                    };
            mutation.field(field.name(), value);
        }
        if (type.name().equals("inventoryItems")) {
            mutation.field("sku", "SKU-" + id.substring(0, 8)).field("quantity", 10);
        }
        return mutation;
    }

    /** A text field every role could set if it may update at all. */
    private static String editable(EntityType type) {
        return switch (type.name()) {
            case "customers", "employees" -> "lastName";
            case "inventoryItems" -> "location";
            case "ticketParts" -> "unitPriceCents";
            default -> "notes";
        };
    }

    static JsonNode record(Device reader, String entity, String id) {
        return reader.pullAll(0).record(entity, id);
    }
}
