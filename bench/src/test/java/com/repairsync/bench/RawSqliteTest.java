package com.repairsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The physical baseline must be set up as the device's own connection, or every ratio to it lies. */
class RawSqliteTest {
    @TempDir
    Path dir;

    @Test
    void connectionIsSetUpAsTheDevicesOwn() throws Exception {
        try (Connection connection = RawSqlite.open(dir.resolve("raw.db"), RawSqlite.DEVICE_RECORDS);
                Statement statement = connection.createStatement()) {
            assertThat(text(statement, "PRAGMA journal_mode")).isEqualTo("wal");
            assertThat(text(statement, "PRAGMA synchronous")).isEqualTo("2"); // FULL
        }
    }

    private static String text(Statement statement, String sql) throws Exception {
        try (ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }
}
