package com.repairsync.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.Operation;
import com.repairsync.protocol.RecordText;
import com.repairsync.protocol.WireInstant;
import com.repairsync.protocol.schema.DeviceIndex;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.Schema;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full-text index of customers follows every way a record is written: a pull, a local change
 * replayed over the server's state, a delete and a restore, a record removed, an erasure.
 */
class SearchIndexTest {
    private static final EntityType CUSTOMERS = Schema.CUSTOMERS;
    private static final DeviceIndex BY_FIRST_NAME = CUSTOMERS.deviceIndex("byFirstName");
    private static final Instant NOW = Instant.parse("2026-12-06T09:00:00Z");
    private static final String STORED_AT = WireInstant.format(NOW);

    @TempDir
    Path dir;

    private LocalDatabase db;

    @BeforeEach
    void open() {
        db = LocalDatabase.open(dir.resolve("device.db"), TestKeys.vault());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void findsAnyWordByItsBeginningAndAnyRunOfThePhonesDigits() {
        pulled("c1", customer("c1", "Mary Ann", "O'Brien", "+1 (555) 012-3456"), 1, false);
        pulled("c2", customer("c2", "José", "Hopper", "555 9999"), 2, false);

        assertThat(found("ann")).containsExactly("c1");
        assertThat(found("MA")).containsExactly("c1");
        assertThat(found("bri")).containsExactly("c1");
        assertThat(found("jose")).as("accents ignored").containsExactly("c2");
        assertThat(found("0123")).containsExactly("c1");
        assertThat(found("555-012"))
                .as("punctuation typed or stored is ignored")
                .containsExactly("c1");
        assertThat(found("456")).containsExactly("c1");
        assertThat(found("555")).containsExactly("c2", "c1"); // José before Mary Ann
        assertThat(found("0124")).isEmpty();
        assertThat(found("ann 456")).as("every term must match").containsExactly("c1");
        assertThat(found("ann 999")).isEmpty();
        assertThat(found("ry")).as("a word's middle is not its beginning").isEmpty();
    }

    @Test
    void aPulledChangeDeleteAndRestoreMoveTheRecordInTheIndex() {
        pulled("c1", customer("c1", "Grace", "Hopper", null), 1, false);
        pulled("c1", customer("c1", "Ada", "Lovelace", null), 2, false);
        assertThat(found("grace")).isEmpty();
        assertThat(found("ada")).containsExactly("c1");

        pulled("c1", customer("c1", "Ada", "Lovelace", null), 3, true);
        assertThat(found("ada")).as("deleted").isEmpty();

        pulled("c1", customer("c1", "Ada", "Lovelace", null), 4, false);
        assertThat(found("ada")).as("restored").containsExactly("c1");
    }

    @Test
    void aQueuedLocalChangeIsSearchedAsTheAppSeesItAndARecordRemovedLeavesTheIndex() {
        ObjectNode grace = customer("c1", "Grace", "Hopper", null);
        OutboxEntry rename = OutboxEntry.queued(
                "m1",
                "customers",
                "c1",
                Operation.UPSERT,
                Json.MAPPER.createObjectNode().put("firstName", "Ada"),
                null,
                "hlc",
                "actor",
                null,
                20,
                false);
        db.transaction(tx -> {
            Records.setBase(tx, "customers", "c1", grace, 7, false, List.of(rename), NOW);
            return null;
        });
        assertThat(found("ada")).containsExactly("c1");
        assertThat(found("grace")).isEmpty();

        OutboxEntry create = OutboxEntry.queued(
                "m2",
                "customers",
                "c2",
                Operation.UPSERT,
                Json.MAPPER.createObjectNode().put("firstName", "Linus"),
                null,
                "hlc",
                "actor",
                null,
                20,
                true);
        db.transaction(tx -> {
            Records.setBase(tx, "customers", "c2", null, 0, false, List.of(create), NOW);
            return null;
        });
        assertThat(found("lin")).as("made on this device, never synced").containsExactly("c2");
        db.transaction(tx -> {
            Records.rebase(tx, "customers", "c2", NOW); // nothing queued any more: the row goes
            return null;
        });
        assertThat(found("lin")).isEmpty();
    }

    @Test
    void anErasureRemovesTheNameFromTheIndex() {
        ObjectNode grace = customer("c1", "Grace", "Hopper", "555-0100");
        pulled("c1", grace, 1, false);
        db.transaction(tx -> {
            Records.setBase(tx, "customers", "c1", ErasureScrub.values(CUSTOMERS, grace), 2, false, List.of(), NOW);
            return null;
        });
        db.checkpointAfterErasure(); // merges the index, so no erased word stays in it
        assertThat(found("grace")).isEmpty();
        assertThat(found("hop")).isEmpty();
        assertThat(found("0100")).isEmpty();
        assertThat(found("erased"))
                .as("the placeholder of the required first name")
                .containsExactly("c1");
    }

    @Test
    void manyMatchesListTheSameFirstOnesAsSortingThemAll() {
        int count = RecordSearch.SORT_AT_MOST + 200;
        db.serverStateTransaction(tx -> {
            for (int i = 0; i < count; i++) {
                String id = String.format("c%05d", i);
                // Names out of id order, a tie on every name: the order is the name, then the id.
                String name = "Sam" + (char) ('a' + (i * 7) % 26);
                Records.storeSynced(
                        tx, CUSTOMERS, id, RecordText.of(customer(id, name, null, null)), i + 1, false, STORED_AT);
            }
            return null;
        });
        List<String> all = ids(db.transaction(tx -> RecordSearch.search(tx, CUSTOMERS, BY_FIRST_NAME, "sam", -1)));
        List<String> firstFifty =
                ids(db.transaction(tx -> RecordSearch.search(tx, CUSTOMERS, BY_FIRST_NAME, "sam", 50)));
        assertThat(all).hasSize(count);
        assertThat(firstFifty).as("the index walked to the limit").isEqualTo(all.subList(0, 50));
    }

    private void pulled(String id, ObjectNode record, long seq, boolean deleted) {
        db.serverStateTransaction(
                tx -> Records.storeSynced(tx, CUSTOMERS, id, RecordText.of(record), seq, deleted, STORED_AT));
    }

    private List<String> found(String text) {
        return ids(db.transaction(tx -> RecordSearch.search(tx, CUSTOMERS, BY_FIRST_NAME, text, 50)));
    }

    private static List<String> ids(List<Records.Row> rows) {
        return rows.stream().map(Records.Row::id).toList();
    }

    private static ObjectNode customer(String id, String firstName, String lastName, String phone) {
        ObjectNode record = Json.MAPPER.createObjectNode().put("id", id).put("firstName", firstName);
        record.put("lastName", lastName);
        record.put("phone", phone);
        return record;
    }
}
