package com.repairsync.server.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.protocol.HistoryEntry;
import com.repairsync.protocol.Hlc;
import com.repairsync.protocol.JsonMappers;
import com.repairsync.protocol.Operation;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.WireVersions;
import com.repairsync.protocol.merge.RecordState;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.server.store.HistoryRow;
import com.repairsync.server.store.StoreTx;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** History rows as a push writes them: values in wire form, declared order, secrets without values. */
class HistoryChangesTest {
    private static final Hlc HLC = Hlc.parse("001764000000000-00000-device");
    private static final Instant AT = Instant.parse("2026-11-24T15:30:00.000Z");
    private static final EntityType ITEMS = Schema.INVENTORY_ITEMS;

    @Test
    void aCreateListsEveryFieldItSetInWireFormAndDeclaredOrder() throws Exception {
        RecordState ticket = state(Map.of(
                "problem",
                "won't \"boot\"\nat all ✓",
                "customerId",
                "6f1c2d3e-0000-4000-8000-000000000000",
                "estimateCents",
                14900L,
                "dueAt",
                Instant.parse("2026-12-01T09:00:00Z")));

        try (HistoryChanges changes = new HistoryChanges()) {
            JsonNode json = JsonMappers.shared().readTree(changes.created(Schema.TICKETS, ticket));

            assertThat(json.findValuesAsText("field"))
                    .containsExactly("customerId", "problem", "estimateCents", "dueAt");
            assertThat(json.get(1).get("to").textValue()).isEqualTo("won't \"boot\"\nat all ✓");
            assertThat(json.get(1).has("from"))
                    .as("a create is stored without from: null")
                    .isFalse();
            assertThat(json.get(2).get("to").isIntegralNumber()).isTrue();
            assertThat(json.get(2).get("to").longValue()).isEqualTo(14900L);
            assertThat(json.get(3).get("to").textValue()).isEqualTo("2026-12-01T09:00:00.000Z");
        }
    }

    @Test
    void aCompactCreateReadsAsEveryFieldSetFromNullAsARowWrittenBeforeIt() throws Exception {
        RecordState employee = state(Map.of("firstName", "Ada", "pinHash", "$argon2id$x", "hourlyRateCents", 2500L));
        String compact;
        try (HistoryChanges changes = new HistoryChanges()) {
            compact = changes.created(Schema.EMPLOYEES, employee);
        }
        String before = "[{\"field\":\"firstName\",\"from\":null,\"to\":\"Ada\"},"
                + "{\"field\":\"hourlyRateCents\",\"from\":null,\"to\":2500},"
                + "{\"field\":\"pinHash\",\"changed\":true}]";
        assertThat(compact).doesNotContain("from").contains("\"changed\":true").doesNotContain("argon2id");

        String shownNow = JsonMappers.shared().writeValueAsString(read(ChangeHistory.CREATE, compact));
        String shownBefore = JsonMappers.shared().writeValueAsString(read(ChangeHistory.CREATE, before));

        assertThat(shownNow).isEqualTo(shownBefore).contains("\"from\":null,\"to\":\"Ada\"");
        String update = "[{\"field\":\"firstName\",\"to\":\"Ada\"}]"; // only a create's from is put back
        assertThat(JsonMappers.shared().writeValueAsString(read(ChangeHistory.UPDATE, update)))
                .doesNotContain("from");
    }

    /** What an admin reading the record's history is shown of a stored row. */
    private static HistoryEntry read(String op, String changesJson) {
        HistoryRow row =
                new HistoryRow("shop", 7, "employees", "e1", op, "ann", "device", HLC.toString(), AT, changesJson);
        return HistoryReader.entry(row, Role.ADMIN, WireVersions.CURRENT).orElseThrow();
    }

    @Test
    void anUpdateListsOnlyTheFieldsWhoseValueChangedAndNeverASecretsValue() throws Exception {
        RecordState before = state(
                Map.of("firstName", "Ada", "role", "technician", "hourlyRateCents", 2500L, "pinHash", "$argon2id$old"));
        RecordState after = state(Map.of(
                "firstName", "Ada",
                "role", "technician",
                "hourlyRateCents", 3000L,
                "pinHash", "$argon2id$new",
                "active", false));

        try (HistoryChanges changes = new HistoryChanges()) {
            String text = changes.updated(Schema.EMPLOYEES, before, after);

            assertThat(text)
                    .isEqualTo("[{\"field\":\"hourlyRateCents\",\"from\":2500,\"to\":3000},"
                            + "{\"field\":\"pinHash\",\"changed\":true},"
                            + "{\"field\":\"active\",\"from\":null,\"to\":false}]");
            assertThat(changes.updated(Schema.EMPLOYEES, after, after)).isEqualTo("[]");
        }
    }

    @Test
    void rowsOfOneBatchAreEachTheirOwnArrayAndARolledBackUnitLeavesNone() {
        List<HistoryRow> stored = new ArrayList<>();
        StoreTx tx = storing(stored);
        RecordState item = state(Map.of("sku", "A1", "name", "Screen", "quantity", 5L));
        RecordState taken = state(Map.of("sku", "A1", "name", "Screen", "quantity", 3L));
        Map<String, Long> minusTwo = Map.of("quantity", -2L);

        try (ChangeHistory history = new ChangeHistory("shop", "device")) {
            history.applied(ITEMS, "i1", Operation.UPSERT, null, item, Map.of(), "ann", HLC, 7, AT);
            history.unitEnded(false);
            history.applied(ITEMS, "i1", Operation.ADJUST, item, taken, minusTwo, "ann", HLC, 8, AT);
            history.applied(ITEMS, "i1", Operation.DELETE, taken, taken, Map.of(), "ann", HLC, 9, AT);
            history.unitEnded(true);
            history.applied(ITEMS, "i1", Operation.ADJUST, item, taken, minusTwo, "ann", HLC, 8, AT);
            history.unitEnded(false);
            history.writeTo(tx);
        }

        assertThat(stored).extracting(HistoryRow::seq).containsExactly(7L, 8L);
        assertThat(stored).extracting(HistoryRow::op).containsExactly("create", "adjust");
        assertThat(stored.get(0).changesJson())
                .isEqualTo("[{\"field\":\"sku\",\"to\":\"A1\"},{\"field\":\"name\",\"to\":\"Screen\"},"
                        + "{\"field\":\"quantity\",\"to\":5}]");
        assertThat(stored.get(1).changesJson()).isEqualTo("[{\"field\":\"quantity\",\"to\":3,\"delta\":-2}]");
        assertThat(stored.get(1))
                .extracting(HistoryRow::deviceId, HistoryRow::actorId, HistoryRow::hlc, HistoryRow::at)
                .containsExactly("device", "ann", HLC.toString(), AT);
    }

    /** A transaction that only stores history rows, into {@code stored}. */
    private static StoreTx storing(List<HistoryRow> stored) {
        return (StoreTx) Proxy.newProxyInstance(
                HistoryChangesTest.class.getClassLoader(), new Class<?>[] {StoreTx.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("insertHistory")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    @SuppressWarnings("unchecked")
                    List<HistoryRow> rows = (List<HistoryRow>) args[0];
                    stored.addAll(List.copyOf(rows));
                    return null;
                });
    }

    private static RecordState state(Map<String, Object> values) {
        return new RecordState(new HashMap<>(values), Map.of(), false, null);
    }
}
