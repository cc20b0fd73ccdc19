package com.repairsync.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.Operation;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.Schema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The device's view mirrors the server's merge for its queued changes (wire version 6): a delete
 * hides the record but keeps its values, edits of a deleted record change nothing, and only a
 * restore shows it again, with the values it had.
 */
class RebaseTest {
    private static final EntityType CUSTOMERS = Schema.CUSTOMERS;

    @Test
    void aQueuedRestoreAfterAPulledTombstoneShowsTheRecordWithItsLastValues() {
        Rebase.View view = Rebase.apply(CUSTOMERS, "c1", grace(), true, List.of(entry(Operation.RESTORE, null)));

        assertThat(view.deleted()).isFalse();
        assertThat(view.record()).isEqualTo(grace());
    }

    @Test
    void anEditOfADeletedRecordChangesNothingEvenAfterARestore() {
        Rebase.View view = Rebase.apply(
                CUSTOMERS,
                "c1",
                grace(),
                true,
                List.of(upsert("phone", "555-0199"), entry(Operation.RESTORE, null), upsert("notes", "back again")));

        assertThat(view.deleted()).isFalse();
        assertThat(view.record().path("phone").asText())
                .as("lost, as at the server")
                .isEqualTo("555-0100");
        assertThat(view.record().path("notes").asText())
                .as("made after the restore")
                .isEqualTo("back again");
    }

    @Test
    void aDeleteKeepsTheValuesAndARestoreAfterItShowsThemAgain() {
        Rebase.View deleted = Rebase.apply(
                CUSTOMERS, "c1", grace(), false, List.of(upsert("phone", "555-0199"), entry(Operation.DELETE, null)));
        assertThat(deleted.deleted()).isTrue();
        assertThat(deleted.record().path("phone").asText())
                .as("kept for undelete")
                .isEqualTo("555-0199");

        Rebase.View restored = Rebase.apply(
                CUSTOMERS,
                "c1",
                grace(),
                false,
                List.of(upsert("phone", "555-0199"), entry(Operation.DELETE, null), entry(Operation.RESTORE, null)));
        assertThat(restored.deleted()).isFalse();
        assertThat(restored.record().path("phone").asText()).isEqualTo("555-0199");
    }

    @Test
    void aRestoreOfATombstoneWithoutValuesShowsNothingUntilTheServerSendsThem() {
        Rebase.View view = Rebase.apply(CUSTOMERS, "c1", null, true, List.of(entry(Operation.RESTORE, null)));

        assertThat(view.deleted()).isTrue();
        assertThat(view.record()).isNull();
    }

    @Test
    void aRestoreOfALiveRecordChangesNothing() {
        Rebase.View view = Rebase.apply(CUSTOMERS, "c1", grace(), false, List.of(entry(Operation.RESTORE, null)));

        assertThat(view.deleted()).isFalse();
        assertThat(view.record()).isEqualTo(grace());
    }

    private static ObjectNode grace() {
        return Json.MAPPER
                .createObjectNode()
                .put("id", "c1")
                .put("firstName", "Grace")
                .put("phone", "555-0100");
    }

    private static OutboxEntry upsert(String field, String value) {
        return entry(Operation.UPSERT, Json.wireObject(Map.of(field, value)));
    }

    private static OutboxEntry entry(Operation op, ObjectNode fields) {
        return OutboxEntry.queued("m-" + op, "customers", "c1", op, fields, null, "hlc", "actor", null, 10, null);
    }
}
