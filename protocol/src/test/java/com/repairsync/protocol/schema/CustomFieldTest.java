package com.repairsync.protocol.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.Hlc;
import com.repairsync.protocol.Operation;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.Violation;
import com.repairsync.protocol.merge.Merge;
import com.repairsync.protocol.merge.MergeOutcome;
import com.repairsync.protocol.merge.MutationRules;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomFieldTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final CustomField ACCESSORIES = field("tickets", "accessories", CustomFieldType.TEXT, List.of());
    private static final CustomField DAMAGE =
            field("tickets", "damage", CustomFieldType.CHOICE, List.of("none", "minor", "severe"));
    private static final CustomField WARRANTY = field("tickets", "warrantyUntil", CustomFieldType.DATE, List.of());
    private static final CustomField COST = new CustomField(
            CustomField.recordId("tickets", "partsCost"),
            "tickets",
            "partsCost",
            "Parts cost",
            CustomFieldType.MONEY,
            List.of(),
            false,
            Visibility.MANAGERS,
            false,
            0);
    private static final CustomFieldSet SHOP = CustomFieldSet.of(List.of(ACCESSORIES, DAMAGE, WARRANTY, COST));

    private static CustomField field(String entity, String name, CustomFieldType type, List<String> choices) {
        return new CustomField(
                CustomField.recordId(entity, name),
                entity,
                name,
                name,
                type,
                choices,
                false,
                Visibility.EVERYONE,
                false,
                0);
    }

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text);
    }

    @Test
    void valuesAreCheckedByTheDeclarationAndKeyedInTheirNamespace() throws Exception {
        Map<String, Object> values = MutationRules.fields(
                Schema.TICKETS,
                json("{\"problem\":\"cracked\",\"custom\":{\"accessories\":\"charger\",\"damage\":\"minor\","
                        + "\"warrantyUntil\":\"2027-03-01\",\"partsCost\":1250}}"),
                SHOP);

        assertThat(values)
                .containsEntry("problem", "cracked")
                .containsEntry("custom.accessories", "charger")
                .containsEntry("custom.damage", "minor")
                .containsEntry("custom.warrantyUntil", "2027-03-01")
                .containsEntry("custom.partsCost", 1250L);
    }

    @Test
    void badValuesAreRefusedNamingTheField() {
        assertRefused("{\"custom\":{\"damage\":\"shattered\"}}", "custom.damage", ErrorCode.VALIDATION_FAILED);
        assertRefused("{\"custom\":{\"accessories\":12}}", "custom.accessories", ErrorCode.VALIDATION_FAILED);
        assertRefused(
                "{\"custom\":{\"warrantyUntil\":\"2027-02-30\"}}", "custom.warrantyUntil", ErrorCode.VALIDATION_FAILED);
        assertRefused("{\"custom\":{\"partsCost\":-1}}", "custom.partsCost", ErrorCode.VALIDATION_FAILED);
        assertRefused("{\"custom\":{\"nope\":\"x\"}}", "custom.nope", ErrorCode.INVALID_FIELD);
        assertRefused("{\"custom\":[\"x\"]}", "custom", ErrorCode.VALIDATION_FAILED);
        assertRefused("{\"custom.accessories\":\"x\"}", "custom.accessories", ErrorCode.INVALID_FIELD);
    }

    @Test
    void anEntityWithoutCustomFieldsRefusesTheMember() {
        assertThatThrownBy(() ->
                        MutationRules.fields(Schema.APPOINTMENTS, json("{\"custom\":{\"accessories\":\"x\"}}"), SHOP))
                .isInstanceOfSatisfying(
                        Violation.class, v -> assertThat(v.field()).isEqualTo("custom"));
    }

    private static void assertRefused(String fields, String field, ErrorCode code) {
        assertThatThrownBy(() -> MutationRules.fields(Schema.TICKETS, json(fields), SHOP))
                .isInstanceOfSatisfying(Violation.class, v -> {
                    assertThat(v.field()).isEqualTo(field);
                    assertThat(v.code()).isEqualTo(code);
                });
    }

    @Test
    void aDeclarationNamingABuiltInFieldOrAnEntityWithoutCustomFieldsIsRefused() {
        assertThatThrownBy(() -> CustomField.checkCreate(
                        declaration("tickets", "status", "text", null), CustomField.recordId("tickets", "status")))
                .isInstanceOfSatisfying(
                        Violation.class, v -> assertThat(v.field()).isEqualTo("name"));
        assertThatThrownBy(() -> CustomField.checkCreate(
                        declaration("tickets", "Bad name", "text", null), CustomField.recordId("tickets", "Bad name")))
                .isInstanceOfSatisfying(
                        Violation.class, v -> assertThat(v.field()).isEqualTo("name"));
        assertThatThrownBy(() -> CustomField.checkCreate(
                        declaration("employees", "shoeSize", "number", null),
                        CustomField.recordId("employees", "shoeSize")))
                .isInstanceOfSatisfying(
                        Violation.class, v -> assertThat(v.field()).isEqualTo("entity"));
        assertThatThrownBy(() -> CustomField.checkCreate(
                        declaration("tickets", "damage", "choice", null), CustomField.recordId("tickets", "damage")))
                .isInstanceOfSatisfying(
                        Violation.class, v -> assertThat(v.field()).isEqualTo("choices"));
        assertThatThrownBy(() -> CustomField.checkCreate(
                        declaration("tickets", "damage", "text", "a\nb"), CustomField.recordId("tickets", "damage")))
                .isInstanceOfSatisfying(
                        Violation.class, v -> assertThat(v.field()).isEqualTo("choices"));
        assertThatThrownBy(() -> CustomField.checkCreate(
                        declaration("tickets", "damage", "text", null), CustomField.recordId("tickets", "other")))
                .isInstanceOfSatisfying(
                        Violation.class, v -> assertThat(v.field()).isEqualTo("recordId"));
        CustomField.checkCreate(declaration("tickets", "damage", "choice", "none\nminor"), DAMAGE.id());
    }

    private static Map<String, Object> declaration(String entity, String name, String type, String choices) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("entity", entity);
        fields.put("name", name);
        fields.put("label", name);
        fields.put("type", type);
        if (choices != null) {
            fields.put("choices", choices);
        }
        return fields;
    }

    @Test
    void anEntityHoldsAtMostTheLimitOfFieldsRemovedOnesIncluded() {
        List<CustomField> fields = new java.util.ArrayList<>();
        for (int i = 0; i < CustomField.FIELDS_PER_ENTITY_LIMIT - 1; i++) {
            fields.add(field("tickets", "extra" + i, CustomFieldType.TEXT, List.of()));
        }
        CustomField.checkRoomFor("tickets", CustomFieldSet.of(fields));
        fields.add(new CustomField(
                CustomField.recordId("tickets", "gone"),
                "tickets",
                "gone",
                "Gone",
                CustomFieldType.TEXT,
                List.of(),
                false,
                Visibility.EVERYONE,
                true,
                0));
        assertThatThrownBy(() -> CustomField.checkRoomFor("tickets", CustomFieldSet.of(fields)))
                .isInstanceOfSatisfying(
                        Violation.class, v -> assertThat(v.field()).isEqualTo("name"));
        CustomField.checkRoomFor("customers", CustomFieldSet.of(fields));
    }

    @Test
    void theSameFieldDeclaredTwiceIsOneRecord() {
        assertThat(CustomField.recordId("tickets", "accessories"))
                .isEqualTo(CustomField.recordId("tickets", "accessories"))
                .isNotEqualTo(CustomField.recordId("customers", "accessories"))
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    @Test
    void choicesAddedAtOnceOnTwoDevicesBothStayWhicheverArrivesFirst() {
        Hlc created = new Hlc(1_000, 0, "a");
        Hlc first = new Hlc(2_000, 0, "a");
        Hlc second = new Hlc(3_000, 0, "b");
        Map<String, Object> create = declaration("tickets", "damage", "choice", "none\nminor");
        MergeOutcome made =
                Merge.apply(Schema.CUSTOM_FIELDS, null, Operation.UPSERT, create, Map.of(), created, DAMAGE.id());
        var one = Merge.apply(
                Schema.CUSTOM_FIELDS,
                made.state(),
                Operation.UPSERT,
                Map.of("choices", "none\nminor\nsevere"),
                Map.of(),
                first,
                DAMAGE.id());
        var both = Merge.apply(
                Schema.CUSTOM_FIELDS,
                one.state(),
                Operation.UPSERT,
                Map.of("choices", "none\nminor\ncracked"),
                Map.of(),
                second,
                DAMAGE.id());
        var otherOrder = Merge.apply(
                Schema.CUSTOM_FIELDS,
                Merge.apply(
                                Schema.CUSTOM_FIELDS,
                                made.state(),
                                Operation.UPSERT,
                                Map.of("choices", "none\nminor\ncracked"),
                                Map.of(),
                                second,
                                DAMAGE.id())
                        .state(),
                Operation.UPSERT,
                Map.of("choices", "none\nminor\nsevere"),
                Map.of(),
                first,
                DAMAGE.id());

        assertThat(CustomField.choiceLines((String) both.state().value("choices")))
                .containsExactly("none", "minor", "severe", "cracked");
        assertThat(CustomField.choiceLines((String) otherOrder.state().value("choices")))
                .containsExactlyInAnyOrder("none", "minor", "severe", "cracked");
        assertThat(both.state().fieldHlcs().get("choices")).isEqualTo(second);
    }

    @Test
    void customValuesMergePerFieldAndAnErasedCustomersValuesStayErased() {
        Hlc created = new Hlc(1_000, 0, "a");
        String id = "6f1c2d3e-0000-4000-8000-000000000001";
        var ticket = Merge.apply(
                        Schema.TICKETS,
                        null,
                        Operation.UPSERT,
                        Map.of(
                                "customerId",
                                id,
                                "deviceType",
                                "phone",
                                "problem",
                                "cracked",
                                "custom.accessories",
                                "case"),
                        Map.of(),
                        created,
                        id)
                .state();
        var later = Merge.apply(
                Schema.TICKETS,
                ticket,
                Operation.UPSERT,
                Map.of("custom.damage", "minor"),
                Map.of(),
                new Hlc(3_000, 0, "b"),
                id);
        var older = Merge.apply(
                Schema.TICKETS,
                later.state(),
                Operation.UPSERT,
                Map.of("custom.accessories", "charger", "custom.damage", "none"),
                Map.of(),
                new Hlc(2_000, 0, "c"),
                id);
        assertThat(older.state().values())
                .containsEntry("custom.accessories", "charger")
                .containsEntry("custom.damage", "minor");
        assertThat(older.superseded()).containsExactly("custom.damage");

        var customer = Merge.apply(
                        Schema.CUSTOMERS,
                        null,
                        Operation.UPSERT,
                        Map.of("firstName", "Ann", "custom.loyalty", "gold"),
                        Map.of(),
                        created,
                        id)
                .state();
        var erased = new com.repairsync.protocol.merge.RecordState(
                Map.of("firstName", "(erased)"), customer.fieldHlcs(), false, null, true);
        var write = Merge.apply(
                Schema.CUSTOMERS,
                erased,
                Operation.UPSERT,
                Map.of("custom.loyalty", "silver"),
                Map.of(),
                new Hlc(9_000, 0, "d"),
                id);
        assertThat(write.state().value("custom.loyalty")).isNull();
    }

    @Test
    void aRemovedFieldStillTakesValuesAndManagersOnlyValuesAreHiddenFromOthers() throws Exception {
        CustomField removed = new CustomField(
                ACCESSORIES.id(),
                "tickets",
                "accessories",
                "Accessories",
                CustomFieldType.TEXT,
                List.of(),
                false,
                Visibility.EVERYONE,
                true,
                0);
        CustomFieldSet shop = SHOP.with(removed);
        assertThat(shop.parseValues(Schema.TICKETS, json("{\"accessories\":\"case\"}")))
                .containsEntry("custom.accessories", "case");
        assertThat(shop.active("tickets")).extracting(CustomField::name).doesNotContain("accessories");
        assertThat(shop.hidesFrom("tickets", Role.TECHNICIAN)).isTrue();
        assertThat(shop.hidesFrom("tickets", Role.MANAGER)).isFalse();
        assertThat(shop.visibleTo("tickets", Role.FRONT_DESK))
                .extracting(CustomField::name)
                .doesNotContain("partsCost");
    }

    @Test
    void aDeclarationRecordReadsBackAndOneOfANewerVersionIsLeftUnread() throws Exception {
        CustomField read = CustomField.fromRecord(
                        DAMAGE.id(),
                        json("{\"entity\":\"tickets\",\"name\":\"damage\","
                                + "\"label\":\"Damage\",\"type\":\"choice\",\"choices\":\"none\\nminor\",\"required\":true,"
                                + "\"visibleTo\":\"managers\",\"removed\":false,\"position\":3}"))
                .orElseThrow();
        assertThat(read.choices()).containsExactly("none", "minor");
        assertThat(read.required()).isTrue();
        assertThat(read.visibility()).isEqualTo(Visibility.MANAGERS);
        assertThat(read.position()).isEqualTo(3);
        assertThat(CustomField.fromRecord("x", json("{\"entity\":\"tickets\",\"name\":\"geo\",\"type\":\"location\"}")))
                .isEmpty();
    }
}
