package com.repairsync.server.store.jdbc;

import com.repairsync.protocol.Hlc;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.merge.RecordState;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.server.store.ChangeQuery;
import com.repairsync.server.store.CustomView;
import com.repairsync.server.store.PulledRecord;
import com.repairsync.server.store.StoredInstants;
import com.repairsync.server.store.StoredRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The SQL of one entity's table, generated from its declaration: typed columns for the fields
 * plus the sync columns (seq, deleted, deleted_hlc, field_hlcs, created_at, updated_at, erased),
 * and for an entity that takes custom fields the {@code custom} column ({@link CustomColumn}).
 */
final class RecordTable {
    private final EntityType type;
    private final Dialect dialect;
    /** Whether the table has the custom column: the last one of every query and upsert. */
    private final boolean custom;

    private final String selectColumns;
    private final String findSql;
    private final String allSql;
    /** The upsert's INSERT columns and its conflict clause, around the rows' placeholders. */
    private final String upsertHead;

    private final String upsertRow;
    private final String upsertTail;
    private final Map<Integer, String> upsertSqls = new ConcurrentHashMap<>();
    /** A change read's SQL, without and with the download range of an entity that has one. */
    private record ChangesSql(String plain, String inRange) {}

    /** The pull's query for each role: the record's JSON holds the fields that role may see. */
    private final Map<Role, ChangesSql> pulledSqls = new EnumMap<>(Role.class);

    private final ChangesSql changeSeqsSql;

    RecordTable(EntityType type, Dialect dialect) {
        this.type = type;
        this.dialect = dialect;
        this.custom = type.allowsCustomFields();
        String customColumn = custom ? ", " + CustomColumn.COLUMN : "";
        List<String> columns = type.fields().stream().map(FieldSpec::column).toList();
        String table = type.table();
        this.selectColumns = "id, " + String.join(", ", columns)
                + ", seq, deleted, deleted_hlc, field_hlcs, created_at, updated_at, erased" + customColumn;
        this.findSql = "SELECT " + selectColumns + " FROM " + table + " WHERE shop_id = ? AND id = ?";
        this.allSql = "SELECT " + selectColumns + " FROM " + table + " WHERE shop_id = ?";
        String insertColumns = "shop_id, " + selectColumns;
        String placeholders = placeholders(columns.size() + 9 + (custom ? 1 : 0));
        String updates = columns.stream().map(c -> c + " = excluded." + c).collect(Collectors.joining(", "));
        this.upsertHead = "INSERT INTO " + table + " (" + insertColumns + ") VALUES ";
        this.upsertRow = "(" + placeholders + ")";
        this.upsertTail = " ON CONFLICT (shop_id, id) DO UPDATE SET " + updates
                + ", seq = excluded.seq, deleted = excluded.deleted, deleted_hlc = excluded.deleted_hlc"
                + ", field_hlcs = excluded.field_hlcs, updated_at = excluded.updated_at, erased = excluded.erased"
                + (custom ? ", custom = excluded.custom" : "");
        for (Role role : Role.values()) {
            pulledSqls.put(
                    role,
                    // A tombstone keeps its values: devices on wire version 6 show it and can restore it.
                    // The custom values come as their column's text, spliced in as the view allows.
                    changesSql("SELECT id, seq, deleted, deleted_hlc, field_hlcs, " + recordJson(role) + ", erased"
                            + customColumn));
        }
        this.changeSeqsSql = changesSql("SELECT seq");
    }

    /**
     * The record as the wire has it, rendered by the database: id, the fields the role may see, in
     * declared order, then createdAt and updatedAt. The same
     * JSON as {@code RecordJson} renders from a stored record, without reading every column
     * through the driver and building it again here (most of a pull page's cost).
     */
    private String recordJson(Role viewer) {
        List<Map.Entry<String, String>> members = new ArrayList<>();
        members.add(Map.entry("id", "id"));
        for (FieldSpec field : type.fields()) {
            if (field.visibility().visibleTo(viewer)) {
                members.add(Map.entry(field.name(), jsonValue(field)));
            }
        }
        members.add(Map.entry("createdAt", dialect.jsonInstant("created_at")));
        members.add(Map.entry("updatedAt", dialect.jsonInstant("updated_at")));
        return dialect.jsonObject(members);
    }

