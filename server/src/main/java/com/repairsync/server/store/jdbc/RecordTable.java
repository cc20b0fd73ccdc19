package com.repairsync.server.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.protocol.Hlc;
import com.repairsync.protocol.merge.RecordState;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.server.store.ChangeQuery;
import com.repairsync.server.store.StoredRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The SQL of one entity's table, generated from its declaration: typed columns for the fields
 * plus the sync columns (seq, deleted, deleted_hlc, field_hlcs, created_at, updated_at).
 */
final class RecordTable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> HLC_MAP = new TypeReference<>() {};

    private final EntityType type;
    private final Dialect dialect;
    private final String selectColumns;
    private final String findSql;
    private final String liveSql;
    private final String upsertSql;
    private final String changesSql;
    private final String changesInRangeSql;

    RecordTable(EntityType type, Dialect dialect) {
        this.type = type;
        this.dialect = dialect;
        List<String> columns = type.fields().stream().map(FieldSpec::column).toList();
        String table = type.table();
        this.selectColumns =
                "id, " + String.join(", ", columns) + ", seq, deleted, deleted_hlc, field_hlcs, created_at, updated_at";
        this.findSql = "SELECT " + selectColumns + " FROM " + table + " WHERE shop_id = ? AND id = ?";
        this.liveSql = "SELECT 1 FROM " + table + " WHERE shop_id = ? AND id = ? AND NOT deleted";
        String insertColumns = "shop_id, " + selectColumns;
        String placeholders = String.join(", ", Collections.nCopies(columns.size() + 8, "?"));
        String updates = columns.stream().map(c -> c + " = excluded." + c).collect(Collectors.joining(", "));
        this.upsertSql = "INSERT INTO " + table + " (" + insertColumns + ") VALUES (" + placeholders + ")"
                + " ON CONFLICT (shop_id, id) DO UPDATE SET " + updates
                + ", seq = excluded.seq, deleted = excluded.deleted, deleted_hlc = excluded.deleted_hlc"
                + ", field_hlcs = excluded.field_hlcs, updated_at = excluded.updated_at";
        String changes = "SELECT " + selectColumns + " FROM " + table + " WHERE shop_id = ? AND seq > ?";
        this.changesSql = changes + " ORDER BY seq LIMIT ?";
        this.changesInRangeSql = type.downloadRangeField()
                .map(field -> changes + " AND " + field.column() + " >= ? AND " + field.column()
                        + " < ? ORDER BY seq LIMIT ?")
                .orElse(changesSql);
    }

    String findSql() {
        return findSql;
    }

    String liveSql() {
        return liveSql;
    }

    String upsertSql() {
        return upsertSql;
    }

    /** The query for a change read, with its parameters bound. */
    PreparedStatement prepareChanges(java.sql.Connection connection, String shopId, ChangeQuery query)
            throws SQLException {
        boolean ranged =
                type.downloadRangeField().isPresent() && (query.rangeFrom() != null || query.rangeTo() != null);
        PreparedStatement statement = connection.prepareStatement(ranged ? changesInRangeSql : changesSql);
        int i = 1;
        statement.setString(i++, shopId);
        statement.setLong(i++, query.afterSeq());
        if (ranged) {
            dialect.bindInstant(statement, i++, query.rangeFrom() == null ? Instant.EPOCH : query.rangeFrom());
            dialect.bindInstant(
                    statement, i++, query.rangeTo() == null ? Instant.parse("9999-12-31T23:59:59Z") : query.rangeTo());
        }
        statement.setInt(i, query.limit());
        return statement;
    }

    void bindUpsert(PreparedStatement statement, String shopId, StoredRecord record) throws SQLException {
        RecordState state = record.state();
        int i = 1;
        statement.setString(i++, shopId);
        statement.setString(i++, record.id());
        for (FieldSpec field : type.fields()) {
            bindValue(statement, i++, field, state.value(field.name()));
        }
        statement.setLong(i++, record.seq());
        statement.setBoolean(i++, state.deleted());
        statement.setString(
                i++, state.deletedHlc() == null ? null : state.deletedHlc().toString());
        statement.setString(i++, hlcsToJson(state.fieldHlcs()));
        dialect.bindInstant(statement, i++, record.createdAt());
        dialect.bindInstant(statement, i, record.updatedAt());
    }

    StoredRecord read(ResultSet row) throws SQLException {
        Map<String, Object> values = new HashMap<>();
        for (FieldSpec field : type.fields()) {
            Object value = readValue(row, field);
            if (value != null) {
                values.put(field.name(), value);
            }
        }
        String deletedHlc = row.getString("deleted_hlc");
        RecordState state = new RecordState(
                values,
                hlcsFromJson(row.getString("field_hlcs")),
                row.getBoolean("deleted"),
                deletedHlc == null ? null : Hlc.parse(deletedHlc));
        return new StoredRecord(
                row.getString("id"),
                row.getLong("seq"),
                state,
                dialect.readInstant(row, "created_at"),
                dialect.readInstant(row, "updated_at"));
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

    private Object readValue(ResultSet row, FieldSpec field) throws SQLException {
        Object value =
                switch (field.type()) {
                    case INTEGER, MONEY, COUNTER -> row.getLong(field.column());
                    case BOOLEAN -> row.getBoolean(field.column());
                    case INSTANT -> dialect.readInstant(row, field.column());
                    default -> row.getString(field.column());
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

    private static String hlcsToJson(Map<String, Hlc> hlcs) {
        Map<String, String> text = new TreeMap<>();
        hlcs.forEach((field, hlc) -> text.put(field, hlc.toString()));
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode field HLCs", e);
        }
    }

    private static Map<String, Hlc> hlcsFromJson(String json) {
        try {
            Map<String, Hlc> hlcs = new HashMap<>();
            JSON.readValue(json, HLC_MAP).forEach((field, hlc) -> hlcs.put(field, Hlc.parse(hlc)));
            return hlcs;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt field_hlcs column: " + json, e);
        }
    }
}
