package com.repairsync.cli.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.cli.Terminal;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.schema.Schema;
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
    void aRowHasExactlyTheColumnsInOrderAndNullForMissingValues() {
        ObjectNode record =
                Terminal.object().put("lastName", "Lovelace").put("id", "x").put("pinHash", "secret");

        ObjectNode row = ExportColumns.select(record, List.of("id", "firstName", "lastName"));

        assertThat(row.toString()).isEqualTo("{\"id\":\"x\",\"firstName\":null,\"lastName\":\"Lovelace\"}");
    }
}
