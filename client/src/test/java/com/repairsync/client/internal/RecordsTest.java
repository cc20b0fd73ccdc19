package com.repairsync.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.Operation;
import com.repairsync.protocol.RecordText;
import com.repairsync.protocol.WireInstant;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.Schema;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record with nothing queued keeps one copy of its JSON, its server state; the app reads that as
 * its view, and queries see it, exactly as they see a view stored beside it.
 */
class RecordsTest {
    private static final EntityType CUSTOMERS = Schema.entity("customers").orElseThrow();
    private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");
    private static final String STORED_AT = WireInstant.format(NOW);

    @TempDir
    Path dir;

    @Test
    void aSyncedRecordIsStoredOnceAndReadAndQueriedAsItsView() {
        try (LocalDatabase db = LocalDatabase.open(dir.resolve("device.db"), TestKeys.vault())) {
            ObjectNode grace = customer("c1", "Grace");
            db.serverStateTransaction(
                    tx -> Records.storeSynced(tx, CUSTOMERS, "c1", RecordText.of(grace), 7, false, STORED_AT));

            assertThat(storedView(db, "c1")).as("no second copy").isEmpty();
            Records.Row row =
                    db.transaction(tx -> Records.find(tx, "customers", "c1")).orElseThrow();
            assertThat(row.view()).isEqualTo(grace);
            assertThat(row.base()).isEqualTo(grace);
            assertThat(firstNamed(db, "Grace")).containsExactly("c1");
        }
    }

    @Test
    void aRecordWithQueuedChangesStoresItsViewAndGoesBackToOneCopyWhenTheyAreGone() {
        try (LocalDatabase db = LocalDatabase.open(dir.resolve("device.db"), TestKeys.vault())) {
            ObjectNode grace = customer("c1", "Grace");
            ObjectNode renamed = customer("c1", "Ada");
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
            assertThat(storedView(db, "c1"))
                    .hasValueSatisfying(text -> assertThat(Json.object(text)).isEqualTo(renamed));
            assertThat(firstNamed(db, "Ada")).containsExactly("c1");
            assertThat(firstNamed(db, "Grace")).isEmpty();

            db.transaction(tx -> {
                Records.setBase(tx, "customers", "c1", renamed, 8, false, List.of(), NOW);
                return null;
            });
            assertThat(storedView(db, "c1")).isEmpty();
            assertThat(firstNamed(db, "Ada")).containsExactly("c1");
        }
    }

    @Test
    void aDeletedRecordHasNoViewAndIsNotFoundByQueries() {
        try (LocalDatabase db = LocalDatabase.open(dir.resolve("device.db"), TestKeys.vault())) {
            db.serverStateTransaction(tx -> Records.storeSynced(tx, CUSTOMERS, "c1", null, 9, true, STORED_AT));

            Records.Row row =
                    db.transaction(tx -> Records.find(tx, "customers", "c1")).orElseThrow();
            assertThat(row.deleted()).isTrue();
            assertThat(row.view()).isNull();
            List<Records.Row> live = db.transaction(tx -> Records.where(tx, "customers", "1 = 1"));
            assertThat(live).isEmpty();
        }
    }

    @Test
    void aRowWrittenWithItsViewCopiedBeforeStillReadsTheSame() {
        try (LocalDatabase db = LocalDatabase.open(dir.resolve("device.db"), TestKeys.vault())) {
            ObjectNode grace = customer("c1", "Grace");
            String text = Json.write(grace);
            db.transaction(tx -> tx.update(
                    "INSERT INTO records (entity, id, base, base_seq, base_deleted, view, deleted, status, updated_at)"
                            + " VALUES ('customers', 'c1', ?, 7, 0, ?, 0, 'synced', '2026-12-01T09:00:00.000Z')",
                    text,
                    text));

            assertThat(db.transaction(tx -> Records.find(tx, "customers", "c1"))
                            .orElseThrow()
                            .view())
                    .isEqualTo(grace);
            assertThat(firstNamed(db, "Grace")).containsExactly("c1");
        }
    }

    /**
     * After a restore (a new history generation) every stored base counts as sequence 0 without a
     * write; downloading the shop again writes only what differs: a record held exactly as the
     * restored server has it, at the same sequence, is left alone (and still takes any later state),
     * one that differs is replaced even by a lower sequence of the new history.
     */
    @Test
    void afterANewHistoryOnlyRecordsThatDifferAreWrittenAndOlderSequencesOfTheNewHistoryWin() {
        try (LocalDatabase db = LocalDatabase.open(dir.resolve("device.db"), TestKeys.vault())) {
            ObjectNode grace = customer("c1", "Grace");
            ObjectNode ada = customer("c2", "Ada");
            db.serverStateTransaction(tx -> {
                Records.storeSynced(tx, CUSTOMERS, "c1", RecordText.of(grace), 7, false, STORED_AT);
                Records.storeSynced(tx, CUSTOMERS, "c2", RecordText.of(ada), 40, false, STORED_AT); // after the backup
                DeviceInfo.put(tx, DeviceInfo.HISTORY_GENERATION, "1");
                return null;
            });
            assertThat(db.transaction(tx -> Records.findBase(tx, "customers", "c1"))
                            .orElseThrow()
                            .seq())
                    .as("a base of the old history counts as 0")
                    .isZero();

            ObjectNode adaBefore = customer("c2", "Ada Lovelace");
            boolean[] written = new boolean[2];
            db.serverStateTransaction(tx -> {
                written[0] = Records.storeSynced(tx, CUSTOMERS, "c1", RecordText.of(grace), 7, false, "later");
                written[1] = Records.storeSynced(tx, CUSTOMERS, "c2", RecordText.of(adaBefore), 12, false, "later");
                return null;
            });
            assertThat(written).containsExactly(false, true);
            assertThat(db.transaction(tx -> Records.findBase(tx, "customers", "c2"))
                            .orElseThrow())
                    .isEqualTo(new Records.Base(adaBefore, 12, false, true));
            boolean olderInThisHistory = db.serverStateTransaction(
                    tx -> Records.storeSynced(tx, CUSTOMERS, "c2", RecordText.of(ada), 11, false, "later"));
            assertThat(olderInThisHistory)
                    .as("in its own history a lower sequence is older")
                    .isFalse();
            boolean newer = db.serverStateTransaction(tx -> Records.storeSynced(
                    tx, CUSTOMERS, "c1", RecordText.of(customer("c1", "Grace H")), 3, false, "later"));
            assertThat(newer)
                    .as("a base left from the old history takes any state of the new one")
                    .isTrue();
        }
    }

    private static ObjectNode customer(String id, String firstName) {
        return Json.MAPPER
                .createObjectNode()
                .put("id", id)
                .put("firstName", firstName)
                .put("lastName", "Hopper");
    }

    private static Optional<String> storedView(LocalDatabase db, String id) {
        return db.transaction(tx -> tx.queryOne(
                "SELECT view FROM records WHERE entity = 'customers' AND id = ?", row -> row.getString(1), id));
    }

    private static List<String> firstNamed(LocalDatabase db, String firstName) {
        return db
                .transaction(tx -> Records.where(tx, "customers", "json_extract(view, '$.firstName') = ?", firstName))
                .stream()
                .map(Records.Row::id)
                .toList();
    }
}
