package com.repairsync.protocol.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.Hlc;
import com.repairsync.protocol.Operation;
import com.repairsync.protocol.Violation;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class MergeTest {
    private static final String ID = "6f1c2d3e-0000-4000-8000-000000000001";
    private static final String CUSTOMER = "6f1c2d3e-0000-4000-8000-0000000000c1";

    private static Hlc hlc(long millis, int counter, String node) {
        return new Hlc(millis, counter, node);
    }

    private static Map<String, Object> fields(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private static MergeOutcome upsert(EntityType type, RecordState existing, Map<String, Object> fields, Hlc hlc) {
        return Merge.apply(type, existing, Operation.UPSERT, fields, Map.of(), hlc, ID);
    }

    private static MergeOutcome delete(EntityType type, RecordState existing, Hlc hlc) {
        return Merge.apply(type, existing, Operation.DELETE, Map.of(), Map.of(), hlc, ID);
    }

    private static MergeOutcome adjust(EntityType type, RecordState existing, long delta, Hlc hlc) {
        return Merge.apply(type, existing, Operation.ADJUST, Map.of(), Map.of("quantity", delta), hlc, ID);
    }

    private static Violation violation(Executable executable) {
        Violation violation = catchThrowableOfType(Violation.class, executable::execute);
        assertThat(violation).as("expected a Violation").isNotNull();
        return violation;
    }

    private static RecordState ticket() {
        MergeOutcome created = upsert(
                Schema.TICKETS,
                null,
                fields("customerId", CUSTOMER, "deviceType", "phone", "problem", "cracked screen"),
                hlc(1_000, 0, "creator"));
        return created.state();
    }

    private static RecordState item(long quantity) {
        return upsert(
                        Schema.INVENTORY_ITEMS,
                        null,
                        fields("sku", "SCR-1", "name", "Screen", "quantity", quantity),
                        hlc(1_000, 0, "creator"))
                .state();
    }

    // ---- create -------------------------------------------------------------------------------

    @Test
    void createAppliesDefaultsAndKeepsGivenFields() {
        MergeOutcome outcome = upsert(
                Schema.TICKETS,
                null,
                fields("customerId", CUSTOMER, "deviceType", "phone", "problem", "cracked screen", "priority", "high"),
                hlc(1_000, 0, "a"));

        assertThat(outcome.created()).isTrue();
        assertThat(outcome.changed()).isTrue();
        assertThat(outcome.superseded()).isEmpty();
        RecordState state = outcome.state();
        assertThat(state.deleted()).isFalse();
        assertThat(state.values())
                .containsEntry("customerId", CUSTOMER)
                .containsEntry("deviceType", "phone")
                .containsEntry("problem", "cracked screen")
                .containsEntry("status", "checked_in")
                .containsEntry("priority", "high")
                .doesNotContainKey("notes");
    }

    @Test
    void createDefaultsOfOtherEntities() {
        RecordState employee = upsert(
                        Schema.EMPLOYEES, null, fields("firstName", "Ann", "role", "technician"), hlc(1, 0, "a"))
                .state();
        RecordState appointment = upsert(
                        Schema.APPOINTMENTS,
                        null,
                        fields(
                                "customerId",
                                CUSTOMER,
                                "type",
                                "drop_off",
                                "startsAt",
                                java.time.Instant.parse("2026-11-24T15:30:00Z")),
                        hlc(1, 0, "a"))
                .state();
        RecordState item = upsert(Schema.INVENTORY_ITEMS, null, fields("sku", "S", "name", "N"), hlc(1, 0, "a"))
                .state();

        assertThat(employee.value("active")).isEqualTo(Boolean.TRUE);
        assertThat(appointment.value("durationMinutes")).isEqualTo(30L);
        assertThat(appointment.value("status")).isEqualTo("scheduled");
        assertThat(item.value("quantity")).isEqualTo(0L);
    }

    @Test
    void createStampsEveryFieldWithTheCreateHlc() {
        Hlc created = hlc(1_000, 0, "a");

        RecordState state = upsert(
                        Schema.TICKETS,
                        null,
                        fields("customerId", CUSTOMER, "deviceType", "phone", "problem", "p"),
                        created)
                .state();

        assertThat(state.fieldHlcs()).containsEntry("status", created).containsEntry("customerId", created);
    }

    @Test
    void createMissingARequiredFieldIsValidationFailedNamingIt() {
        Violation violation = violation(() ->
                upsert(Schema.TICKETS, null, fields("customerId", CUSTOMER, "deviceType", "phone"), hlc(1, 0, "a")));

        assertThat(violation.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(violation.field()).isEqualTo("problem");
        assertThat(violation.getMessage()).contains("problem");
    }

    @Test
    void createWithARequiredFieldSetToNullIsValidationFailedNamingIt() {
        Violation violation = violation(
                () -> upsert(Schema.CUSTOMERS, null, fields("firstName", null, "lastName", "Smith"), hlc(1, 0, "a")));

        assertThat(violation.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(violation.field()).isEqualTo("firstName");
    }

    @Test
    void upsertWithoutAnyRequiredFieldOfAMissingRecordIsUnknownRecord() {
        Violation violation =
                violation(() -> upsert(Schema.TICKETS, null, fields("notes", "call back"), hlc(1, 0, "a")));

        assertThat(violation.code()).isEqualTo(ErrorCode.UNKNOWN_RECORD);
        assertThat(violation.getMessage()).contains(ID);
    }

    @Test
    void deleteOrAdjustOfAMissingRecordIsUnknownRecord() {
        assertThat(violation(() -> delete(Schema.TICKETS, null, hlc(1, 0, "a"))).code())
                .isEqualTo(ErrorCode.UNKNOWN_RECORD);
        assertThat(violation(() -> adjust(Schema.INVENTORY_ITEMS, null, -1, hlc(1, 0, "a")))
                        .code())
                .isEqualTo(ErrorCode.UNKNOWN_RECORD);
    }

    // ---- per-field last writer wins ----------------------------------------------------------------

    @Test
    void editsOfDifferentFieldsByTwoDevicesBothSurviveInEitherOrder() {
        RecordState base = ticket();
        Map<String, Object> byA = fields("status", "diagnosing");
        Map<String, Object> byB = fields("notes", "customer called");

        RecordState aThenB = upsert(
                        Schema.TICKETS,
                        upsert(Schema.TICKETS, base, byA, hlc(2_000, 0, "a")).state(),
                        byB,
                        hlc(1_500, 0, "b"))
                .state();
        RecordState bThenA = upsert(
                        Schema.TICKETS,
                        upsert(Schema.TICKETS, base, byB, hlc(1_500, 0, "b")).state(),
                        byA,
                        hlc(2_000, 0, "a"))
                .state();

        for (RecordState state : List.of(aThenB, bThenA)) {
            assertThat(state.value("status")).isEqualTo("diagnosing");
            assertThat(state.value("notes")).isEqualTo("customer called");
        }
        assertThat(aThenB.values()).isEqualTo(bThenA.values());
        assertThat(aThenB.fieldHlcs()).isEqualTo(bThenA.fieldHlcs());
    }

    @Test
    void sameFieldLaterHlcWinsWhateverTheOrderOfThreeConcurrentWrites() {
        record Write(String status, Hlc hlc) {}
        List<Write> writes = List.of(
                new Write("diagnosing", hlc(2_000, 0, "a")),
                new Write("awaiting_parts", hlc(2_000, 1, "b")),
                new Write("in_repair", hlc(1_999, 99_999, "c")));

        List<List<Write>> orders = permutations(writes);
        assertThat(orders).hasSize(6);
        for (List<Write> order : orders) {
            RecordState state = ticket();
            Hlc latestSoFar = null;
            for (Write write : order) {
                MergeOutcome outcome = upsert(Schema.TICKETS, state, fields("status", write.status()), write.hlc());
                boolean loses = !write.hlc().isAfter(latestSoFar);
                assertThat(outcome.superseded())
                        .as("%s applied in order %s", write, order)
                        .isEqualTo(loses ? List.of("status") : List.of());
                latestSoFar = loses ? latestSoFar : write.hlc();
                state = outcome.state();
            }
            assertThat(state.value("status")).as("order %s", order).isEqualTo("awaiting_parts");
            assertThat(state.fieldHlcs().get("status")).isEqualTo(hlc(2_000, 1, "b"));
        }
    }

    @Test
    void equalMillisAndCounterIsBrokenByNodeInEitherOrder() {
        Hlc fromA = hlc(5_000, 3, "device-a");
        Hlc fromB = hlc(5_000, 3, "device-b");

        RecordState aThenB = upsert(
                        Schema.TICKETS,
                        upsert(Schema.TICKETS, ticket(), fields("notes", "A"), fromA)
                                .state(),
                        fields("notes", "B"),
                        fromB)
                .state();
        MergeOutcome bThenA = upsert(
                Schema.TICKETS,
                upsert(Schema.TICKETS, ticket(), fields("notes", "B"), fromB).state(),
                fields("notes", "A"),
                fromA);

        assertThat(aThenB.value("notes")).isEqualTo("B");
        assertThat(bThenA.state().value("notes")).isEqualTo("B");
        assertThat(bThenA.superseded()).containsExactly("notes");
        assertThat(bThenA.changed()).isFalse();
    }

    @Test
    void anEarlierWriteOfAnExistingFieldLosesAndIsReportedAsSuperseded() {
        RecordState base = ticket();
        RecordState later = upsert(Schema.TICKETS, base, fields("status", "ready"), hlc(3_000, 0, "a"))
                .state();

        MergeOutcome outcome =
                upsert(Schema.TICKETS, later, fields("status", "in_repair", "notes", "new note"), hlc(2_000, 0, "b"));

        assertThat(outcome.superseded()).containsExactly("status");
        assertThat(outcome.created()).isFalse();
        assertThat(outcome.changed()).isTrue();
        assertThat(outcome.state().value("status")).isEqualTo("ready");
        assertThat(outcome.state().value("notes")).isEqualTo("new note");
    }

    @Test
    void anUpsertThatLosesEveryFieldChangesNothing() {
        RecordState later = upsert(
                        Schema.TICKETS, ticket(), fields("status", "ready", "notes", "x"), hlc(3_000, 0, "a"))
                .state();

        MergeOutcome outcome =
                upsert(Schema.TICKETS, later, fields("status", "in_repair", "notes", "y"), hlc(2_000, 0, "b"));

        assertThat(outcome.changed()).isFalse();
        assertThat(outcome.superseded()).containsExactlyInAnyOrder("status", "notes");
        assertThat(outcome.state().values()).isEqualTo(later.values());
    }

    @Test
    void aWinningUpsertReportsNothingSupersededAndANullClearsTheValue() {
        RecordState withNotes = upsert(Schema.TICKETS, ticket(), fields("notes", "x"), hlc(2_000, 0, "a"))
                .state();

        MergeOutcome outcome = upsert(Schema.TICKETS, withNotes, fields("notes", null), hlc(3_000, 0, "b"));

        assertThat(outcome.superseded()).isEmpty();
        assertThat(outcome.changed()).isTrue();
        assertThat(outcome.state().values()).doesNotContainKey("notes");
        assertThat(outcome.state().fieldHlcs()).containsEntry("notes", hlc(3_000, 0, "b"));
    }

    // ---- tombstones ---------------------------------------------------------------------------

    @Test
    void deleteMakesATombstone() {
        Hlc deletedAt = hlc(2_000, 0, "a");

        MergeOutcome outcome = delete(Schema.TICKETS, ticket(), deletedAt);

        assertThat(outcome.changed()).isTrue();
        assertThat(outcome.state().deleted()).isTrue();
        assertThat(outcome.state().deletedHlc()).isEqualTo(deletedAt);
    }

    @Test
    void tombstoneWinsOverLaterAndEarlierUpserts() {
        RecordState tombstone =
                delete(Schema.TICKETS, ticket(), hlc(2_000, 0, "a")).state();

        for (Hlc hlc : List.of(hlc(1_500, 0, "b"), hlc(9_000, 0, "b"))) {
            MergeOutcome outcome = upsert(Schema.TICKETS, tombstone, fields("status", "ready"), hlc);

            assertThat(outcome.changed()).as("upsert at %s", hlc).isFalse();
            assertThat(outcome.created()).isFalse();
            assertThat(outcome.state().deleted()).isTrue();
            assertThat(outcome.state()).isEqualTo(tombstone);
        }
    }

    @Test
    void tombstoneWinsOverAnEditAppliedBeforeIt() {
        RecordState edited = upsert(Schema.TICKETS, ticket(), fields("status", "ready"), hlc(9_000, 0, "b"))
                .state();

        MergeOutcome outcome = delete(Schema.TICKETS, edited, hlc(2_000, 0, "a"));

        assertThat(outcome.state().deleted()).isTrue();
    }

    @Test
    void tombstoneWinsOverLaterAndEarlierAdjustments() {
        RecordState tombstone =
                delete(Schema.INVENTORY_ITEMS, item(5), hlc(2_000, 0, "a")).state();

        for (Hlc hlc : List.of(hlc(1_500, 0, "b"), hlc(9_000, 0, "b"))) {
            MergeOutcome outcome = adjust(Schema.INVENTORY_ITEMS, tombstone, -1, hlc);

            assertThat(outcome.changed()).isFalse();
            assertThat(outcome.state().deleted()).isTrue();
            assertThat(outcome.state().value("quantity")).isEqualTo(5L);
        }
    }

    @Test
    void anEarlierDeleteOfATombstoneChangesNothingALaterOneMovesItsHlcOn() {
        RecordState tombstone =
                delete(Schema.TICKETS, ticket(), hlc(2_000, 0, "a")).state();

        MergeOutcome earlier = delete(Schema.TICKETS, tombstone, hlc(1_500, 0, "b"));
        MergeOutcome later = delete(Schema.TICKETS, tombstone, hlc(3_000, 0, "b"));

        assertThat(earlier.changed()).isFalse();
        assertThat(earlier.state().deletedHlc()).isEqualTo(hlc(2_000, 0, "a"));
        assertThat(later.state().deleted()).isTrue();
        assertThat(later.state().deletedHlc()).isEqualTo(hlc(3_000, 0, "b"));
    }

    // ---- restore ------------------------------------------------------------------------------

    private static MergeOutcome restore(EntityType type, RecordState existing, Hlc hlc) {
        return Merge.apply(type, existing, Operation.RESTORE, Map.of(), Map.of(), hlc, ID);
    }

    @Test
    void aLaterRestoreBringsATombstoneBackWithItsValues() {
        RecordState tombstone =
                delete(Schema.TICKETS, ticket(), hlc(2_000, 0, "a")).state();

        MergeOutcome restored = restore(Schema.TICKETS, tombstone, hlc(3_000, 0, "b"));

        assertThat(restored.changed()).isTrue();
        assertThat(restored.state().deleted()).isFalse();
        assertThat(restored.state().value("problem")).isEqualTo("cracked screen");
        assertThat(restore(Schema.TICKETS, tombstone, hlc(1_000, 5, "b")).changed())
                .as("a restore older than the delete loses")
                .isFalse();
    }

    @Test
    void editsNeverReviveATombstoneButEditAfterARestore() {
        RecordState tombstone =
                delete(Schema.TICKETS, ticket(), hlc(2_000, 0, "a")).state();
        MergeOutcome edit = upsert(Schema.TICKETS, tombstone, fields("status", "ready"), hlc(9_000, 0, "c"));
        assertThat(edit.state().deleted()).isTrue();
        assertThat(edit.superseded()).containsExactly("status");

        RecordState restored =
                restore(Schema.TICKETS, tombstone, hlc(3_000, 0, "b")).state();
        RecordState edited = upsert(Schema.TICKETS, restored, fields("status", "ready"), hlc(4_000, 0, "c"))
                .state();
        assertThat(edited.deleted()).isFalse();
        assertThat(edited.value("status")).isEqualTo("ready");
        assertThat(edited.deletedHlc()).as("the restore's HLC stays").isEqualTo(hlc(3_000, 0, "b"));
    }

    @Test
    void deletesAndRestoresConvergeInAnyOrder() {
        List<Operation> ops = List.of(Operation.DELETE, Operation.RESTORE, Operation.DELETE);
        List<Hlc> hlcs = List.of(hlc(2_000, 0, "a"), hlc(3_000, 0, "b"), hlc(2_500, 0, "c"));
        int[][] orders = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
        for (int[] order : orders) {
            RecordState state = ticket();
            for (int index : order) {
                state = Merge.apply(Schema.TICKETS, state, ops.get(index), Map.of(), Map.of(), hlcs.get(index), ID)
                        .state();
            }
            assertThat(state.deleted())
                    .as("order %s", java.util.Arrays.toString(order))
                    .isFalse();
            assertThat(state.deletedHlc()).isEqualTo(hlc(3_000, 0, "b"));
        }
    }

    @Test
    void anAttachmentErasedWithItsFilesIsNeverRestored() {
        RecordState erasedTombstone =
                new RecordState(Map.of("kind", "photo"), Map.of(), true, hlc(2_000, 0, "server"), true);

        assertThat(violation(() -> restore(Schema.ATTACHMENTS, erasedTombstone, hlc(3_000, 0, "b")))
                        .getMessage())
                .contains("erased with its files");
    }

    @Test
    void aRestoreOfAnUnknownRecordIsRefused() {
        assertThat(violation(() -> restore(Schema.TICKETS, null, hlc(1_000, 0, "a")))
                        .code())
                .isEqualTo(ErrorCode.UNKNOWN_RECORD);
    }

    // ---- erasure ------------------------------------------------------------------------------

    @Test
    void noWriteSetsAnErasedRecordsPersonalFieldsAgain() {
        RecordState customer = upsert(
                        Schema.CUSTOMERS, null, fields("firstName", "Ada", "phone", "555"), hlc(1_000, 0, "a"))
                .state();
        RecordState erased = new RecordState(Map.of("firstName", "(erased)"), customer.fieldHlcs(), false, null, true);

        MergeOutcome later = upsert(
                Schema.CUSTOMERS,
                erased,
                fields("phone", "555-0100", "firstName", "Ada"),
                hlc(99_000, 0, "offline-tablet"));

        assertThat(later.state().value("phone")).isNull();
        assertThat(later.state().value("firstName")).isEqualTo("(erased)");
        assertThat(later.superseded()).containsExactlyInAnyOrder("phone", "firstName");
        assertThat(later.state().erased()).isTrue();
        assertThat(delete(Schema.CUSTOMERS, erased, hlc(99_000, 1, "a")).state().erased())
                .isTrue();
    }

    // ---- counters -----------------------------------------------------------------------------

    @Test
    void counterIsSetOnCreate() {
        assertThat(item(5).value("quantity")).isEqualTo(5L);
    }

    @Test
    void adjustmentsAddUpWhateverTheirOrderOrHlc() {
        RecordState stock = item(5);

        RecordState aThenB = adjust(
                        Schema.INVENTORY_ITEMS,
                        adjust(Schema.INVENTORY_ITEMS, stock, -1, hlc(2_000, 0, "a"))
                                .state(),
                        -1,
                        hlc(1_500, 0, "b"))
                .state();
        RecordState bThenA = adjust(
                        Schema.INVENTORY_ITEMS,
                        adjust(Schema.INVENTORY_ITEMS, stock, -1, hlc(1_500, 0, "b"))
                                .state(),
                        -1,
                        hlc(2_000, 0, "a"))
                .state();

        assertThat(aThenB.value("quantity")).isEqualTo(3L);
        assertThat(bThenA.value("quantity")).isEqualTo(3L);
        assertThat(adjust(Schema.INVENTORY_ITEMS, stock, 10, hlc(3_000, 0, "c"))
                        .state()
                        .value("quantity"))
                .isEqualTo(15L);
    }

    @Test
    void upsertOfACounterOnAnExistingRecordIsInvalidField() {
        RecordState stock = item(5);

        Violation violation = violation(
                () -> upsert(Schema.INVENTORY_ITEMS, stock, fields("name", "New", "quantity", 4L), hlc(9_000, 0, "a")));

        assertThat(violation.code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(violation.field()).isEqualTo("quantity");
        assertThat(violation.getMessage()).contains("quantity");
        assertThat(stock.value("quantity")).isEqualTo(5L);
        assertThat(stock.value("name")).isEqualTo("Screen");
    }

    @Test
    void counterMayNotLeaveItsBounds() {
        RecordState stock = item(999_999_999L);

        Violation over = violation(() -> adjust(Schema.INVENTORY_ITEMS, stock, 2, hlc(2_000, 0, "a")));
        Violation under = violation(() -> adjust(Schema.INVENTORY_ITEMS, item(-999_999_999L), -2, hlc(2, 0, "a")));

        assertThat(over.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(over.field()).isEqualTo("quantity");
        assertThat(over.getMessage()).contains("quantity");
        assertThat(under.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(under.field()).isEqualTo("quantity");
        assertThat(adjust(Schema.INVENTORY_ITEMS, stock, 1, hlc(2_000, 0, "a"))
                        .state()
                        .value("quantity"))
                .isEqualTo(1_000_000_000L);
    }

    private static <T> List<List<T>> permutations(List<T> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<T>> result = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T head = rest.remove(i);
            for (List<T> tail : permutations(rest)) {
                List<T> permutation = new ArrayList<>();
                permutation.add(head);
                permutation.addAll(tail);
                result.add(permutation);
            }
        }
        return result;
    }
}
