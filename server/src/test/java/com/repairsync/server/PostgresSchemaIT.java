package com.repairsync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.server.testing.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The PostgreSQL migration and the entity declarations agree: every declared field has a column of
 * its real type (uuid, timestamptz, bigint, boolean, text), required fields are NOT NULL, pulls and
 * appointment ranges have their indexes, and every shop-owned table has row-level security on.
 */
class PostgresSchemaIT {

    @RegisterExtension
    static final TestServer server = TestServer.startOnPostgres(Clock.systemUTC(), Map.of());

    private static String expectedType(FieldSpec field) {
        return switch (field.type()) {
            case INTEGER, MONEY, COUNTER -> "bigint";
            case BOOLEAN -> "boolean";
            case INSTANT -> "timestamp with time zone";
            case REFERENCE -> "uuid";
            case TEXT, EMAIL, ENUM, FILE, DATE -> "text";
        };
    }

    @Test
    void everyDeclaredFieldHasAColumnOfItsRealType() throws SQLException {
        try (Connection db = server.openDatabase()) {
            for (EntityType type : Schema.entities()) {
                Map<String, String> types = new HashMap<>();
                Map<String, Boolean> notNull = new HashMap<>();
                try (PreparedStatement columns =
                        db.prepareStatement("SELECT column_name, data_type, is_nullable FROM information_schema.columns"
                                + " WHERE table_schema = current_schema() AND table_name = ?")) {
                    columns.setString(1, type.table());
                    try (ResultSet column = columns.executeQuery()) {
                        while (column.next()) {
                            types.put(column.getString(1), column.getString(2));
                            notNull.put(column.getString(1), column.getString(3).equals("NO"));
                        }
                    }
                }
                assertThat(types)
                        .as(type.name())
                        .containsEntry("shop_id", "uuid")
                        .containsEntry("id", "uuid")
                        .containsEntry("seq", "bigint")
                        .containsEntry("deleted", "boolean")
                        .containsEntry("field_hlcs", "jsonb")
                        .containsEntry("created_at", "timestamp with time zone")
                        .containsEntry("updated_at", "timestamp with time zone");
                if (type.allowsCustomFields()) {
                    assertThat(types).as(type.name()).containsEntry("custom", "text");
                    assertThat(notNull.get("custom"))
                            .as(type.name() + ".custom")
                            .isTrue();
                }
                for (FieldSpec field : type.fields()) {
                    assertThat(types.get(field.column()))
                            .as(type.name() + "." + field.name())
                            .isEqualTo(expectedType(field));
                    if (field.required()) {
                        assertThat(notNull.get(field.column()))
                                .as(type.name() + "." + field.name())
                                .isTrue();
                    }
                }
            }
        }
    }

    @Test
    void pullsAndAppointmentRangesHaveIndexes() throws SQLException {
        List<String> indexes = new ArrayList<>();
        try (Connection db = server.openDatabase();
                ResultSet row = db.createStatement()
                        .executeQuery("SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()")) {
            while (row.next()) {
                indexes.add(row.getString(1));
            }
        }
        for (EntityType type : Schema.entities()) {
            assertThat(indexes).as(type.table()).anyMatch(def -> isIndexOn(def, type.table(), "(shop_id, seq)"));
        }
        assertThat(indexes).anyMatch(def -> isIndexOn(def, "appointments", "(shop_id, starts_at)"));
    }

    /** True for "CREATE INDEX name ON schema.table USING btree (columns)". */
    private static boolean isIndexOn(String definition, String table, String columns) {
        return definition.matches(".* ON (\\w+\\.)?" + table + " USING \\w+ \\Q" + columns + "\\E.*");
    }

    @Test
    void everyShopOwnedTableHasRowLevelSecurityOn() throws SQLException {
        try (Connection db = server.openDatabase();
                ResultSet row = db.createStatement()
                        .executeQuery("SELECT c.relname, c.relrowsecurity,"
                                + " (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid)"
                                + " FROM pg_class c JOIN information_schema.columns k"
                                + "   ON k.table_name = c.relname AND k.table_schema = current_schema()"
                                + " WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace"
                                + "   AND k.column_name = 'shop_id'")) {
            int tables = 0;
            while (row.next()) {
                tables++;
                assertThat(row.getBoolean(2)).as(row.getString(1)).isTrue();
                assertThat(row.getLong(3)).as(row.getString(1)).isPositive();
            }
            assertThat(tables).isGreaterThanOrEqualTo(Schema.entities().size() + 4);
        }
    }
}
