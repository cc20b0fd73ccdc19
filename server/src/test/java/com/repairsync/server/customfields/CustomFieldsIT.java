package com.repairsync.server.customfields;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.WireVersions;
import com.repairsync.protocol.schema.CustomField;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import com.repairsync.testkit.WsProbe;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A shop's own fields end to end over raw HTTP, on the test database (SQLite, and PostgreSQL in the
 * postgres run): declared through {@code /v1/custom-fields} or a push, values validated against
 * the declarations (also those of the same push), pulled in the {@code custom} member by devices of
 * wire version 8 only, hidden from roles a {@code managers} field hides them from (pull and
 * history); every bad input refused naming the field with nothing stored; a device newer than the
 * server naming what it lacks told {@code not_yet_known} for the whole change; and a version 7
 * device syncing as it always did.
 */
class CustomFieldsIT {
    private static final int V7 = 7;
    private static final int V8 = 8;
    private static final int NEWER = WireVersions.CURRENT + 1;

    @RegisterExtension
    static final TestServer server = TestServer.start();

    private static Shop shop;
    private static Device admin;
    private static Device technician;
    private static String customer;

    @BeforeAll
    static void declareTheShopsFields() {
        shop = server.createShop();
        admin = shop.adminDevice("desk");
        technician = shop.employeeDevice(admin, "technician", "Tom");
        customer = UUID.randomUUID().toString();
        push(admin, V8, Mutations.upsert("customers", customer).field("firstName", "Ada"));
        declare(Map.of("entity", "tickets", "name", "accessories", "label", "Accessories", "type", "text"));
        declare(Map.of(
                "entity",
                "tickets",
                "name",
                "color",
                "label",
                "Color",
                "type",
                "choice",
                "choices",
                List.of("black", "white")));
        declare(Map.of(
                "entity",
                "tickets",
                "name",
                "internalCost",
                "label",
                "Internal cost",
                "type",
                "money",
                "visibleTo",
                "managers"));
    }

    @Test
    void aFieldDeclaredAndUsedInOnePushReachesDevicesOfVersion8AsTheirRoleMaySee() {
        String ticket = UUID.randomUUID().toString();
        JsonNode pushed = push(
                admin,
                V8,
                declaration("tickets", "waterDamage", "yesNo"),
                ticket(ticket)
                        .field(
                                "custom",
                                Map.of(
                                        "accessories",
                                        "charger, case",
                                        "internalCost",
                                        1500,
                                        "waterDamage",
                                        true,
                                        "color",
                                        "black")));
        assertThat(statuses(pushed)).containsOnly("applied");

        JsonNode asAdmin = record(pull(admin, V8), "tickets", ticket);
        assertThat(asAdmin.get("custom"))
                .isEqualTo(json(Map.of(
                        "accessories", "charger, case", "color", "black", "internalCost", 1500, "waterDamage", true)));
        JsonNode asTechnician = record(pull(technician, V8), "tickets", ticket);
        assertThat(asTechnician.get("custom").has("internalCost")).isFalse();
        assertThat(asTechnician.get("custom").get("accessories").asText()).isEqualTo("charger, case");

        // A value cleared and one changed, as the upsert's custom member names them: the others stay.
        push(
                admin,
                V8,
                Mutations.upsert("tickets", ticket).field("custom", nulls("color", null, "accessories", "bag")));
        assertThat(record(pull(admin, V8), "tickets", ticket).get("custom"))
                .isEqualTo(json(Map.of("accessories", "bag", "internalCost", 1500, "waterDamage", true)));

        // Devices before version 8 receive neither the member nor the declarations.
        Map<String, JsonNode> old = pull(technician, V7);
        assertThat(record(old, "tickets", ticket).has("custom")).isFalse();
        assertThat(old.keySet()).noneMatch(key -> key.startsWith("customFields/"));
        assertThat(pull(technician, V8).keySet()).anyMatch(key -> key.startsWith("customFields/"));

        // History: custom.<name> entries, a managers field's only to managers.
        List<String> seenByTechnician = historyFields(technician, ticket);
        assertThat(seenByTechnician).contains("custom.accessories", "custom.waterDamage");
        assertThat(seenByTechnician).doesNotContain("custom.internalCost");
        assertThat(historyFields(admin, ticket)).contains("custom.internalCost", "custom.color");
        // The API lists the declarations a role receives values of.
        assertThat(names(rest("GET", "/v1/custom-fields?entity=tickets", null, technician.accessToken())))
                .contains("accessories", "waterDamage")
                .doesNotContain("internalCost");
    }

