package com.repairsync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.server.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The migration and the entity declarations agree: every declared field has a typed column, and
 * required fields are NOT NULL. Adding an entity without its table fails here.
 */
class SchemaMigrationIT {

    @Test
    void everyDeclaredFieldHasAColumnOfItsType() throws SQLException {
        try (TestServer server = TestServer.start();
                Connection db = DriverManager.getConnection("jdbc:sqlite:" + server.databaseFile())) {
            try (ResultSet mode = db.createStatement().executeQuery("PRAGMA journal_mode")) {
                assertThat(mode.next()).isTrue();
                assertThat(mode.getString(1)).isEqualToIgnoringCase("wal");
            }
            for (EntityType type : Schema.entities()) {
                Map<String, String> types = new HashMap<>();
                Map<String, Boolean> notNull = new HashMap<>();
                try (ResultSet columns = db.createStatement().executeQuery("PRAGMA table_info(" + type.table() + ")")) {
                    while (columns.next()) {
                        types.put(columns.getString("name"), columns.getString("type"));
                        notNull.put(columns.getString("name"), columns.getInt("notnull") == 1);
                    }
                }
                assertThat(types)
                        .as(type.name())
                        .containsKeys(
                                "shop_id",
                                "id",
                                "seq",
                                "deleted",
                                "deleted_hlc",
                                "field_hlcs",
                                "created_at",
                                "updated_at");
                for (FieldSpec field : type.fields()) {
                    assertThat(types).as(type.name() + "." + field.name()).containsKey(field.column());
                    String expected =
                            switch (field.type()) {
                                case INTEGER, MONEY, COUNTER, BOOLEAN -> "INTEGER";
                                default -> "TEXT";
                            };
                    assertThat(types.get(field.column()))
                            .as(type.name() + "." + field.name())
                            .isEqualTo(expected);
                    if (field.required()) {
                        assertThat(notNull.get(field.column()))
                                .as(type.name() + "." + field.name())
                                .isTrue();
                    }
                }
            }
        }
    }
}
