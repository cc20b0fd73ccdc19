package com.repairsync.server.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.PushResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A SQLite file at the first schema version, with a push's first results in it, is migrated by
 * opening the store: every result is kept (a resent mutation is still answered with it), and
 * applied_mutations is then a WITHOUT ROWID table whose key still refuses a second row.
 */
class SqliteMigrationIT {
    private static final String SHOP = "0195f3a2-0000-7000-8000-000000000001";
    private static final String DEVICE = "0195f3a2-0000-7000-8000-000000000002";

    @Test
    void firstResultsSurviveTheMoveToAWithoutRowidTable() throws Exception {
        Path dir = Files.createTempDirectory("repairsync-sqlite-migration-");
        String url = "jdbc:sqlite:" + dir.resolve(SqliteStore.FILE_NAME);
        Flyway.configure()
                .dataSource(url, null, null)
                .locations("classpath:db/migration/sqlite")
                .target("1")
                .load()
                .migrate();
        try (Connection db = DriverManager.getConnection(url);
                Statement sql = db.createStatement()) {
            sql.executeUpdate("INSERT INTO shops (id, name, seq, created_at) VALUES ('" + SHOP
                    + "', 'V1 shop', 2, '2025-11-24T09:00:00.000Z')");
            sql.executeUpdate("INSERT INTO applied_mutations (shop_id, mutation_id, device_id, status, seq,"
                    + " superseded, received_at) VALUES ('" + SHOP + "', 'm-1', '" + DEVICE
                    + "', 'applied', 1, 'phone', '2025-11-24T09:01:00.000Z')");
            sql.executeUpdate("INSERT INTO applied_mutations (shop_id, mutation_id, device_id, status, code,"
                    + " message, field, received_at) VALUES ('" + SHOP + "', 'm-2', '" + DEVICE
                    + "', 'rejected', 'validation_failed', 'firstName is required', 'firstName',"
                    + " '2025-11-24T09:01:00.000Z')");
        }

        try (SqliteStore store = SqliteStore.open(dir, 1)) {
            Map<String, PushResult> found =
                    store.read(tx -> tx.findMutationResults(SHOP, DEVICE, List.of("m-1", "m-2", "m-3")));
            assertThat(found).containsOnlyKeys("m-1", "m-2");
            assertThat(found.get("m-1").seq()).isEqualTo(1L);
            assertThat(found.get("m-2").code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(found.get("m-1").superseded()).containsExactly("phone");
        }

        try (Connection db = DriverManager.getConnection(url);
                Statement sql = db.createStatement()) {
            assertThat(rows(
                            sql,
                            "SELECT mutation_id, status, seq, code, message, field, superseded, received_at"
                                    + " FROM applied_mutations ORDER BY mutation_id"))
                    .containsExactly(
                            "m-1|applied|1|null|null|null|phone|2025-11-24T09:01:00.000Z",
                            "m-2|rejected|null|validation_failed|firstName is required|firstName|null|"
                                    + "2025-11-24T09:01:00.000Z");
            assertThat(rows(sql, "SELECT sql FROM sqlite_schema WHERE name = 'applied_mutations'"))
                    .singleElement()
                    .asString()
                    .contains("WITHOUT ROWID");
            assertThat(rows(sql, "SELECT name FROM sqlite_schema WHERE tbl_name = 'applied_mutations'"))
                    .containsExactly("applied_mutations");
            assertThatThrownBy(() -> sql.executeUpdate(
                            "INSERT INTO applied_mutations (shop_id, mutation_id, device_id, status, received_at)"
                                    + " VALUES ('" + SHOP + "', 'm-1', '" + DEVICE + "', 'applied', 'now')"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("UNIQUE");
        }
    }

    private static List<String> rows(Statement sql, String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet result = sql.executeQuery(query)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(String.valueOf(result.getString(i)));
                }
                rows.add(String.join("|", values));
            }
        }
        return rows;
    }
}
