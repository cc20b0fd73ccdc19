package com.repairsync.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.protocol.Hlc;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.merge.RecordState;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Record writes inside a transaction, on the store of this JVM's test database: a transaction
 * sends them late and together, and every statement must still see them as if each had been
 * written at once; a rolled-back step must take exactly its own writes with it.
 */
class RecordWritesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-25T09:00:00Z");

    @TempDir
    Path dir;

    private Store store;
    private final String shop = UUID.randomUUID().toString();
    private final String otherShop = UUID.randomUUID().toString();

    @BeforeEach
    void open() {
        store = TestServer.openStore(dir);
        store.write(tx -> {
            tx.insertShop(shop, "Fix-It", NOW);
            tx.insertShop(otherShop, "Other", NOW);
            return null;
        });
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void theLastWriteOfARecordWinsAndIsReadInTheSameTransaction() {
        String id = UUID.randomUUID().toString();
        String seenInside = store.write(tx -> {
            tx.saveRecord(Schema.CUSTOMERS, shop, customer(id, tx.nextSeq(shop), "Ada"));
            tx.saveRecord(Schema.CUSTOMERS, shop, customer(id, tx.nextSeq(shop), "Grace"));
            assertThat(tx.findRecords(Schema.CUSTOMERS, shop, List.of(id))
                            .get(id)
                            .seq())
                    .isEqualTo(2);
            return firstName(tx.findRecord(Schema.CUSTOMERS, shop, id).orElseThrow());
        });

        assertThat(seenInside).isEqualTo("Grace");
        List<PulledRecord> changes = store.read(tx -> tx.changes(Schema.CUSTOMERS, shop, everything(), Role.ADMIN));
        assertThat(changes).singleElement().satisfies(change -> {
            assertThat(change.seq()).isEqualTo(2);
            assertThat(firstName(change)).isEqualTo("Grace");
        });
    }

    @Test
    void aRolledBackStepTakesOnlyItsOwnWrites() {
        String kept = UUID.randomUUID().toString();
        String dropped = UUID.randomUUID().toString();
        String outer = UUID.randomUUID().toString();
        String inner = UUID.randomUUID().toString();
        store.write(tx -> {
            tx.saveRecord(Schema.CUSTOMERS, shop, customer(kept, tx.nextSeq(shop), "Kept"));
            assertThatThrownBy(() -> tx.atomically(() -> {
                        tx.saveRecord(Schema.CUSTOMERS, shop, customer(dropped, tx.nextSeq(shop), "Dropped"));
                        tx.saveRecord(Schema.CUSTOMERS, shop, customer(kept, tx.nextSeq(shop), "Overwritten"));
                        throw new IllegalStateException("refused");
                    }))
                    .hasMessage("refused");
            assertThat(tx.findRecord(Schema.CUSTOMERS, shop, dropped)).isEmpty();
            tx.atomically(() -> {
                tx.saveRecord(Schema.CUSTOMERS, shop, customer(outer, tx.nextSeq(shop), "Outer"));
                assertThatThrownBy(() -> tx.atomically(() -> {
                            tx.saveRecord(Schema.CUSTOMERS, shop, customer(inner, tx.nextSeq(shop), "Inner"));
                            throw new IllegalStateException("inner refused");
                        }))
                        .hasMessage("inner refused");
                return null;
            });
            return null;
        });

        Map<String, StoredRecord> stored =
                store.read(tx -> tx.findRecords(Schema.CUSTOMERS, shop, List.of(kept, dropped, outer, inner)));
        assertThat(stored).containsOnlyKeys(kept, outer);
        assertThat(firstName(stored.get(kept))).isEqualTo("Kept");
        assertThat(stored.get(kept).seq()).isEqualTo(1);
        assertThat(stored.get(outer).seq()).isEqualTo(2);
    }

    @Test
    void everyRecordOfALargeTransactionArrivesAcrossTablesAndShops() {
        // 45 = one statement of 32 rows, one of 8, five single rows
        List<String> customers = ids(45);
        List<String> items = ids(3);
        String elsewhere = UUID.randomUUID().toString();
        store.write(tx -> {
            for (String id : customers) {
                tx.saveRecord(Schema.CUSTOMERS, shop, customer(id, tx.nextSeq(shop), "C" + id));
            }
            for (String id : items) {
                tx.saveRecord(Schema.INVENTORY_ITEMS, shop, item(id, tx.nextSeq(shop)));
            }
            tx.saveRecord(Schema.CUSTOMERS, otherShop, customer(elsewhere, tx.nextSeq(otherShop), "Elsewhere"));
            return null;
        });

        List<PulledRecord> changes = store.read(tx -> tx.changes(Schema.CUSTOMERS, shop, everything(), Role.ADMIN));
        assertThat(changes).extracting(PulledRecord::id).containsExactlyElementsOf(customers);
        assertThat(changes).allSatisfy(change -> assertThat(firstName(change)).isEqualTo("C" + change.id()));
        List<PulledRecord> itemChanges =
                store.read(tx -> tx.changes(Schema.INVENTORY_ITEMS, shop, everything(), Role.ADMIN));
        assertThat(itemChanges).extracting(PulledRecord::id).containsExactlyElementsOf(items);
        Optional<StoredRecord> other = store.read(tx -> tx.findRecord(Schema.CUSTOMERS, otherShop, elsewhere));
        assertThat(other)
                .hasValueSatisfying(record -> assertThat(firstName(record)).isEqualTo("Elsewhere"));
        long seq = store.read(tx -> tx.currentSeq(shop));
        assertThat(seq).isEqualTo(48);
    }

    private static ChangeQuery everything() {
        return new ChangeQuery(0, Long.MAX_VALUE, 1_000, null, null);
    }

    private static List<String> ids(int count) {
        List<String> ids = new ArrayList<>();
        IntStream.range(0, count).forEach(i -> ids.add(UUID.randomUUID().toString()));
        return ids;
    }

    private static StoredRecord customer(String id, long seq, String firstName) {
        Hlc hlc = new Hlc(NOW.toEpochMilli(), (int) seq, "test");
        RecordState state = new RecordState(Map.of("firstName", firstName), Map.of("firstName", hlc), false, null);
        return new StoredRecord(id, seq, state, NOW, NOW);
    }

    private static StoredRecord item(String id, long seq) {
        Hlc hlc = new Hlc(NOW.toEpochMilli(), (int) seq, "test");
        RecordState state = new RecordState(
                Map.of("sku", "SCR-" + seq, "name", "Screen", "quantity", 5L),
                Map.of("sku", hlc, "name", hlc, "quantity", hlc),
                false,
                null);
        return new StoredRecord(id, seq, state, NOW, NOW);
    }

    private static String firstName(StoredRecord record) {
        return (String) record.state().values().get("firstName");
    }

    private static String firstName(PulledRecord record) {
        try {
            return JSON.readTree(record.json()).get("firstName").textValue();
        } catch (JsonProcessingException e) {
            throw new AssertionError(record.json(), e);
        }
    }
}