    @Test
    void declarationsChangeSafelyThroughTheApi() {
        declare(Map.of("entity", "customers", "name", "passcode", "type", "text"));
        String path = "/v1/custom-fields/customers/passcode";
        JsonHttp.Response relabeled = rest("PATCH", path, Map.of("label", "Passcode given"), admin.accessToken());
        assertThat(relabeled.status()).as("%s", relabeled).isEqualTo(200);
        assertThat(relabeled.body().get("label").asText()).isEqualTo("Passcode given");
        assertThat(relabeled.body().get("id").asText()).isEqualTo(CustomField.recordId("customers", "passcode"));

        JsonHttp.Response choices = rest(
                "PATCH", "/v1/custom-fields/tickets/color", Map.of("addChoices", List.of("red")), admin.accessToken());
        assertThat(choices.body().get("choices")).isEqualTo(json(List.of("black", "white", "red")));

        String withValue = UUID.randomUUID().toString();
        push(
                admin,
                V8,
                Mutations.upsert("customers", withValue)
                        .field("firstName", "Bo")
                        .field("custom", Map.of("passcode", "1234")));
        JsonHttp.Response removed = rest("PATCH", path, Map.of("removed", true, "required", true), admin.accessToken());
        assertThat(removed.body().get("removed").asBoolean()).isTrue();
        // A removed field keeps its values and still takes writes (an offline device may send one).
        assertThat(statuses(push(
                        admin,
                        V8,
                        Mutations.upsert("customers", withValue).field("custom", Map.of("passcode", "4321")))))
                .containsOnly("applied");
        assertThat(record(pull(admin, V8), "customers", withValue)
                        .get("custom")
                        .get("passcode")
                        .asText())
                .isEqualTo("4321");
        // Required is the device's to enforce where a record is entered: the server keeps what it gets.
        assertThat(statuses(push(
                        admin,
                        V8,
                        Mutations.upsert("customers", UUID.randomUUID().toString())
                                .field("firstName", "Cy"))))
                .containsOnly("applied");
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndNothingIsStored() {
        long before = shopSeq();
        String token = admin.accessToken();
        assertProblem(
                rest(
                        "POST",
                        "/v1/custom-fields",
                        Map.of("entity", "tickets", "name", "problem", "type", "text"),
                        token),
                400,
                "name");
        assertProblem(
                rest(
                        "POST",
                        "/v1/custom-fields",
                        Map.of("entity", "appointments", "name", "room", "type", "text"),
                        token),
                400,
                "entity");
        assertProblem(
                rest(
                        "POST",
                        "/v1/custom-fields",
                        Map.of("entity", "employees", "name", "shoeSize", "type", "number"),
                        token),
                400,
                "entity");
        assertProblem(
                rest("POST", "/v1/custom-fields", Map.of("entity", "tickets", "name", "tint", "type", "colour"), token),
                400,
                "type");
        assertProblem(
                rest("POST", "/v1/custom-fields", Map.of("entity", "tickets", "name", "size", "type", "choice"), token),
                400,
                "choices");
        assertProblem(
                rest(
                        "POST",
                        "/v1/custom-fields",
                        Map.of("entity", "tickets", "name", "Bad-Name", "type", "text"),
                        token),
                400,
                "name");
        assertProblem(
                rest(
                        "POST",
                        "/v1/custom-fields",
                        Map.of("entity", "tickets", "name", "accessories", "type", "text"),
                        token),
                409,
                "name");
        assertProblem(
                rest(
                        "POST",
                        "/v1/custom-fields",
                        Map.of("entity", "tickets", "name", "loaner", "type", "yesNo"),
                        technician.accessToken()),
                403,
                null);
        assertProblem(
                rest("PATCH", "/v1/custom-fields/tickets/accessories", Map.of("label", "X"), technician.accessToken()),
                403,
                null);
        assertProblem(
                rest("PATCH", "/v1/custom-fields/tickets/accessories", Map.of("type", "number"), token), 400, "type");
        assertProblem(rest("PATCH", "/v1/custom-fields/tickets/nothing", Map.of("label", "X"), token), 404, null);

        String ticket = UUID.randomUUID().toString();
        push(admin, V8, ticket(ticket));
        long afterTicket = shopSeq();
        assertRejected(
                push(admin, V8, update(ticket, Map.of("accessories", 5))), "validation_failed", "custom.accessories");
        assertRejected(push(admin, V8, update(ticket, Map.of("color", "purple"))), "validation_failed", "custom.color");
        assertRejected(push(admin, V8, update(ticket, Map.of("nothing", "x"))), "invalid_field", "custom.nothing");
        assertRejected(
                push(admin, V8, Mutations.upsert("tickets", ticket).field("custom", "charger")),
                "validation_failed",
                "custom");
        assertRejected(push(technician, V8, declaration("tickets", "loaner", "yesNo")), "forbidden", null);
        assertRejected(
                push(technician, V8, update(ticket, Map.of("internalCost", 1))), "forbidden", "custom.internalCost");
        assertRejected(push(admin, V8, declaration("tickets", "status", "text")), "validation_failed", "name");
        assertRejected(push(admin, V8, declaration("appointments", "room", "text")), "validation_failed", "entity");
        assertRejected(
                push(
                        admin,
                        V8,
                        Mutations.upsert("customFields", UUID.randomUUID().toString())
                                .field("entity", "tickets")
                                .field("name", "loaner")
                                .field("label", "Loaner")
                                .field("type", "yesNo")),
                "validation_failed",
                "recordId");
        assertRejected(
                push(
                        admin,
                        V8,
                        Mutations.upsert("appointments", UUID.randomUUID().toString())
                                .field("customerId", customer)
                                .field("type", "drop_off")
                                .field("startsAt", "2027-01-04T10:00:00Z")
                                .field("custom", Map.of("room", "2"))),
                "invalid_field",
                "custom");
        assertThat(shopSeq()).as("nothing stored").isEqualTo(afterTicket).isEqualTo(before + 1);
    }

    @Test
    void aNewerDeviceNamingWhatTheServerLacksWaitsWholeAndNothingIsStored() {
        String ticket = UUID.randomUUID().toString();
        push(admin, V8, ticket(ticket));
        long before = shopSeq();
        Mutations mixed =
                Mutations.upsert("tickets", ticket).field("problem", "changed").field("warrantyUntil", "2027-06-01");
        assertRejected(push(admin, NEWER, mixed), "not_yet_known", "warrantyUntil");
        assertRejected(
                push(
                        admin,
                        NEWER,
                        Mutations.upsert("loanerDevices", UUID.randomUUID().toString())
                                .field("name", "x")),
                "not_yet_known",
                "entity");
        String group = UUID.randomUUID().toString();
        JsonNode grouped = push(
                admin,
                NEWER,
                Mutations.upsert("tickets", ticket)
                        .field("problem", "changed too")
                        .group(group),
                Mutations.upsert("tickets", ticket)
                        .field("warrantyUntil", "2027-06-01")
                        .group(group));
        assertThat(codes(grouped)).containsOnly("not_yet_known");
        assertThat(shopSeq()).as("nothing stored").isEqualTo(before);
        assertThat(record(pull(admin, V8), "tickets", ticket).get("problem").asText())
                .isEqualTo("screen");
        // The same from a device at the server's version is a bug, told so for good.
        assertRejected(push(admin, V8, mixed.id(UUID.randomUUID().toString())), "invalid_field", "warrantyUntil");
        // A newer device's change the server knows applies.
        assertThat(statuses(
                        push(admin, NEWER, Mutations.upsert("tickets", ticket).field("problem", "applied"))))
                .containsOnly("applied");
    }

    @Test
    void aVersion7DeviceSyncsAsBeforeAndLeavesCustomValuesAlone() {
        String ticket = UUID.randomUUID().toString();
        push(admin, V8, ticket(ticket).field("custom", Map.of("accessories", "charger")));
        assertThat(statuses(
                        push(technician, V7, Mutations.upsert("tickets", ticket).field("problem", "battery"))))
                .containsOnly("applied");
        assertRejected(push(technician, V7, declaration("tickets", "loaner", "yesNo")), "unknown_entity", "entity");
        JsonNode seen = record(pull(admin, V8), "tickets", ticket);
        assertThat(seen.get("problem").asText()).isEqualTo("battery");
        assertThat(seen.get("custom").get("accessories").asText()).isEqualTo("charger");
    }

    @Test
    void erasingACustomerClearsTheirCustomValuesEverywhere() {
        declare(Map.of("entity", "customers", "name", "idNumber", "type", "text"));
        String erased = UUID.randomUUID().toString();
        push(
                admin,
                V8,
                Mutations.upsert("customers", erased)
                        .field("firstName", "Eve")
                        .field("custom", Map.of("idNumber", "X-123456")));
        String stepUp = rest("POST", "/v1/auth/step-up", Map.of("password", TestServer.PASSWORD), admin.accessToken())
                .body()
                .path("stepUpToken")
                .asText();
        JsonHttp.Response erasure = rest(
                "POST", "/v1/records/customers/" + erased + "/erase", Map.of("stepUp", stepUp), admin.accessToken());
        assertThat(erasure.status()).as("%s", erasure).isEqualTo(200);

        assertThat(record(pull(admin, V8), "customers", erased).get("custom")).isEqualTo(json(Map.of()));
        JsonHttp.Response history =
                send("GET", "/v1/records/customers/" + erased + "/history", null, admin.accessToken(), V8);
        assertThat(history.body().toString()).doesNotContain("X-123456").contains("custom.idNumber");
        // A later write of the erased customer's own field loses, as a built-in personal field's does.
        JsonNode late =
                push(admin, V8, Mutations.upsert("customers", erased).field("custom", Map.of("idNumber", "again")));
        assertThat(late.get("results").get(0).get("superseded")).isEqualTo(json(List.of("custom.idNumber")));
        assertThat(record(pull(admin, V8), "customers", erased).get("custom")).isEqualTo(json(Map.of()));
    }

    @Test
    void aCommitCarriesCustomValuesToVersion8SocketsOnlyAndNoHiddenValueToAnySocket() {
        declare(Map.of("entity", "customers", "name", "nickname", "type", "text"));
        try (WsProbe current = socket(V8);
                WsProbe older = socket(V7)) {
            String bobby = UUID.randomUUID().toString();
            long cursor = push(
                            admin,
                            V8,
                            Mutations.upsert("customers", bobby)
                                    .field("firstName", "Bob")
                                    .field("custom", Map.of("nickname", "Bobby")))
                    .get("cursor")
                    .asLong();
            assertThat(carried(current, cursor).get("custom").get("nickname").asText())
                    .isEqualTo("Bobby");
            assertThat(carried(older, cursor).has("custom")).isFalse();

            // A ticket with a managers field's value: the newer sockets pull (as their role may see it).
            String ticket = UUID.randomUUID().toString();
            long next = push(admin, V8, ticket(ticket).field("custom", Map.of("internalCost", 900)))
                    .get("cursor")
                    .asLong();
            JsonNode heard = current.await(message -> message.path("cursor").asLong() == next, SOON);
            assertThat(heard.get("type").asText()).isEqualTo("cursor");
            assertThat(heard.toString()).doesNotContain("internalCost");
            assertThat(carried(older, next).has("custom")).isFalse();
        }
    }

    private static final java.time.Duration SOON = java.time.Duration.ofSeconds(10);

    /** A socket of a device of this wire version that has heard the shop's cursor. */
    private static WsProbe socket(int protocol) {
        WsProbe socket = WsProbe.connect(
                server.http().client(),
                server.realtimeUri(null),
                technician.accessToken(),
                Map.of(WireVersions.PROTOCOL_HEADER, Integer.toString(protocol)));
        socket.await(message -> message.path("type").asText().equals("cursor"), SOON);
        return socket;
    }

    /** The one record a commit's changes message carried to a socket. */
    private static JsonNode carried(WsProbe socket, long cursor) {
        JsonNode heard = socket.await(message -> message.path("cursor").asLong() == cursor, SOON);
        assertThat(heard.get("type").asText()).as("%s", heard).isEqualTo("changes");
        return heard.get("changes").get(0).get("record");
    }

    // Helpers: raw HTTP at a chosen wire version.

    private static Mutations ticket(String id) {
        return Mutations.upsert("tickets", id)
                .field("customerId", customer)
                .field("deviceType", "phone")
                .field("problem", "screen");
    }

    private static Mutations update(String ticket, Map<String, Object> custom) {
        return Mutations.upsert("tickets", ticket).field("custom", custom);
    }

    private static Mutations declaration(String entity, String name, String type) {
        return Mutations.upsert("customFields", CustomField.recordId(entity, name))
                .field("entity", entity)
                .field("name", name)
                .field("label", name)
                .field("type", type);
    }

    private static void declare(Map<String, Object> body) {
        JsonHttp.Response declared = rest("POST", "/v1/custom-fields", body, admin.accessToken());
        assertThat(declared.status()).as("%s", declared).isEqualTo(201);
        assertThat(declared.body().get("id").asText())
                .isEqualTo(CustomField.recordId((String) body.get("entity"), (String) body.get("name")));
    }

    private static JsonNode push(Device device, int protocol, Mutations... mutations) {
        List<ObjectNode> wire = new ArrayList<>();
        for (Mutations mutation : mutations) {
            ObjectNode node = mutation.build();
            node.put("hlc", device.nextHlc().toString());
            node.put("actorId", device.employeeId());
            wire.add(node);
        }
        JsonHttp.Response pushed = send(
                "POST",
                "/v1/sync/push",
                Map.of("deviceId", device.deviceId(), "mutations", wire),
                device.accessToken(),
                protocol);
        assertThat(pushed.status()).as("%s", pushed).isEqualTo(200);
        return pushed.body();
    }

    /** Every record the device pulls at this version, latest change by "entity/id". */
    private static Map<String, JsonNode> pull(Device device, int protocol) {
        Map<String, JsonNode> records = new HashMap<>();
        long cursor = 0;
        while (true) {
            JsonHttp.Response page =
                    send("GET", "/v1/sync/pull?limit=500&cursor=" + cursor, null, device.accessToken(), protocol);
            assertThat(page.status()).as("%s", page).isEqualTo(200);
            page.body()
                    .get("changes")
                    .forEach(change -> records.put(
                            change.get("entity").asText() + "/"
                                    + change.get("recordId").asText(),
                            change.get("record")));
            cursor = page.body().get("cursor").asLong();
            if (!page.body().get("hasMore").asBoolean()) {
                return records;
            }
        }
    }

    private static long shopSeq() {
        return send("GET", "/v1/sync/pull?limit=1&cursor=0", null, admin.accessToken(), V8)
                .body()
                .get("latestCursor")
                .asLong();
    }

    private static JsonNode record(Map<String, JsonNode> pulled, String entity, String id) {
        JsonNode record = pulled.get(entity + "/" + id);
        assertThat(record).as("%s/%s pulled", entity, id).isNotNull();
        return record;
    }

    private static List<String> historyFields(Device device, String ticket) {
        JsonHttp.Response history =
                send("GET", "/v1/records/tickets/" + ticket + "/history", null, device.accessToken(), V8);
        assertThat(history.status()).as("%s", history).isEqualTo(200);
        List<String> fields = new ArrayList<>();
        history.body().get("entries").forEach(entry -> entry.get("changes")
                .forEach(change -> fields.add(change.get("field").asText())));
        return fields;
    }

    private static List<String> names(JsonHttp.Response listed) {
        assertThat(listed.status()).as("%s", listed).isEqualTo(200);
        List<String> names = new ArrayList<>();
        listed.body().get("fields").forEach(field -> names.add(field.get("name").asText()));
        return names;
    }

    private static JsonHttp.Response rest(String method, String path, Object body, String token) {
        return send(method, path, body, token, V8);
    }

    private static JsonHttp.Response send(String method, String path, Object body, String token, int protocol) {
        HttpRequest.Builder request =
                server.http().request(path, token).header(WireVersions.PROTOCOL_HEADER, Integer.toString(protocol));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(
                            method,
                            HttpRequest.BodyPublishers.ofString(json(body).toString()));
        }
        return server.http().send(request.build());
    }

