package com.repairsync.bench;

import com.repairsync.client.internal.BenchHook;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The physical baseline's connection: plain JDBC with the device's own connection settings ({@link
 * BenchHook#connectionConfig}: WAL, synchronous=FULL, no generated-key query after each
 * insert), for the JMH benchmarks and the scenarios' raw insert alike.
 */
public final class RawSqlite {
    private RawSqlite() {}

    /** Opens (creating) a plain database file and runs {@code ddl} on it. */
    public static Connection open(Path file, String... ddl) throws SQLException {
        return open(file, null, ddl);
    }

    /**
     * Opens (creating) a database file encrypted with {@code key} as a device's is ({@link
     * BenchHook#connectionConfig}), or plain if the key is null, and runs {@code ddl}.
     */
    public static Connection open(Path file, byte[] key, String... ddl) throws SQLException {
        Connection connection =
                BenchHook.connectionConfig(key).createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement statement = connection.createStatement()) {
            for (String sql : ddl) {
                statement.execute(sql);
            }
        }
        return connection;
    }

    /** A random store key, for a benchmark's encrypted raw baseline. */
    public static byte[] randomKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return key;
    }

    /** Deletes a benchmark's temp directory. */
    public static void delete(Path dir) throws java.io.IOException {
        try (var paths = java.nio.file.Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }

    /** The device's records table, as the client migration makes it. */
    public static final String DEVICE_RECORDS =
            "CREATE TABLE IF NOT EXISTS records (entity TEXT NOT NULL, id TEXT NOT NULL,"
                    + " base TEXT, base_seq INTEGER NOT NULL DEFAULT 0, base_deleted INTEGER NOT NULL DEFAULT 0, view TEXT,"
                    + " deleted INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL, updated_at TEXT NOT NULL,"
                    + " PRIMARY KEY (entity, id))";
}
