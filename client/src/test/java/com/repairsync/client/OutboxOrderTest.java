package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.client.internal.LocalDatabase;
import com.repairsync.client.internal.TestKeys;
import com.repairsync.protocol.Mutation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox drains by entity priority without ever reordering a record or outrunning a reference. */
class OutboxOrderTest {
    @TempDir
    Path dir;

    private RepairSyncDevice device(ScriptedTransport transport, int batchSize) {
        return transport.joinedDevice(dir.resolve("device.db"), batchSize);
    }

    private static List<String> entities(List<Mutation> mutations) {
        return mutations.stream().map(m -> m.entity() + ":" + m.op()).toList();
    }

    @Test
    void ticketsGoBeforeBulkInventoryButAfterTheCustomerTheyName() {
        ScriptedTransport transport = new ScriptedTransport();
        try (RepairSyncDevice device = device(transport, 2)) {
            for (int i = 0; i < 3; i++) {
                device.inventoryItems().create(Map.of("sku", "SKU-" + i, "name", "Part " + i, "quantity", 10));
            }
            String customer = device.customers().create(Map.of("firstName", "Ada"));
            device.tickets().create(Map.of("customerId", customer, "deviceType", "phone", "problem", "screen"));
            device.syncNow();

            assertThat(entities(transport.pushes.get(0).mutations()))
                    .containsExactly("customers:upsert", "tickets:upsert");
            assertThat(transport.pushes.subList(1, transport.pushes.size()))
                    .allSatisfy(push ->
                            assertThat(entities(push.mutations())).allMatch(e -> e.startsWith("inventoryItems")));
        }
    }

    @Test
    void aTicketNeverGoesBeforeTheCustomerItNamesWhenTheyDoNotFitOneBatch() {
        ScriptedTransport transport = new ScriptedTransport();
        try (RepairSyncDevice device = device(transport, 1)) {
            String customer = device.customers().create(Map.of("firstName", "Ada"));
            device.tickets().create(Map.of("customerId", customer, "deviceType", "phone", "problem", "screen"));
            device.syncNow();

            assertThat(transport.pushes)
                    .as("the ticket comes first by priority, but cannot go before its customer, which fits alone")
                    .extracting(push -> entities(push.mutations()))
                    .containsExactly(List.of("customers:upsert"), List.of("tickets:upsert"));
        }
    }

    @Test
    void mutationsQueuedBeforeReferenceFieldsWereStoredStillBringTheirCustomer() throws SQLException {
        ScriptedTransport transport = new ScriptedTransport();
        Path file = dir.resolve("device.db");
        try (RepairSyncDevice device = device(transport, 1)) {
            String customer = device.customers().create(Map.of("firstName", "Ada"));
            device.tickets().create(Map.of("customerId", customer, "deviceType", "phone", "problem", "screen"));
        }
        try (Connection db = LocalDatabase.connect(file, TestKeys.vault());
                Statement statement = db.createStatement()) {
            // as a device that queued these before the column existed (V1) has them
            assertThat(statement.executeUpdate("UPDATE outbox SET reference_fields = NULL"))
                    .isEqualTo(2);
        }
        try (RepairSyncDevice device = RepairSyncDevice.open(
                file,
                "http://unused",
                DeviceOptions.defaults()
                        .withAutoSync(false)
                        .withBatchSize(1)
                        .withTransport((url, tokens) -> transport))) {
            device.syncNow();
        }

        assertThat(transport.pushes)
                .extracting(push -> entities(push.mutations()))
                .containsExactly(List.of("customers:upsert"), List.of("tickets:upsert"));
    }

    @Test
    void aRecordsMutationsKeepTheirOrderAndAGroupStaysWhole() {
        ScriptedTransport transport = new ScriptedTransport();
        try (RepairSyncDevice device = device(transport, 3)) {
            String item = device.inventoryItems().create(Map.of("sku", "BAT", "name", "Battery", "quantity", 5));
            String customer = device.customers().create(Map.of("firstName", "Ada"));
            String ticket = device.tickets()
                    .create(Map.of("customerId", customer, "deviceType", "phone", "problem", "battery"));
            device.tickets().addPart(ticket, item, 1, 4900L);
            device.syncNow();

            List<String> order = transport.pushes.stream()
                    .flatMap(push -> push.mutations().stream())
                    .map(m -> m.entity() + ":" + m.op())
                    .toList();
            assertThat(order.indexOf("inventoryItems:upsert")).isLessThan(order.indexOf("inventoryItems:adjust"));
            assertThat(order.indexOf("tickets:upsert")).isLessThan(order.indexOf("ticketParts:upsert"));
            for (var push : transport.pushes) {
                long grouped = push.mutations().stream()
                        .filter(m -> m.groupId() != null)
                        .count();
                assertThat(grouped).as("a group is never split across pushes").isIn(0L, 2L);
            }
            assertThat(device.inventoryItems().get(item).orElseThrow().quantity())
                    .isEqualTo(4);
            assertThat(device.status(
                            "ticketParts",
                            device.ticketParts().ofTicket(ticket).get(0).id()))
                    .isEqualTo(SyncStatus.SYNCED);
        }
    }
}
