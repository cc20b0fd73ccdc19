package com.repairsync.server.backup;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Puts a copy of a backup next to the live database and checks it, touching nothing else: it must
 * be a SQLite file, pass {@code integrity_check}, be a RepairSync server database, and come from
 * no newer schema than this server's migrations; then it is migrated to this server's schema.
 */
final class RestoreStaging {
    private static final String MIGRATIONS = "classpath:db/migration/sqlite";

    private RestoreStaging() {}

    /**
     * Copies {@code backup} to {@code staged} (created 0600) and checks the copy.
     *
     * @throws BackupException naming what is wrong with the backup
     */
    static void stage(Path backup, Path staged) throws IOException, SQLException {
        if (!Files.isRegularFile(backup)) {
            throw new BackupException("no backup file " + backup);
        }
        if (!SqliteFiles.isSqlite(backup)) {
            throw new BackupException(backup + " is not a SQLite database");
        }
        SqliteFiles.createOwnerOnly(staged);
        try (FileChannel from = FileChannel.open(backup, StandardOpenOption.READ);
                FileChannel to = FileChannel.open(staged, StandardOpenOption.WRITE)) {
            long size = from.size();
            for (long done = 0; done < size; ) {
                done += to.transferFrom(from, done, size - done);
            }
        }
        try (Connection connection = SqliteFiles.open(staged)) {
            try (Statement statement = connection.createStatement()) {
                // One file, no -wal beside it, until the server opens it in WAL mode again.
                statement.execute("PRAGMA journal_mode = DELETE");
            }
            String integrity = SqliteFiles.integrityCheck(connection);
            if (!integrity.equals("ok")) {
                throw new BackupException(backup + " fails SQLite's integrity check: " + integrity);
            }
            if (!SqliteFiles.hasTable(connection, "main", "flyway_schema_history")
                    || !SqliteFiles.hasTable(connection, "main", "shops")) {
                throw new BackupException(backup + " is not a RepairSync server database (it has no"
                        + " flyway_schema_history and shops tables)");
            }
        }
        migrate(backup, staged);
        try (Connection connection = SqliteFiles.open(staged)) {
            if (!SqliteFiles.hasTable(connection, "main", "server_history")) {
                throw new BackupException(backup + " is not a RepairSync server database (no server_history)");
            }
        }
    }

    /** Refuses a schema newer than this server's migrations, and brings an older one up to date. */
    private static void migrate(Path backup, Path staged) {
        Flyway flyway = Flyway.configure()
                .dataSource("jdbc:sqlite:" + staged.toAbsolutePath(), "", "")
                .locations(MIGRATIONS)
                .load();
        MigrationInfo[] future = Arrays.stream(flyway.info().all())
                .filter(info -> info.getState().name().startsWith("FUTURE"))
                .toArray(MigrationInfo[]::new);
        if (future.length > 0) {
            String versions = Arrays.stream(future)
                    .map(info -> info.getVersion().toString())
                    .collect(Collectors.joining(", "));
            throw new BackupException(backup + " comes from a newer RepairSync: its schema has version(s) "
                    + versions + ", which this server does not know (it knows up to "
                    + knownVersion(flyway) + "); restore it with the newer version");
        }
        flyway.migrate();
    }

    private static String knownVersion(Flyway flyway) {
        return Arrays.stream(flyway.info().all())
                .filter(info -> !info.getState().name().startsWith("FUTURE") && info.getVersion() != null)
                .map(info -> info.getVersion().toString())
                .reduce((first, last) -> last)
                .orElse("none");
    }
}