    private String jsonValue(FieldSpec field) {
        return switch (field.type()) {
            case BOOLEAN -> dialect.jsonBoolean(field.column());
            case INSTANT -> dialect.jsonInstant(field.column());
            default -> field.column();
        };
    }

    private ChangesSql changesSql(String select) {
        String plain =
                select + " FROM " + type.table() + " WHERE shop_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?";
        String inRange = type.downloadRangeField()
                .map(field -> select + " FROM " + type.table() + " WHERE shop_id = ? AND seq > ? AND seq <= ? AND "
                        + field.column() + " >= ? AND " + field.column() + " < ? ORDER BY seq LIMIT ?")
                .orElse(plain);
        return new ChangesSql(plain, inRange);
    }

    String findSql() {
        return findSql;
    }

    /** Every record of a shop (for small tables only: a shop's custom field declarations). */
    String allSql() {
        return allSql;
    }

    /** Finds up to {@code count} records of a shop by id: {@code shop_id = ? AND id IN (?, ...)}. */
    String findManySql(int count) {
        return "SELECT " + selectColumns + " FROM " + type.table() + " WHERE shop_id = ? AND id IN ("
                + placeholders(count) + ")";
    }

    /** {@code count} comma-separated parameter markers: {@code ?, ?, ?}. */
    static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    /**
     * Inserts or updates {@code rows} records of distinct ids in one statement (a database may
     * refuse to update one row twice in a statement).
     */
    String upsertSql(int rows) {
        return upsertSqls.computeIfAbsent(
                rows, n -> upsertHead + String.join(", ", Collections.nCopies(n, upsertRow)) + upsertTail);
    }

    /** The query for a pull's read as {@code viewer} may see the records, with its parameters bound. */
    PreparedStatement preparePulled(JdbcTransaction tx, String shopId, ChangeQuery query, Role viewer)
            throws SQLException {
        return prepare(tx, shopId, query, pulledSqls.get(viewer));
    }

    /** The same query, reading only the sequences (from the (shop_id, seq) index). */
    PreparedStatement prepareChangeSeqs(JdbcTransaction tx, String shopId, ChangeQuery query) throws SQLException {
        return prepare(tx, shopId, query, changeSeqsSql);
    }

    private PreparedStatement prepare(JdbcTransaction tx, String shopId, ChangeQuery query, ChangesSql sql)
            throws SQLException {
        boolean ranged =
                type.downloadRangeField().isPresent() && (query.rangeFrom() != null || query.rangeTo() != null);
        PreparedStatement statement = tx.prepare(ranged ? sql.inRange() : sql.plain());
        int i = 1;
        statement.setString(i++, shopId);
        statement.setLong(i++, query.afterSeq());
        statement.setLong(i++, query.upToSeq());
        if (ranged) {
            // An open end is the end of what a store keeps: before 1970 and the last second of 9999 count too.
            dialect.bindInstant(statement, i++, query.rangeFrom() == null ? StoredInstants.MIN : query.rangeFrom());
            dialect.bindInstant(statement, i++, query.rangeTo() == null ? StoredInstants.MAX : query.rangeTo());
        }
        statement.setInt(i, query.limit());
        return statement;
    }

