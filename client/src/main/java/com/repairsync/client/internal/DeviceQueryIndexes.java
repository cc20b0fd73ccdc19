package com.repairsync.client.internal;

import com.repairsync.protocol.schema.DeviceIndex;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.protocol.schema.SearchAs;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL of what a device keeps so its list screens and search read only what they show, built
 * from the entity declarations ({@link EntityType#deviceIndexes()}, {@link
 * EntityType#searchableFields()}); nothing here names an entity.
 *
 * <ul>
 *   <li>Each declared {@link DeviceIndex}: a partial index on {@code records} over the fields'
 *       {@code json_extract} of the record as read ({@link #field}), then the id, holding only that
 *       entity's live records (and only those meeting its condition). The SDK's queries name it
 *       ({@code INDEXED BY}, {@link #indexName}) and use the same expressions, so SQLite reads the
 *       index whatever its statistics say.
 *   <li>An entity with searchable fields: an FTS5 table ({@link #searchTable}) with one column per
 *       field and a row per live record (its rowid the record's rowid), kept by triggers on {@code
 *       records}, so every write path (a local write, a pulled change, a rebase, a delete or
 *       restore, an erasure) keeps it right. A {@link SearchAs#WORDS} field is stored as it is (the
 *       tokenizer splits its words); a {@link SearchAs#DIGITS} field as every suffix of its digits,
 *       so a prefix query finds any run of them; the record's id is kept beside them ({@link #ID_COLUMN}).
 * </ul>
 *
 * Every object is named {@code query_...}; {@link #dropAll} removes them all, so a later migration
 * that changes the declarations rebuilds them with {@link QueryIndexMigration}.
 */
final class DeviceQueryIndexes {
    /** Prefix of every object this class creates. */
    static final String PREFIX = "query_";

    /**
     * The search table's last column: the record's id, not searched, so the matches can be ordered
     * by their {@link SearchAs#WORDS} columns and id inside the small search table.
     */
    static final String ID_COLUMN = "id";

    /** Phone punctuation left out of a {@link SearchAs#DIGITS} field: "+1 (555) 010-0.12/3" is 15550100123. */
    private static final List<String> PUNCTUATION = List.of(" ", "-", "(", ")", "+", ".", "/");

    private DeviceQueryIndexes() {}

    /** The SQL of a field of a record as read (its queued changes applied) in {@code records}. */
    static String field(String rowName, String wireName) {
        if (!wireName.matches("[A-Za-z]+")) {
            throw new IllegalArgumentException("not a field name: " + wireName);
        }
        String row = rowName == null ? "" : rowName + ".";
        return "json_extract(coalesce(" + row + "view, " + row + "base), '$." + wireName + "')";
    }

    /** The index a declared {@link DeviceIndex} of the entity is built as. */
    static String indexName(EntityType type, DeviceIndex index) {
        return PREFIX + type.table() + "_" + index.name();
    }

    /** The FTS5 table of an entity's searchable fields. */
    static String searchTable(EntityType type) {
        return PREFIX + type.table() + "_search";
    }

    /** The SQL condition a record meets to be in the index, over {@code rowName} (null: the table itself). */
    static String condition(EntityType type, DeviceIndex index, String rowName) {
        String row = rowName == null ? "" : rowName + ".";
        StringBuilder sql =
                new StringBuilder(row + "entity = '" + entityLiteral(type) + "' AND " + row + "deleted = 0");
        index.atMost().ifPresent(atMost -> sql.append(" AND ")
                .append(field(rowName, atMost.field()))
                .append(" <= ")
                .append(field(rowName, atMost.limitField())));
        return sql.toString();
    }

    /** The entity name as an SQL string literal's content: declared names are plain words. */
    static String entityLiteral(EntityType type) {
        if (!type.name().matches("[A-Za-z]+")) {
            throw new IllegalStateException("an entity name is a plain word, got " + type.name());
        }
        return type.name();
    }

    /** Every statement that creates the declared indexes and search tables and fills them from the records held. */
    static List<String> createAll() {
        List<String> sql = new ArrayList<>();
        for (EntityType type : Schema.entities()) {
            for (DeviceIndex index : type.deviceIndexes()) {
                sql.add(createIndex(type, index));
            }
            if (!type.searchableFields().isEmpty()) {
                sql.addAll(createSearch(type));
            }
        }
        return sql;
    }

    private static String createIndex(EntityType type, DeviceIndex index) {
        String collate = index.ignoringCase() ? " COLLATE NOCASE" : "";
        String columns =
                index.fields().stream().map(name -> field(null, name) + collate).collect(Collectors.joining(", "));
        return "CREATE INDEX " + indexName(type, index) + " ON records (" + columns + ", id) WHERE "
                + condition(type, index, null);
    }

    private static List<String> createSearch(EntityType type) {
        String table = searchTable(type);
        List<FieldSpec> fields = type.searchableFields();
        String columns = fields.stream().map(FieldSpec::name).collect(Collectors.joining(", ")) + ", " + ID_COLUMN;
        String live = "entity = '" + entityLiteral(type) + "' AND deleted = 0";
        // detail=none: matching needs no positions; prefix indexes make the short prefixes typed first fast.
        return List.of(
                "CREATE VIRTUAL TABLE " + table + " USING fts5(" + columns + " UNINDEXED"
                        + ", detail = none, prefix = '1 2 3', tokenize = 'unicode61 remove_diacritics 2')",
                "INSERT INTO " + table + " (rowid, " + columns + ") SELECT rowid, " + values(fields, null)
                        + ", id FROM records WHERE " + live,
                "CREATE TRIGGER " + table + "_insert AFTER INSERT ON records WHEN new."
                        + live.replace(" AND ", " AND new.") + " BEGIN " + insertRow(table, columns, fields) + "; END",
                "CREATE TRIGGER " + table + "_update AFTER UPDATE OF entity, id, base, view, deleted ON records"
                        + " WHEN old.entity = '" + entityLiteral(type) + "' OR new.entity = '" + entityLiteral(type)
                        + "' BEGIN DELETE FROM " + table + " WHERE rowid = old.rowid; "
                        + insertRow(table, columns, fields) + " WHERE new." + live.replace(" AND ", " AND new.")
                        + "; END",
                "CREATE TRIGGER " + table + "_delete AFTER DELETE ON records WHEN old.entity = '" + entityLiteral(type)
                        + "' BEGIN DELETE FROM " + table + " WHERE rowid = old.rowid; END");
    }

    private static String insertRow(String table, String columns, List<FieldSpec> fields) {
        return "INSERT INTO " + table + " (rowid, " + columns + ") SELECT new.rowid, " + values(fields, "new")
                + ", new.id";
    }

    /** The searchable text of each field, over {@code rowName}'s record. */
    private static String values(List<FieldSpec> fields, String rowName) {
        return fields.stream()
                .map(spec -> spec.searchAs() == SearchAs.DIGITS
                        ? digitSuffixes(field(rowName, spec.name()), spec.maxLength())
                        : field(rowName, spec.name()))
                .collect(Collectors.joining(", "));
    }

    /**
     * Every suffix of a value's digits, space separated: "555-0123" is "5550123 550123 50123 0123 123
     * 23 3", so the prefix query "012" finds it. Without punctuation the digits stay one token.
     */
    private static String digitSuffixes(String value, int maxLength) {
        String digits = "coalesce(" + value + ", '')";
        for (String mark : PUNCTUATION) {
            digits = "replace(" + digits + ", '" + mark + "', '')";
        }
        StringBuilder suffixes = new StringBuilder("(SELECT substr(d, 1)");
        for (int start = 2; start <= maxLength; start++) {
            suffixes.append(" || ' ' || substr(d, ").append(start).append(')');
        }
        return suffixes.append(" FROM (SELECT ")
                .append(digits)
                .append(" AS d))")
                .toString();
    }

    /**
     * Merges each search table into one segment (outside a transaction): a full-text index keeps a
     * removed row's words in its older segments, marked deleted, until a merge; this rewrites them
     * without, and {@code secure_delete} zeroes the pages they were on. Run after an erasure.
     */
    static void mergeSearchTables(java.sql.Connection connection) throws java.sql.SQLException {
        for (EntityType type : Schema.entities()) {
            if (!type.searchableFields().isEmpty()) {
                String table = searchTable(type);
                try (var statement = connection.createStatement()) {
                    statement.execute("INSERT INTO " + table + " (" + table + ") VALUES ('optimize')");
                }
            }
        }
    }

    /** Statements that drop every object {@link #createAll} made (triggers and search tables first). */
    static String dropAllQuery() {
        return "SELECT CASE type WHEN 'trigger' THEN 'DROP TRIGGER ' WHEN 'index' THEN 'DROP INDEX '"
                + " ELSE 'DROP TABLE ' END || name FROM sqlite_master WHERE name LIKE '" + PREFIX + "%'"
                + " AND (type IN ('trigger', 'index') OR sql LIKE 'CREATE VIRTUAL TABLE%')"
                + " ORDER BY CASE type WHEN 'trigger' THEN 0 WHEN 'table' THEN 1 ELSE 2 END";
    }
}
