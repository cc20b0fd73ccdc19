package com.repairsync.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

class DeviceMigrationsTest {
    private static final int LATEST = DeviceMigrations.LATEST;

    @TempDir
    Path dir;

    @Test
    void latestNamesTheLastScript() throws IOException {
        int last;
        try (Stream<Path> scripts = Files.list(Path.of("src/main/resources/db/device-migrations"))) {
            last = scripts.map(script -> script.getFileName().toString())
                    .filter(name -> name.matches("V\\d+__.*\\.sql"))
                    .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
                    .max()
                    .orElseThrow();
        }
        for (var java : DeviceMigrations.JAVA) {
            last = Math.max(last, Integer.parseInt(java.getVersion().getVersion()));
        }
        assertThat(DeviceMigrations.LATEST).isEqualTo(last);
    }

    @Test
    void aDatabaseIsCurrentOnlyWhenEveryScriptRanAndSucceeded() throws Exception {
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + dir.resolve("device.db"));
        assertThat(DeviceMigrations.current(source)).as("a new database").isFalse();

        DeviceMigrations.migrate(source);
        assertThat(DeviceMigrations.current(source)).as("after migrating").isTrue();

        try (Connection connection = source.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("UPDATE flyway_schema_history SET success = 0 WHERE version = '" + LATEST + "'");
        }
        assertThat(DeviceMigrations.current(source)).as("a failed script").isFalse();

        try (Connection connection = source.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("UPDATE flyway_schema_history SET success = 1");
            statement.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                    + " installed_by, execution_time, success) VALUES (99, '" + (LATEST + 1)
                    + "', 'newer', 'SQL', 'newer.sql',"
                    + " 'x', 0, 1)");
        }
        assertThat(DeviceMigrations.current(source))
                .as("a newer schema, which Flyway refuses")
                .isFalse();

        try (Connection connection = source.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM flyway_schema_history WHERE CAST(version AS INTEGER) >= " + LATEST);
        }
        assertThat(DeviceMigrations.current(source)).as("an older schema").isFalse();
    }
}
