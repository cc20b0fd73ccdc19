package com.repairsync.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.CustomValues;
import com.repairsync.protocol.HistoryEntry;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.FieldType;
import com.repairsync.protocol.schema.Schema;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a device does when the server says a record was erased ({@code Change.erased}, wire version
 * 6): inside the caller's transaction (the one that stores the change), it removes every copy of the
 * record's personal field values ({@link EntityType#personalFields()}) it holds besides the record
 * itself: its queued mutations (a mutation left with nothing to send leaves the queue), the
 * acknowledged ones kept for a server restore, lost writes, conflicts and the recent history a
 * manager's device keeps. An erased attachment that is deleted also loses its file's bytes here,
 * unless a live record still names them. The database's {@code secure_delete} overwrites what is
 * removed, and the caller checkpoints the write-ahead log afterwards ({@link
 * LocalDatabase#checkpointAfterErasure()}).
 */
final class ErasureScrub {
    private ErasureScrub() {}

    /** A record's values with its personal fields as the server holds them once erased ({@link FieldSpec#erasedValue()}). */
    static ObjectNode values(EntityType type, ObjectNode record) {
        if (record == null) {
            return null;
        }
        ObjectNode scrubbed = record.deepCopy();
        for (FieldSpec field : type.personalFields()) {
            if (scrubbed.has(field.name())) {
                scrubbed.set(field.name(), Json.wire(field.erasedValue()));
            }
        }
        if (type.customValuesArePersonal() && scrubbed.has(CustomValues.MEMBER)) {
            scrubbed.putObject(CustomValues.MEMBER); // a customer's own fields hold a person's data too
        }
        return scrubbed;
    }

    /**
     * Removes the record's personal values from everything but its row in {@code records} (which the
     * caller stores from the change, through {@link #values}).
     */
    static void copies(LocalDatabase.Tx tx, EntityType type, String recordId) throws SQLException {
        Set<String> personal = type.personalFields().stream()
                .map(FieldSpec::name)
                .collect(Collectors.toCollection(java.util.HashSet::new));
        if (type.customValuesArePersonal()) {
            personal.add(CustomValues.MEMBER); // every custom value of a queued or kept mutation
        }
        if (personal.isEmpty()) {
            return;
        }
        for (String table : List.of("outbox", "acknowledged")) {
            List<String[]> rows = tx.query(
                    "SELECT mutation_id, op, fields FROM " + table
                            + " WHERE entity = ? AND record_id = ? AND fields IS NOT NULL",
                    row -> new String[] {row.getString(1), row.getString(2), row.getString(3)},
                    type.name(),
                    recordId);
            for (String[] row : rows) {
                ObjectNode fields = Json.object(row[2]);
                if (fields == null || personal.stream().noneMatch(fields::has)) {
                    continue;
                }
                fields.remove(personal);
                if (fields.isEmpty() && "upsert".equals(row[1])) {
                    tx.update("DELETE FROM " + table + " WHERE mutation_id = ?", row[0]);
                } else {
                    Outbox.rewriteFields(tx, table, row[0], type.name(), fields);
                }
            }
        }
        for (String table : List.of("lost_writes", "conflicts")) {
            tx.updateIn(
                    "DELETE FROM " + table + " WHERE entity = ? AND record_id = ? AND field IN ",
                    List.of(type.name(), recordId),
                    personal);
            if (type.customValuesArePersonal()) {
                tx.update(
                        "DELETE FROM " + table + " WHERE entity = ? AND record_id = ? AND substr(field, 1, ?) = ?",
                        type.name(),
                        recordId,
                        CustomValues.PREFIX.length(),
                        CustomValues.PREFIX);
            }
        }
        history(tx, type, recordId, personal);
    }

    /** Rewrites the personal fields of the record's kept history entries to {@code {"field": ..., "erased": true}}. */
    private static void history(LocalDatabase.Tx tx, EntityType type, String recordId, Set<String> personal)
            throws SQLException {
        List<Object[]> entries = tx.query(
                "SELECT seq, changes FROM history WHERE entity = ? AND record_id = ?",
                row -> new Object[] {row.getLong(1), row.getString(2)},
                type.name(),
                recordId);
        for (Object[] entry : entries) {
            JsonNode changes = Json.tree((String) entry[1]);
            if (!(changes instanceof ArrayNode list)) {
                continue;
            }
            boolean rewritten = false;
            for (int i = 0; i < list.size(); i++) {
                String field = list.get(i).path("field").asText(null);
                if (field != null
                        && (personal.contains(field)
                                || personal.contains(CustomValues.MEMBER) && CustomValues.isKey(field))
                        && !list.get(i).path("erased").asBoolean()) {
                    list.set(i, Json.MAPPER.valueToTree(HistoryEntry.FieldChange.erasedField(field)));
                    rewritten = true;
                }
            }
            if (rewritten) {
                tx.update("UPDATE history SET changes = ? WHERE seq = ?", Json.write(list), entry[0]);
            }
        }
    }

    /**
     * Deletes the bytes (and their rows) of the files a deleted, erased record names, unless a live
     * record of any entity with files still names the same file.
     */
    static void files(LocalDatabase.Tx tx, EntityType type, String recordId, ObjectNode record) throws SQLException {
        if (record == null) {
            return;
        }
        for (FieldSpec field : type.fields()) {
            JsonNode hash = record.get(field.name());
            if (field.type() != FieldType.FILE
                    || hash == null
                    || !hash.isTextual()
                    || namedElsewhere(tx, hash.asText())) {
                continue;
            }
            tx.update("DELETE FROM file_chunks WHERE hash = ?", hash.asText());
            tx.update("DELETE FROM files WHERE hash = ?", hash.asText());
        }
    }

    private static boolean namedElsewhere(LocalDatabase.Tx tx, String hash) throws SQLException {
        for (EntityType entity : Schema.entities()) {
            for (FieldSpec field : entity.fields()) {
                if (field.type() != FieldType.FILE) {
                    continue;
                }
                boolean named = tx.queryOne(
                                "SELECT 1 FROM records WHERE entity = ? AND deleted = 0"
                                        + " AND json_extract(coalesce(view, base), '$." + field.name()
                                        + "') = ? LIMIT 1",
                                row -> true,
                                entity.name(),
                                hash)
                        .isPresent();
                if (named) {
                    return true;
                }
            }
        }
        return false;
    }
}
