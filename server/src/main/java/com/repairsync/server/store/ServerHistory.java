package com.repairsync.server.store;

import com.repairsync.protocol.WireInstant;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The server's history id, its epoch: which line of history the data belongs to. It is made once
 * with the database, and again whenever the data is put back to an earlier state: {@code
 * repairsync restore} renews it in the restored SQLite file; on PostgreSQL the server renews it at
 * start when the database is not where the id was made (see the V5 migration). Devices compare it
 * on every answer: a new one means the server may have lost acknowledged changes.
 */
public final class ServerHistory {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ServerHistory() {}

    /** The history id stored in the database. */
    public static String current(Connection connection) throws SQLException {
        return row(connection).id();
    }

    /**
     * Gives the database a new history id, as after a restore.
     *
     * @return the new id
     */
    public static String renew(Connection connection) throws SQLException {
        return renew(connection, row(connection).fingerprint());
    }

    /**
     * The history id of a database that knows where it lives ({@code fingerprint}): the stored id
     * if the stored fingerprint is this one, a new id if the data was copied here from elsewhere,
     * and the stored id with the fingerprint recorded on a database that had none yet.
     *
     * @param restored told when the id is renewed because the fingerprint changed
     */
    public static String check(Connection connection, String fingerprint, Runnable restored) throws SQLException {
        // Under a row lock: nodes starting together after a restore agree on one new id.
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            Row row = row(connection, " FOR UPDATE");
            String id = row.id();
            if (row.fingerprint().isEmpty()) {
                update(connection, id, fingerprint, false);
            } else if (!row.fingerprint().equals(fingerprint)) {
                restored.run();
                id = newId();
                update(connection, id, fingerprint, true);
            }
            connection.commit();
            return id;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * Where a PostgreSQL database lives: its cluster's system identifier (when the role may read it),
     * the database's OID and the history table's OID. A dump restored anywhere, even over the same
     * database, changes at least one; a physical replica promoted by a failover changes none.
     */
    public static String postgresFingerprint(Connection connection) throws SQLException {
        String database;
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT (SELECT oid FROM pg_database WHERE datname ="
                        + " current_database())::text || ':' || 'server_history'::regclass::oid::text")) {
            row.next();
            database = row.getString(1);
        }
        return systemIdentifier(connection)
                .map(cluster -> cluster + ":" + database)
                .orElse(database);
    }

    private static Optional<String> systemIdentifier(Connection connection) throws SQLException {
        boolean allowed;
        try (Statement statement = connection.createStatement();
                ResultSet row =
                        statement.executeQuery("SELECT has_function_privilege('pg_control_system()', 'EXECUTE')")) {
            row.next();
            allowed = row.getBoolean(1);
        }
        if (!allowed) {
            return Optional.empty();
        }
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT system_identifier::text FROM pg_control_system()")) {
            row.next();
            return Optional.of(row.getString(1));
        }
    }

    private record Row(String id, String fingerprint) {}

    private static Row row(Connection connection) throws SQLException {
        return row(connection, "");
    }

    private static Row row(Connection connection, String lock) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(
                        "SELECT history_id, fingerprint FROM server_history WHERE singleton = 1" + lock)) {
            if (!row.next()) {
                throw new SQLException("server_history holds no row: the database was not made by RepairSync");
            }
            return new Row(row.getString(1), row.getString(2));
        }
    }

    private static String renew(Connection connection, String fingerprint) throws SQLException {
        String id = newId();
        update(connection, id, fingerprint, true);
        return id;
    }

    private static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void update(Connection connection, String id, String fingerprint, boolean began)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                began
                        ? "UPDATE server_history SET history_id = ?, fingerprint = ?, began_at = ? WHERE singleton = 1"
                        : "UPDATE server_history SET history_id = ?, fingerprint = ? WHERE singleton = 1")) {
            update.setString(1, id);
            update.setString(2, fingerprint);
            if (began) {
                update.setString(3, WireInstant.format(Instant.now()));
            }
            update.executeUpdate();
        }
    }
}
