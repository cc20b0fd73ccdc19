package com.repairsync.client.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Brings a device database to this SDK's schema with Flyway, the scripts in {@code
 * db/device-migrations} (not a Java package name, so the module system leaves them readable).
 *
 * <p>Starting Flyway costs about two seconds in a fresh JVM (it scans for scripts and plugins): on
 * every CLI command and every app start. So a database whose history already ends, successfully, at
 * this SDK's last script is opened without it; any other (new, older, failed, or newer, which
 * Flyway then refuses) goes through Flyway.
 */
final class DeviceMigrations {
    /** The version of the last migration, a script or {@link #JAVA} (DeviceMigrationsTest keeps it so). */
    static final int LATEST = 7;

    /** The migrations written in Java, beside the scripts: those built from the entity declarations. */
    static final List<JavaMigration> JAVA = List.of(new QueryIndexMigration(7));

    static final String LOCATION = "classpath:db/device-migrations";

    private DeviceMigrations() {}

    /** Migrates the database behind {@code source} unless it is already at {@link #LATEST}. */
    static void migrate(DataSource source) throws SQLException {
        if (current(source)) {
            return;
        }
        Flyway.configure()
                .dataSource(source)
                .locations(LOCATION)
                .javaMigrations(JAVA.toArray(JavaMigration[]::new))
                .load()
                .migrate();
    }

    /** Whether every script ran and succeeded and the last one is {@link #LATEST}. */
    static boolean current(DataSource source) throws SQLException {
        try (Connection connection = source.getConnection();
                Statement statement = connection.createStatement()) {
            try (ResultSet history = statement.executeQuery(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'flyway_schema_history'")) {
                if (!history.next()) {
                    return false;
                }
            }
            try (ResultSet history = statement.executeQuery("SELECT max(CAST(version AS INTEGER)), min(success),"
                    + " count(DISTINCT version) FROM flyway_schema_history WHERE version IS NOT NULL")) {
                return history.next()
                        && history.getInt(1) == LATEST
                        && history.getInt(2) == 1
                        && history.getInt(3) == LATEST;
            }
        }
    }
}
