package com.repairsync.bench.scenario;

import com.repairsync.bench.RawSqlite;
import com.repairsync.client.internal.BenchHook;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The physical limit of the device side: the rows a device stored, inserted again into a fresh
 * device database (same schema; a {@link RawSqlite} connection) with one prepared statement in ONE
 * transaction. The rows are read into memory first; only the insert and commit are timed.
 */
final class RawInsert {
    /** A record row as the device stores it (its view NULL where it is the base). */
    record Row(String entity, String id, String base, long seq, String view) {}

    private RawInsert() {}

    /** Every record row of a device database, in rowid order. */
    static List<Row> read(Path deviceFile, Path keysFolder) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection connection = BenchHook.connect(deviceFile, keysFolder);
                Statement statement = connection.createStatement();
                ResultSet result =
                        statement.executeQuery("SELECT entity, id, base, base_seq, view FROM records ORDER BY rowid")) {
            while (result.next()) {
                rows.add(new Row(
                        result.getString(1),
                        result.getString(2),
                        result.getString(3),
                        result.getLong(4),
                        result.getString(5)));
            }
        }
        return rows;
    }

    /** Inserts the rows into a new device database in one transaction; returns the seconds it took. */
    static double insert(Path freshFile, Path keysFolder, List<Row> rows) throws SQLException {
        BenchHook.createDeviceDatabase(
                freshFile, keysFolder); // the device schema, migrated and encrypted as a device's
        try (Connection connection = BenchHook.connect(freshFile, keysFolder)) {
            long start = System.nanoTime();
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO records (entity, id, base, base_seq, view, status, updated_at)"
                            + " VALUES (?, ?, ?, ?, ?, 'synced', ?)")) {
                String now = java.time.Instant.now().toString();
                for (Row row : rows) {
                    insert.setString(1, row.entity());
                    insert.setString(2, row.id());
                    insert.setString(3, row.base());
                    insert.setLong(4, row.seq());
                    insert.setString(5, row.view());
                    insert.setString(6, now);
                    insert.executeUpdate();
                }
            }
            connection.commit();
            return (System.nanoTime() - start) / 1e9;
        }
    }
}
