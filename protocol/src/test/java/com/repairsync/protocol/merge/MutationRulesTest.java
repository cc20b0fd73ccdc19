package com.repairsync.protocol.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.Violation;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.Fields;
import com.repairsync.protocol.schema.Schema;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MutationRulesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String UUID = "6f1c2d3e-0000-4000-8000-000000000001";

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static ObjectNode one(String field, JsonNode value) {
        ObjectNode node = NODES.objectNode();
        node.set(field, value);
        return node;
    }

    private static Violation violation(Executable executable) {
        Violation violation = catchThrowableOfType(Violation.class, executable::execute);
        assertThat(violation).as("expected a Violation").isNotNull();
        return violation;
    }

    private static void assertRefused(EntityType type, ObjectNode fields, ErrorCode code, String field) {
        Violation violation = violation(() -> MutationRules.fields(type, fields));
        assertThat(violation.code()).as("code for %s", fields).isEqualTo(code);
        assertThat(violation.field()).as("field for %s", fields).isEqualTo(field);
        assertThat(violation.getMessage()).as("message for %s", fields).contains(field);
    }

    // ---- server-owned and unknown fields ------------------------------------------------------

    static Stream<Arguments> serverOwnedFieldsOfEveryEntity() {
        return Schema.entities().stream()
                .flatMap(entity -> Stream.of("id", "shopId", "seq", "deleted", "createdAt", "updatedAt", "version")
                        .map(field -> Arguments.of(entity.name(), field)));
    }

    @ParameterizedTest(name = "{0}.{1}")
    @MethodSource("serverOwnedFieldsOfEveryEntity")
    void serverOwnedFieldsAreInvalidFields(String entity, String field) {
        EntityType type = Schema.entity(entity).orElseThrow();
        ObjectNode fields = one(field, NODES.textNode(UUID));

        assertRefused(type, fields, ErrorCode.INVALID_FIELD, field);
    }

    @Test
    void serverOwnedFieldsAreTheDocumentedSet() {
        assertThat(Schema.SERVER_OWNED_FIELDS)
                .containsExactlyInAnyOrder("id", "shopId", "seq", "deleted", "createdAt", "updatedAt", "version");
    }

    @Test
    void serverOwnedNamesAreRefusedEvenIfAnEntityDeclaredThem() {
        EntityType careless = EntityType.named("careless", "careless")
                .field(Fields.text("id"))
                .field(Fields.integer("version", 0, 10))
                .field(Fields.text("label"))
                .build();

        assertRefused(careless, json("{'id': '" + UUID + "'}"), ErrorCode.INVALID_FIELD, "id");
        assertRefused(careless, json("{'version': 3}"), ErrorCode.INVALID_FIELD, "version");
        assertThat(MutationRules.fields(careless, json("{'label': 'ok'}"))).containsEntry("label", "ok");
    }

    @Test
    void serverOwnedFieldIsRefusedEvenAmongValidFields() {
        assertRefused(
                Schema.CUSTOMERS,
                json("{'firstName': 'Ann', 'shopId': '" + UUID + "'}"),
                ErrorCode.INVALID_FIELD,
                "shopId");
    }

    @ParameterizedTest
    @ValueSource(strings = {"colour", "FirstName", "first_name", "", "quantity"})
    void undeclaredFieldsAreInvalidFields(String field) {
        assertRefused(Schema.CUSTOMERS, one(field, NODES.textNode("x")), ErrorCode.INVALID_FIELD, field);
    }

    // ---- types --------------------------------------------------------------------------------

    static Stream<Arguments> wrongValues() {
        String tooLong = "x".repeat(101);
        return Stream.of(
                // text
                Arguments.of("customers", "firstName", NODES.numberNode(5)),
                Arguments.of("customers", "firstName", NODES.booleanNode(true)),
                Arguments.of("customers", "firstName", NODES.textNode(tooLong)),
                Arguments.of("customers", "firstName", NODES.textNode("   ")),
                Arguments.of("customers", "firstName", NODES.nullNode()),
                Arguments.of("customers", "lastName", NODES.objectNode()),
                Arguments.of("customers", "lastName", NODES.arrayNode()),
                // email
                Arguments.of("customers", "email", NODES.textNode("not-an-email")),
                Arguments.of("customers", "email", NODES.textNode("ann@example")),
                Arguments.of("customers", "email", NODES.textNode("ann smith@example.com")),
                Arguments.of("customers", "email", NODES.textNode("a@b@example.com")),
                Arguments.of("customers", "email", NODES.numberNode(1)),
                // enum
                Arguments.of("tickets", "status", NODES.textNode("done")),
                Arguments.of("tickets", "status", NODES.textNode("CHECKED_IN")),
                Arguments.of("tickets", "status", NODES.textNode("")),
                Arguments.of("tickets", "priority", NODES.numberNode(1)),
                Arguments.of("employees", "role", NODES.textNode("owner")),
                Arguments.of("employees", "role", NODES.nullNode()),
                Arguments.of("appointments", "type", NODES.textNode("walk_in")),
                // reference
                Arguments.of("tickets", "customerId", NODES.textNode("not-a-uuid")),
                Arguments.of("tickets", "customerId", NODES.textNode("6f1c2d3e00004000800000000000000100")),
                Arguments.of("tickets", "customerId", NODES.textNode("6f1c2d3e-0000-4000-8000-00000000000g")),
                Arguments.of("tickets", "customerId", NODES.textNode(UUID + "0")),
                Arguments.of("tickets", "customerId", NODES.numberNode(42)),
                Arguments.of("tickets", "assignedEmployeeId", NODES.textNode("")),
                // integer bounds
                Arguments.of("ticketParts", "quantity", NODES.numberNode(0)),
                Arguments.of("ticketParts", "quantity", NODES.numberNode(10_001)),
                Arguments.of("ticketParts", "quantity", NODES.numberNode(1.5)),
                Arguments.of("ticketParts", "quantity", NODES.numberNode(2.0)),
                Arguments.of("ticketParts", "quantity", NODES.textNode("2")),
                Arguments.of("ticketParts", "quantity", NODES.numberNode(new BigInteger("99999999999999999999"))),
                Arguments.of("appointments", "durationMinutes", NODES.numberNode(24 * 60 + 1)),
                Arguments.of("inventoryItems", "reorderLevel", NODES.numberNode(-1)),
                // money
                Arguments.of("tickets", "estimateCents", NODES.numberNode(-1)),
                Arguments.of("tickets", "finalPriceCents", NODES.numberNode(1_000_000_001L)),
                Arguments.of("tickets", "estimateCents", NODES.numberNode(12.5)),
                Arguments.of("tickets", "estimateCents", NODES.textNode("100")),
                // counter value on create
                Arguments.of("inventoryItems", "quantity", NODES.numberNode(1_000_000_001L)),
                Arguments.of("inventoryItems", "quantity", NODES.textNode("5")),
                // instant
                Arguments.of("tickets", "dueAt", NODES.textNode("2026-11-24")),
                Arguments.of("tickets", "dueAt", NODES.textNode("2026-11-24T15:30:00")),
                Arguments.of("tickets", "dueAt", NODES.textNode("tomorrow")),
                Arguments.of("tickets", "dueAt", NODES.numberNode(1_732_451_234_567L)),
                Arguments.of("appointments", "startsAt", NODES.nullNode()),
                // boolean
                Arguments.of("employees", "active", NODES.textNode("true")),
                Arguments.of("employees", "active", NODES.numberNode(1)));
    }

    @ParameterizedTest(name = "{0}.{1} = {2}")
    @MethodSource("wrongValues")
    void wrongValuesAreValidationFailedNamingTheField(String entity, String field, JsonNode value) {
        assertRefused(Schema.entity(entity).orElseThrow(), one(field, value), ErrorCode.VALIDATION_FAILED, field);
    }

    @Test
    void validValuesBecomeCanonical() {
        Map<String, Object> ticket = MutationRules.fields(
                Schema.TICKETS,
                json("{'customerId': '6F1C2D3E-0000-4000-8000-00000000000A', 'deviceType': 'phone',"
                        + " 'problem': 'screen', 'status': 'ready', 'estimateCents': 0,"
                        + " 'finalPriceCents': 1000000000, 'dueAt': '2026-11-24T15:30:00.123456Z',"
                        + " 'notes': null}"));

        assertThat(ticket)
                .containsEntry("customerId", "6f1c2d3e-0000-4000-8000-00000000000a")
                .containsEntry("deviceType", "phone")
                .containsEntry("status", "ready")
                .containsEntry("estimateCents", 0L)
                .containsEntry("finalPriceCents", 1_000_000_000L)
                .containsEntry("dueAt", Instant.parse("2026-11-24T15:30:00.123Z"))
                .containsEntry("notes", null);
    }

    @Test
    void otherTypesBecomeCanonical() {
        Map<String, Object> customer =
                MutationRules.fields(Schema.CUSTOMERS, json("{'firstName': 'Ann', 'email': 'Ann.Smith@Example.COM'}"));
        Map<String, Object> employee =
                MutationRules.fields(Schema.EMPLOYEES, json("{'role': 'front_desk', 'active': false}"));
        Map<String, Object> part = MutationRules.fields(Schema.TICKET_PARTS, json("{'quantity': 10000}"));
        Map<String, Object> item = MutationRules.fields(Schema.INVENTORY_ITEMS, json("{'quantity': -3}"));

        assertThat(customer).containsEntry("email", "ann.smith@example.com");
        assertThat(employee).containsEntry("role", "front_desk").containsEntry("active", Boolean.FALSE);
        assertThat(part).containsEntry("quantity", 10_000L);
        assertThat(item).containsEntry("quantity", -3L);
        assertThat(MutationRules.fields(Schema.CUSTOMERS, null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "6f1c2d3e0-000-4000-8000-000000000000", // dash moved: becomes f1c2d3e0-0000-4000-8000-000000000000
                "+f1c2d3e-0000-4000-8000-000000000000", // sign: becomes 0f1c2d3e-0000-4000-8000-000000000000
                "0000000000000000000000000000-0-0-0-1" // becomes 00000000-0000-0000-0000-000000000001
            })
    void malformedUuidsAreRefusedNotRewritten(String text) {
        assertRefused(
                Schema.TICKETS, one("customerId", NODES.textNode(text)), ErrorCode.VALIDATION_FAILED, "customerId");
    }

    // ---- deltas -------------------------------------------------------------------------------

    @Test
    void deltasOfCountersAreAccepted() {
        Map<String, Long> deltas = new LinkedHashMap<>();
        deltas.put("quantity", -1L);

        assertThat(MutationRules.deltas(Schema.INVENTORY_ITEMS, deltas)).containsExactly(Map.entry("quantity", -1L));
        assertThat(MutationRules.deltas(Schema.INVENTORY_ITEMS, Map.of("quantity", 1_000_000_000L)))
                .containsEntry("quantity", 1_000_000_000L);
    }

    @Test
    void deltasOnlyForCounters() {
        for (Map.Entry<EntityType, String> notCounter : List.of(
                Map.entry(Schema.INVENTORY_ITEMS, "reorderLevel"),
                Map.entry(Schema.INVENTORY_ITEMS, "priceCents"),
                Map.entry(Schema.TICKET_PARTS, "quantity"),
                Map.entry(Schema.TICKETS, "estimateCents"))) {
            Violation violation =
                    violation(() -> MutationRules.deltas(notCounter.getKey(), Map.of(notCounter.getValue(), 1L)));

            assertThat(violation.code()).as("%s", notCounter).isEqualTo(ErrorCode.INVALID_FIELD);
            assertThat(violation.field()).isEqualTo(notCounter.getValue());
            assertThat(violation.getMessage()).contains(notCounter.getValue());
        }
    }

    @Test
    void deltasOfUnknownOrServerOwnedFieldsAreInvalidFields() {
        for (String field : List.of("stock", "seq", "version")) {
            Violation violation = violation(() -> MutationRules.deltas(Schema.INVENTORY_ITEMS, Map.of(field, 1L)));

            assertThat(violation.code()).isEqualTo(ErrorCode.INVALID_FIELD);
            assertThat(violation.field()).isEqualTo(field);
        }
    }

    @Test
    void anAdjustNeedsDeltas() {
        for (Map<String, Long> deltas : java.util.Arrays.<Map<String, Long>>asList(null, Map.of())) {
            Violation violation = violation(() -> MutationRules.deltas(Schema.INVENTORY_ITEMS, deltas));

            assertThat(violation.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(violation.field()).isEqualTo("deltas");
        }
    }

    @Test
    void deltasOutOfBoundsOrNullAreValidationFailed() {
        Map<String, Long> nullDelta = new HashMap<>();
        nullDelta.put("quantity", null);

        for (Map<String, Long> deltas :
                List.of(Map.of("quantity", 1_000_000_001L), Map.of("quantity", -1_000_000_001L), nullDelta)) {
            Violation violation = violation(() -> MutationRules.deltas(Schema.INVENTORY_ITEMS, deltas));

            assertThat(violation.code()).as("%s", deltas).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(violation.field()).isEqualTo("quantity");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "priority"})
    void aFieldWithADefaultMayNotBeSetToNull(String field) {
        assertRefused(Schema.TICKETS, json("{\"" + field + "\": null}"), ErrorCode.VALIDATION_FAILED, field);
    }

    @Test
    void anOptionalFieldWithoutADefaultMayBeCleared() {
        assertThat(MutationRules.fields(Schema.TICKETS, json("{\"notes\": null}")))
                .containsEntry("notes", null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\ud800", "a\udc00b", "end \ud83d", "\ude00\ud83d", "ok \ud83d\ude00 then \udbff"})
    void textWithAnUnpairedSurrogateIsRefusedNamingTheField(String text) {
        assertRefused(
                Schema.entity("customers").orElseThrow(),
                one("notes", NODES.textNode(text)),
                ErrorCode.VALIDATION_FAILED,
                "notes");
        assertRefused(
                Schema.entity("customers").orElseThrow(),
                one("firstName", NODES.textNode(text)),
                ErrorCode.VALIDATION_FAILED,
                "firstName");
    }

    @Test
    void anUnpairedSurrogateEscapedInJsonIsRefusedAndAPairIsKept() {
        EntityType customers = Schema.entity("customers").orElseThrow();
        assertRefused(customers, json("{'firstName': 'Ann\\ud800'}"), ErrorCode.VALIDATION_FAILED, "firstName");
        assertRefused(customers, json("{'email': 'a\\udfff@b.test'}"), ErrorCode.VALIDATION_FAILED, "email");

        Map<String, Object> kept = MutationRules.fields(customers, json("{'firstName': 'Ann \\ud83d\\ude00'}"));
        assertThat(kept.get("firstName")).isEqualTo("Ann \ud83d\ude00");
    }
}
