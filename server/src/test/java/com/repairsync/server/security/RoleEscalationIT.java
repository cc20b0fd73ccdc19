package com.repairsync.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.HlcClock;
import com.repairsync.protocol.Operation;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.WireVersions;
import com.repairsync.protocol.merge.Merge;
import com.repairsync.protocol.merge.MutationRules;
import com.repairsync.protocol.merge.RecordState;
import com.repairsync.protocol.schema.Action;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.Permissions;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import com.repairsync.testkit.Seeds;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Privilege escalation through the actor a push names. A device signed in by an admin or manager
 * may act for colleagues switched in by PIN, but never for one who outranks its signer; any other
 * device only for its signer. For every signer role × every named actor (each role, the signer
 * itself included) × every entity × every action, a real push is applied exactly when that rule and
 * then the protocol's permission table ({@link Permissions#denial}) allow it, and refused as {@code
 * forbidden} (leaving the shop's data as it was) otherwise. Hand-written cases pin the attack that
 * motivated the rule without the oracle: a manager's tablet naming the admin cannot make its signer
 * an admin.
 *
 * <p>Runs on the JVM's test database; {@code PostgresRoleEscalationIT} runs it on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleEscalationIT {
    private static final String PIN_HASH = "$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$aGFzaA";
    private static final int QUANTITY = 10;

    private TestServer server;
    private Random random;

    /** The server the class's tests share. */
    TestServer startServer() {
        return TestServer.start();
    }

    @BeforeAll
    void start() {
        server = startServer();
        random = new Random(Seeds.seed(getClass().getSimpleName()));
    }

    @AfterAll
    void stop() {
        server.stop();
    }

    /** A shop with two employees of every role, and a device signed in by one of the signer's role. */
    private record Staff(Shop shop, Device owner, Device signer, Map<String, Role> roles, Map<String, String> refs) {}

    /** One mutation of the matrix and what the rule says of it. */
    private record Probe(String name, Mutations mutation, Optional<Refusal> refusal, Action action, String recordId) {}

    /** Why the rule refuses a probe, and the code the result must carry. */
    private record Refusal(String code, String reason) {}

    @ParameterizedTest(name = "signed in by {0}")
    @EnumSource(Role.class)
    void everyNamedActorMayDoExactlyWhatItsRankAndThePermissionTableAllow(Role signerRole) {
        Staff staff = staff(signerRole);
        Map<String, Mutations> targets = new LinkedHashMap<>();
        List<Probe> probes = new ArrayList<>();
        staff.roles().forEach((actorId, actorRole) -> probes.addAll(probes(staff, actorId, actorRole, targets)));
        confirmedPush(staff.owner(), List.copyOf(targets.values()));
        Collections.shuffle(probes, random);

        JsonHttp.Response response =
                staff.signer().push(probes.stream().map(Probe::mutation).toList());

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        Device.Snapshot after = staff.owner().pullAll(0);
        List<String> mismatches = new ArrayList<>();
        int applied = 0;
        for (int i = 0; i < probes.size(); i++) {
            JsonNode result = response.body().get("results").get(i);
            applied += result.path("status").asText().equals("applied") ? 1 : 0;
            mismatch(probes.get(i), result, after).ifPresent(mismatches::add);
        }
        System.out.printf(
                "RoleEscalationIT: %s signer, %d probes, %d applied, %d refused%n",
                signerRole.wireName(), probes.size(), applied, probes.size() - applied);
        assertThat(mismatches).as("probes that disagree with the rule").isEmpty();
    }

    /**
     * A probe of every entity and action by one named actor; the records updated, deleted or
     * adjusted are added to {@code targets} for the owner to create first.
     */
    private List<Probe> probes(Staff staff, String actorId, Role actorRole, Map<String, Mutations> targets) {
        HlcClock oracleClock = new HlcClock(Clock.systemUTC(), "oracle");
        Role signerRole = staff.roles().get(staff.signer().employeeId());
        List<Probe> probes = new ArrayList<>();
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
                String id = UUID.randomUUID().toString();
                RecordState existing = null;
                if (action != Action.CREATE) {
                    Mutations creation = creation(type, id, staff.refs());
                    targets.put(id, creation);
                    existing = Merge.apply(
                                    type,
                                    null,
                                    Operation.UPSERT,
                                    canonical(type, creation),
                                    Map.of(),
                                    oracleClock.now(),
                                    id)
                            .state();
                }
                Mutations mutation = attempt(type, action, id, staff.refs()).actor(actorId);
                Map<String, Object> fields = canonical(type, mutation);
                Optional<Refusal> refusal = refusal(
                        signerRole, staff.signer().employeeId(), actorId, actorRole, type, action, fields, existing);
                String name = signerRole.wireName() + "'s device as " + actorRole.wireName()
                        + (actorId.equals(staff.signer().employeeId()) ? " (itself)" : "") + ": " + action
                        + " " + type.name() + " " + fields;
                probes.add(new Probe(name, mutation, refusal, action, id));
            }
        }
        return probes;
    }

    /** How a probe's result or stored effect disagrees with the rule, if it does. */
    private static Optional<String> mismatch(Probe probe, JsonNode result, Device.Snapshot after) {
        boolean applied = result.path("status").asText().equals("applied");
        if (applied == probe.refusal().isPresent()) {
            String expected = probe.refusal()
                    .map(refusal -> refusal.code() + " (" + refusal.reason() + ")")
                    .orElse("applied");
            return Optional.of(probe.name() + ": expected " + expected + ", got " + result);
        }
        if (!applied
                && !result.path("code")
                        .asText()
                        .equals(probe.refusal().orElseThrow().code())) {
            return Optional.of(probe.name() + ": refused as " + result + ", not "
                    + probe.refusal().orElseThrow().code());
        }
        if (storedEffect(after, probe) != applied) {
            String key = probe.mutation().build().path("entity").asText() + "/" + probe.recordId();
            return Optional.of(probe.name() + ": " + result.path("status").asText() + ", yet the stored change is "
                    + after.changes().get(key));
        }
        return Optional.empty();
    }

    /**
     * Why the rule refuses a mutation, or empty if it applies: a device not signed in by an admin or
     * manager acts only for its signer; no device acts for an employee who outranks its signer;
     * otherwise the actor's own permissions decide, and making an admin also needs the actor's fresh
     * password confirmation, which the probes never carry.
     */
    private static Optional<Refusal> refusal(
            Role signer,
            String signerId,
            String actorId,
            Role actor,
            EntityType type,
            Action action,
            Map<String, Object> fields,
            RecordState existing) {
        if (!signer.managesShop() && !actorId.equals(signerId)) {
            return Optional.of(new Refusal("forbidden", signer.wireName() + " devices act only for their signer"));
        }
        if (actor.outranks(signer)) {
            return Optional.of(new Refusal("forbidden", "the actor, " + actor.wireName() + ", outranks the signer"));
        }
        Optional<String> denial = Permissions.denial(actor, type, action, fields, existing);
        if (denial.isPresent()) {
            return denial.map(reason -> new Refusal("forbidden", reason));
        }
        return Permissions.needsStepUp(type, fields, existing)
                ? Optional.of(new Refusal("reauthentication_required", "making an admin needs a fresh password"))
                : Optional.empty();
    }

    /**
     * Pushes the owner's set-up with the owner's fresh password confirmation on every mutation, as
     * creating admins needs, and asserts each was applied.
     */
    private void confirmedPush(Device owner, List<Mutations> mutations) {
        JsonHttp.Response confirmed =
                server.http().post("/v1/auth/step-up", Map.of("password", TestServer.PASSWORD), owner.accessToken());
        assertThat(confirmed.status()).as("%s", confirmed).isEqualTo(200);
        String stepUp = confirmed.body().path("stepUpToken").asText();
        List<ObjectNode> wire = new ArrayList<>();
        for (Mutations mutation : mutations) {
            ObjectNode node = mutation.build();
            node.put("hlc", owner.nextHlc().toString());
            node.put("actorId", owner.employeeId());
            node.put("stepUp", stepUp);
            wire.add(node);
        }
        JsonHttp.Response pushed = owner.pushRaw(wire);
        assertThat(pushed.status()).as("%s", pushed).isEqualTo(200);
        pushed.body().get("results").forEach(result -> assertThat(
                        result.path("status").asText())
                .as("%s", result)
                .isEqualTo("applied"));
    }

    /** Whether the owner's pull shows the probe's effect. */
    private static boolean storedEffect(Device.Snapshot after, Probe probe) {
        ObjectNode wire = probe.mutation().build();
        JsonNode change = after.changes().get(wire.path("entity").asText() + "/" + probe.recordId());
        return switch (probe.action()) {
            case CREATE -> change != null;
            case DELETE -> change.path("deleted").asBoolean();
            case ADJUST -> change.path("record").path("quantity").asLong() != QUANTITY;
            case UPDATE -> {
                String field = wire.path("fields").fieldNames().next();
                yield change.path("record")
                        .path(field)
                        .equals(wire.path("fields").path(field));
            }
        };
    }

    @Test
    void aManagersTabletNamingTheAdminCannotMakeItsSignerAnAdmin() {
        Shop shop = server.createShop();
        Device owner = shop.adminDevice("owner's desk");
        Shop.Employee max = shop.createEmployee(owner, "manager", "Max");
        Device tablet = server.login(max.email(), TestServer.PASSWORD, "Max's tablet");
        String admin = shop.adminId();
        String eve = UUID.randomUUID().toString();

        JsonHttp.Response response = tablet.push(List.of(
                Mutations.upsert("employees", max.id()).field("role", "admin").actor(admin),
                Mutations.upsert("employees", max.id()).field("role", "admin"),
                Mutations.upsert("employees", eve)
                        .field("firstName", "Eve")
                        .field("role", "admin")
                        .actor(admin),
                Mutations.upsert("employees", admin).field("active", false).actor(admin),
                Mutations.delete("employees", admin).actor(admin),
                Mutations.upsert("customers", UUID.randomUUID().toString())
                        .field("firstName", "Harmless, but not as the admin")
                        .actor(admin)));

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        for (JsonNode result : response.body().get("results")) {
            assertThat(result.path("status").asText()).as("%s", result).isEqualTo("rejected");
            assertThat(result.path("code").asText()).as("%s", result).isEqualTo("forbidden");
        }
        JsonNode results = response.body().get("results");
        for (int actingAsAdmin : new int[] {0, 2, 3, 4, 5}) {
            assertThat(results.get(actingAsAdmin).path("field").asText())
                    .as("refused for the actor it names: %s", results.get(actingAsAdmin))
                    .isEqualTo("actorId");
        }
        Device.Snapshot shopData = owner.pullAll(0);
        assertThat(shopData.record("employees", max.id()).path("role").asText()).isEqualTo("manager");
        assertThat(shopData.record("employees", admin).path("active").asBoolean())
                .isTrue();
        assertThat(shopData.record("employees", eve)).isNull();

        JsonHttp.Response refreshed =
                server.http().post("/v1/auth/refresh", Map.of("refreshToken", tablet.refreshToken()), null);
        assertThat(refreshed.status()).as("%s", refreshed).isEqualTo(200);
        assertThat(refreshed.body().path("role").asText()).isEqualTo("manager");
        JsonHttp.Response login = server.http()
                .post(
                        "/v1/auth/login",
                        Map.of("email", max.email(), "password", TestServer.PASSWORD, "deviceName", "Max's phone"),
                        null);
        assertThat(login.status()).as("%s", login).isEqualTo(200);
        assertThat(login.body().path("role").asText()).isEqualTo("manager");
    }

    // ------------------------------------------------------------------ fixtures

    /**
     * A new shop with two employees of every role (the owner is one admin), one record of every
     * entity to refer to, and a device signed in by an employee of the signer's role.
     */
    private Staff staff(Role signerRole) {
        Shop shop = server.createShop();
        Device owner = shop.adminDevice("owner's desk");
        Map<String, Role> roles = new LinkedHashMap<>();
        roles.put(shop.adminId(), Role.ADMIN);
        Device signer = owner;
        if (signerRole != Role.ADMIN) {
            signer = shop.employeeDevice(owner, signerRole.wireName(), "Signer");
            roles.put(signer.employeeId(), signerRole);
        }
        List<Mutations> hires = new ArrayList<>();
        for (Role role : Role.values()) {
            long have = roles.values().stream().filter(role::equals).count();
            for (long i = have; i < 2; i++) {
                String id = UUID.randomUUID().toString();
                roles.put(id, role);
                hires.add(Mutations.upsert("employees", id)
                        .field("firstName", role.wireName() + " " + i)
                        .field("role", role.wireName())
                        .field("pinHash", PIN_HASH));
            }
        }
        confirmedPush(owner, hires);
        return new Staff(shop, owner, signer, roles, AttackFixtures.everyEntity(owner));
    }

    /** The mutation a probe pushes (its actor still to be named). */
    private Mutations attempt(EntityType type, Action action, String id, Map<String, String> refs) {
        return switch (action) {
            case CREATE -> creation(type, id, refs);
            case UPDATE ->
                Mutations.upsert(type.name(), id)
                        .field(editable(type), type == Schema.TICKET_PARTS ? 1234 : "changed " + UUID.randomUUID());
            case DELETE -> Mutations.delete(type.name(), id);
            case ADJUST -> Mutations.adjust(type.name(), id, "quantity", -1);
        };
    }

    /**
     * A valid creation of a record of the type: its required fields, an inventory item with {@value
     * #QUANTITY} in stock, an employee of a seeded random role (so admins are created and touched).
     */
    private Mutations creation(EntityType type, String id, Map<String, String> refs) {
        Mutations mutation = Mutations.upsert(type.name(), id);
        for (FieldSpec field : type.fields()) {
            if (field.required()) {
                mutation.field(field.name(), requiredValue(field, refs));
            }
        }
        if (type == Schema.INVENTORY_ITEMS) {
            mutation.field("sku", "SKU-" + id.substring(0, 8)).field("quantity", QUANTITY);
        }
        if (type == Schema.EMPLOYEES) {
            mutation.field("role", Role.values()[random.nextInt(Role.values().length)].wireName());
        }
        return mutation;
    }

    private static Object requiredValue(FieldSpec field, Map<String, String> refs) {
        return switch (field.type()) {
            case REFERENCE -> refs.get(field.references());
            case ENUM -> field.allowedValues().get(0);
            case INTEGER, MONEY, COUNTER -> Math.max(1, field.min());
            case INSTANT -> "2026-12-24T09:00:00Z";
            case BOOLEAN -> true;
            default -> "Probe " + field.name();
        };
    }

    /** A field any role that may update the entity may set. */
    private static String editable(EntityType type) {
        return switch (type.name()) {
            case "customers", "employees" -> "lastName";
            case "inventoryItems" -> "location";
            case "ticketParts" -> "unitPriceCents";
            default -> "notes";
        };
    }

    /** The canonical field values a mutation sets, as the server's permission check sees them. */
    private static Map<String, Object> canonical(EntityType type, Mutations mutation) {
        JsonNode fields = mutation.build().get("fields");
        return fields == null ? Map.of() : MutationRules.fields(type, (ObjectNode) fields);
    }
}
