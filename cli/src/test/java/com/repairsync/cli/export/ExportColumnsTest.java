package com.repairsync.cli.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.cli.Terminal;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.schema.CustomField;
import com.repairsync.protocol.schema.CustomFieldType;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.protocol.schema.Visibility;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportColumnsTest {
    @Test
    void columnsComeFromTheDeclarationAndHiddenFieldsAreLeftOut() {
        List<String> manager = ExportColumns.of(Schema.EMPLOYEES, List.of(Role.MANAGER));
        List<String> technician = ExportColumns.of(Schema.EMPLOYEES, List.of(Role.TECHNICIAN));
        List<String> managerActingAsTechnician =
                ExportColumns.of(Schema.EMPLOYEES, List.of(Role.MANAGER, Role.TECHNICIAN));

        assertThat(manager)
                .containsExactly(
                        "id",
                        "firstName",
                        "lastName",
                        "email",
                        "role",
                        "hourlyRateCents",
                        "hasPin",
                        "active",
                        "createdAt",
                        "updatedAt",
                        "syncStatus");
        assertThat(technician).doesNotContain("hourlyRateCents", "hasPin", "pinHash");
        assertThat(managerActingAsTechnician).isEqualTo(technician);
        assertThat(ExportColumns.of(Schema.INVENTORY_ITEMS, List.of(Role.TECHNICIAN)))
                .contains("quantity", "costCents", "priceCents");
    }

    @Test
    void everyEntityHasItsId() {
        Schema.entities().forEach(type -> assertThat(ExportColumns.of(type, List.of(Role.ADMIN)))
                .startsWith("id")
                .endsWith("syncStatus"));
    }

    @Test
    void theShopsOwnFieldsAreColumnsAfterTheDeclaredOnesUnlessHidden() {
        CustomField accessories = field("accessories", Visibility.EVERYONE, true);
        CustomField margin = field("margin", Visibility.MANAGERS, false);

        List<String> manager = ExportColumns.of(Schema.TICKETS, List.of(Role.MANAGER), List.of(accessories, margin));
        List<String> technician =
                ExportColumns.of(Schema.TICKETS, List.of(Role.ADMIN, Role.TECHNICIAN), List.of(accessories, margin));

        assertThat(manager.subList(manager.indexOf("notes"), manager.size()))
                .containsExactly(
                        "notes", "custom.accessories", "custom.margin", "createdAt", "updatedAt", "syncStatus");
        assertThat(technician).contains("custom.accessories").doesNotContain("custom.margin");
    }

    @Test
    void aCustomColumnIsReadFromTheRecordsCustomMember() {
        ObjectNode record = Terminal.object().put("id", "x");
        record.putObject("custom").put("accessories", "charger, case").put("waterDamage", true);

        ObjectNode row =
                ExportColumns.select(record, List.of("id", "custom.accessories", "custom.waterDamage", "custom.gone"));

        assertThat(row.toString())
                .isEqualTo("{\"id\":\"x\",\"custom.accessories\":\"charger, case\",\"custom.waterDamage\":true,"
                        + "\"custom.gone\":null}");
    }

    private static CustomField field(String name, Visibility visibility, boolean removed) {
        return new CustomField(
                CustomField.recordId("tickets", name),
                "tickets",
                name,
                name,
                CustomFieldType.TEXT,
                List.of(),
                false,
                visibility,
                removed,
                0);
    }

    @Test
    void aRowHasExactlyTheColumnsInOrderAndNullForMissingValues() {
        ObjectNode record =
                Terminal.object().put("lastName", "Lovelace").put("id", "x").put("pinHash", "secret");

        ObjectNode row = ExportColumns.select(record, List.of("id", "firstName", "lastName"));

        assertThat(row.toString()).isEqualTo("{\"id\":\"x\",\"firstName\":null,\"lastName\":\"Lovelace\"}");
    }
}
