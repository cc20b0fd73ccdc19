package com.repairsync.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.protocol.Hlc;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.merge.RecordState;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.server.sync.RecordJson;
import com.repairsync.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull's record JSON, which the database renders, is exactly what {@link RecordJson} renders from
 * the stored record (the JSON realtime messages carry): the same members in the same order and the
 * same values, for every entity, every role, the edges of every field type and fields left null.
 * Runs on the store of this JVM's test database (SQLite, or PostgreSQL in the postgres run).
 */
class PulledJsonIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AWKWARD_TEXT =
            "quote \" backslash \\ slash / newline \n tab \t bell \u0007 é 日本 😀 </script> '; DROP TABLE x; --";

    @TempDir
    Path dir;

    private Store store;
    private final String shop = UUID.randomUUID().toString();

    @BeforeEach
    void open() {
        store = TestServer.openStore(dir);
        store.write(tx -> {
            tx.insertShop(shop, "Fix-It", Instant.parse("2026-11-25T09:00:00Z"));
            return null;
        });
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void theDatabaseRendersEveryRecordAsRecordJsonDoes() throws Exception {
        for (EntityType type : Schema.entities()) {
            List<StoredRecord> records = new ArrayList<>();
            store.write(tx -> {
                for (Edge edge : Edge.values()) {
                    StoredRecord record = record(type, edge, tx.nextSeq(shop));
                    tx.saveRecord(type, shop, record);
                    records.add(record);
                }
                return null;
            });
            for (Role viewer : Role.values()) {
                for (CustomView view : VIEWS) {
                    List<PulledRecord> pulled = store.read(tx -> tx.changes(
                            type, shop, new ChangeQuery(0, Long.MAX_VALUE, 1_000, null, null), viewer, view));
                    assertThat(pulled).extracting(PulledRecord::id).containsExactlyElementsOf(ids(records));
                    for (int i = 0; i < records.size(); i++) {
                        StoredRecord stored = records.get(i);
                        String context = type.name() + " " + Edge.values()[i] + " as " + viewer + " " + view;
                        // A tombstone carries the values it had (wire version 6), rendered the same way.
                        assertThat(pulled.get(i).deleted())
                                .as(context)
                                .isEqualTo(stored.state().deleted());
                        // Re-encoded through one tree type, so 5 read as an int equals 5 put as a long,
                        // while member order and every value still count.
                        assertThat(JSON.writeValueAsString(
                                        JSON.readTree(pulled.get(i).json())))
                                .as(context)
                                .isEqualTo(JSON.writeValueAsString(RecordJson.render(type, stored, viewer, view)));
                    }
                }
            }
        }
    }

    /** Every value, none (a device before wire version 8), and all but one field's. */
    private static final List<CustomView> VIEWS =
            List.of(CustomView.ALL, CustomView.OMITTED, CustomView.hiding(java.util.Set.of("passcode")));

    /** The kinds of record each entity is stored as. */
    private enum Edge {
        /** Every field at its highest value, booleans true, instants at the last stored millisecond. */
        HIGHEST,
        /** Every field at its lowest value, booleans false, instants at the first stored day. */
        LOWEST,
        /** Only the fields a create always sets: the required ones and those with a default. */
        FEWEST,
        /** A tombstone (it keeps its last values, as a deleted record does). */
        DELETED
    }

    private static StoredRecord record(EntityType type, Edge edge, long seq) {
        Map<String, Object> values = new HashMap<>();
        Map<String, Hlc> hlcs = new HashMap<>();
        Hlc hlc = new Hlc(Instant.parse("2026-11-25T09:00:00Z").toEpochMilli(), (int) seq, "device-" + seq);
        for (FieldSpec field : type.fields()) {
            if (edge == Edge.FEWEST && !field.required() && field.defaultValue() == null) {
                continue;
            }
            values.put(field.name(), value(field, edge != Edge.HIGHEST));
            hlcs.put(field.name(), hlc);
        }
        if (type.allowsCustomFields() && edge != Edge.FEWEST) {
            // Custom values of every kind, written in no particular order; one of them hidden in a view.
            boolean lowest = edge != Edge.HIGHEST;
            values.put("custom.zeta", lowest ? "" : AWKWARD_TEXT);
            values.put("custom.passcode", "1234");
            values.put("custom.count", lowest ? -1_000_000_000_000L : 1_000_000_000_000L);
            values.put("custom.waterDamage", !lowest);
            values.put("custom.warrantyUntil", "2027-03-01");
            values.keySet().stream()
                    .filter(key -> key.startsWith("custom."))
                    .toList()
                    .forEach(key -> hlcs.put(key, hlc));
        }
        boolean deleted = edge == Edge.DELETED;
        return new StoredRecord(
                UUID.randomUUID().toString(),
                seq,
                new RecordState(values, hlcs, deleted, deleted ? hlc : null),
                Instant.parse("0001-01-01T00:00:00Z"),
                // Sub-millisecond digits: the wire keeps milliseconds, truncated, whatever the store keeps.
                Instant.parse("2026-12-02T10:11:12.345678Z"));
    }

    private static Object value(FieldSpec field, boolean lowest) {
        return switch (field.type()) {
            case TEXT -> lowest ? "" : AWKWARD_TEXT.substring(0, Math.min(field.maxLength(), AWKWARD_TEXT.length()));
            case EMAIL -> lowest ? "a@b.c" : "o'neil+\"quoted\"@example.com";
            case ENUM ->
                lowest
                        ? field.allowedValues().get(0)
                        : field.allowedValues().get(field.allowedValues().size() - 1);
            case REFERENCE -> UUID.randomUUID().toString();
            case INTEGER, MONEY, COUNTER -> lowest ? field.min() : field.max();
            case INSTANT -> lowest ? Instant.parse("0001-01-01T00:00:00Z") : Instant.parse("9999-12-31T23:59:59.999Z");
            case BOOLEAN -> !lowest;
            case FILE -> (lowest ? "0" : "f").repeat(64);
            case DATE -> lowest ? "0001-01-01" : "9999-12-31";
        };
    }

    private static List<String> ids(List<StoredRecord> records) {
        return records.stream().map(StoredRecord::id).toList();
    }
}