    /** Binds one record's row of an upsert from parameter {@code first}; returns the index after it. */
    int bindUpsert(PreparedStatement statement, int first, String shopId, StoredRecord record) throws SQLException {
        RecordState state = record.state();
        int i = first;
        statement.setString(i++, shopId);
        statement.setString(i++, record.id());
        for (FieldSpec field : type.fields()) {
            bindValue(statement, i++, field, state.value(field.name()));
        }
        statement.setLong(i++, record.seq());
        statement.setBoolean(i++, state.deleted());
        statement.setString(
                i++, state.deletedHlc() == null ? null : state.deletedHlc().toString());
        statement.setString(i++, FieldHlcsColumn.write(state.fieldHlcs()));
        dialect.bindInstant(statement, i++, record.createdAt());
        dialect.bindInstant(statement, i++, record.updatedAt());
        statement.setBoolean(i++, state.erased());
        if (custom) {
            statement.setString(i++, CustomColumn.write(state.values()));
        }
        return i;
    }

    // Columns by position, in selectColumns order: id, the fields, then the sync columns.
    private int seqColumn() {
        return type.fields().size() + 2;
    }

    StoredRecord read(ResultSet row) throws SQLException {
        int sync = seqColumn();
        String deletedHlc = row.getString(sync + 2);
        RecordState state = new RecordState(
                readValues(row),
                FieldHlcsColumn.read(row.getString(sync + 3)),
                row.getBoolean(sync + 1),
                deletedHlc == null ? null : Hlc.parse(deletedHlc),
                row.getBoolean(sync + 6));
        return new StoredRecord(
                row.getString(1),
                row.getLong(sync),
                state,
                dialect.readInstant(row, sync + 4),
                dialect.readInstant(row, sync + 5));
    }

    /**
     * A row of {@link #preparePulled}: the field HLCs are only scanned for the latest one. The
     * custom values are spliced into the record's JSON as their column holds them, parsed only when
     * the view hides some field's.
     */
    PulledRecord readPulled(ResultSet row, CustomView view) throws SQLException {
        String deletedHlc = row.getString(4);
        String latest = FieldHlcsColumn.latest(row.getString(5));
        if (deletedHlc != null && (latest == null || deletedHlc.compareTo(latest) > 0)) {
            latest = deletedHlc;
        }
        String json = row.getString(6);
        if (custom && view.included() && json != null) {
            json = CustomColumn.splice(json, CustomColumn.without(row.getString(8), view.hidden()));
        }
        return new PulledRecord(row.getString(1), row.getLong(2), row.getBoolean(3), latest, json, row.getBoolean(7));
    }

    private Map<String, Object> readValues(ResultSet row) throws SQLException {
        Map<String, Object> values = new HashMap<>();
        int column = 2;
        for (FieldSpec field : type.fields()) {
            Object value = readValue(row, field, column++);
            if (value != null) {
                values.put(field.name(), value);
            }
        }
        if (custom) {
            CustomColumn.read(row.getString(seqColumn() + 7), values);
        }
        return values;
    }

    private void bindValue(PreparedStatement statement, int index, FieldSpec field, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, sqlType(field));
            return;
        }
        switch (field.type()) {
            case INTEGER, MONEY, COUNTER -> statement.setLong(index, (Long) value);
            case BOOLEAN -> statement.setBoolean(index, (Boolean) value);
            case INSTANT -> dialect.bindInstant(statement, index, (Instant) value);
            default -> statement.setString(index, (String) value);
        }
    }

    private Object readValue(ResultSet row, FieldSpec field, int column) throws SQLException {
        Object value =
                switch (field.type()) {
                    case INTEGER, MONEY, COUNTER -> row.getLong(column);
                    case BOOLEAN -> row.getBoolean(column);
                    case INSTANT -> dialect.readInstant(row, column);
                    default -> row.getString(column);
                };
        return row.wasNull() ? null : value;
    }

    private static int sqlType(FieldSpec field) {
        return switch (field.type()) {
            case INTEGER, MONEY, COUNTER -> Types.BIGINT;
            case BOOLEAN -> Types.BOOLEAN;
            case INSTANT -> Types.TIMESTAMP_WITH_TIMEZONE;
            case REFERENCE -> Types.OTHER;
            default -> Types.VARCHAR;
        };
    }
}