    private static void assertProblem(JsonHttp.Response response, int status, String field) {
        assertThat(response.status()).as("%s", response).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        if (field != null) {
            assertThat(response.body().path("field").asText())
                    .as("%s", response)
                    .isEqualTo(field);
        }
    }

    private static void assertRejected(JsonNode pushed, String code, String field) {
        JsonNode result = pushed.get("results").get(0);
        assertThat(result.get("status").asText()).as("%s", result).isEqualTo("rejected");
        assertThat(result.get("code").asText()).as("%s", result).isEqualTo(code);
        if (field != null) {
            assertThat(result.path("field").asText()).as("%s", result).isEqualTo(field);
        }
    }

    private static List<String> statuses(JsonNode pushed) {
        List<String> statuses = new ArrayList<>();
        pushed.get("results")
                .forEach(result -> statuses.add(result.get("status").asText()));
        return statuses;
    }

    private static List<String> codes(JsonNode pushed) {
        List<String> codes = new ArrayList<>();
        pushed.get("results").forEach(result -> codes.add(result.path("code").asText()));
        return codes;
    }

    /** A map that may hold nulls, in order: name, value, name, value... */
    private static Map<String, Object> nulls(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static JsonNode json(Object value) {
        return JsonHttp.JSON.valueToTree(value);
    }
}
