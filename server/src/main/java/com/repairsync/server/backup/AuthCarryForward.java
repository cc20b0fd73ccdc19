package com.repairsync.server.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A restore never undoes security: the authentication state of the database being replaced
 * (attached read-only as {@code old}) is carried into the restored one, in the caller's
 * transaction. Passwords and session generations, refresh tokens, devices and their revocations,
 * and sign-in e-mails are taken whole from the replaced database; shops made after the backup are
 * added; an employee whose replaced row is newer (a later HLC on any field or its deletion) replaces
 * the restored one, under a new sequence number so every device pulls it.
 */
final class AuthCarryForward {
    /** Tables that hold only authentication state, never synced: the replaced database's win whole. */
    static final List<String> AUTH_TABLES =
            List.of("employee_credentials", "devices", "refresh_tokens", "sign_in_emails");

    private static final String NEWEST_HLC = "max(coalesce((SELECT max(value) FROM json_each(%1$s.field_hlcs)), ''),"
            + " coalesce(%1$s.deleted_hlc, ''))";

    private AuthCarryForward() {}

    /** What was carried: rows of the authentication tables, shops and employees. */
    record Carried(int authRows, int shops, int employees) {}

    static Carried carry(Connection connection) throws SQLException {
        int shops = copy(connection, "shops", " WHERE id NOT IN (SELECT id FROM main.shops)");
        int authRows = 0;
        for (String table : AUTH_TABLES) {
            if (SqliteFiles.hasTable(connection, "old", table)) {
                try (Statement statement = connection.createStatement()) {
                    statement.executeUpdate("DELETE FROM main." + table);
                }
                authRows += copy(connection, table, "");
            }
        }
        return new Carried(authRows, shops, carryEmployees(connection));
    }

    /** Copies the rows of {@code old.table} the condition selects, in the columns both databases have. */
    private static int copy(Connection connection, String table, String condition) throws SQLException {
        String columns = String.join(", ", sharedColumns(connection, table));
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate("INSERT INTO main." + table + " (" + columns + ") SELECT " + columns
                    + " FROM old." + table + condition);
        }
    }

    private static Set<String> sharedColumns(Connection connection, String table) throws SQLException {
        Set<String> columns = columns(connection, "main", table);
        columns.retainAll(columns(connection, "old", table));
        return columns.stream().map(name -> '"' + name + '"').collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static Set<String> columns(Connection connection, String schema, String table) throws SQLException {
        Set<String> names = new LinkedHashSet<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("PRAGMA " + schema + ".table_info(" + table + ")")) {
            while (rows.next()) {
                names.add(rows.getString("name"));
            }
        }
        return names;
    }

    private record Key(String shopId, String id) {}

    /** Employees added or changed after the backup, each under the next sequence number of its shop. */
    private static int carryEmployees(Connection connection) throws SQLException {
        List<Key> newer = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT o.shop_id, o.id FROM old.employees o"
                        + " LEFT JOIN main.employees m ON m.shop_id = o.shop_id AND m.id = o.id"
                        + " WHERE m.id IS NULL OR " + NEWEST_HLC.formatted("o") + " > "
                        + NEWEST_HLC.formatted("m") + " ORDER BY o.seq")) {
            while (rows.next()) {
                newer.add(new Key(rows.getString(1), rows.getString(2)));
            }
        }
        Set<String> columns = sharedColumns(connection, "employees");
        columns.remove("\"seq\"");
        String names = String.join(", ", columns);
        try (PreparedStatement bump = connection.prepareStatement("UPDATE main.shops SET seq = seq + 1 WHERE id = ?");
                PreparedStatement read = connection.prepareStatement("SELECT seq FROM main.shops WHERE id = ?");
                PreparedStatement replace = connection.prepareStatement("INSERT OR REPLACE INTO main.employees ("
                        + names + ", seq) SELECT " + names + ", ? FROM old.employees WHERE shop_id = ? AND id = ?")) {
            for (Key key : newer) {
                bump.setString(1, key.shopId());
                bump.executeUpdate();
                read.setString(1, key.shopId());
                try (ResultSet row = read.executeQuery()) {
                    row.next();
                    replace.setLong(1, row.getLong(1));
                }
                replace.setString(2, key.shopId());
                replace.setString(3, key.id());
                replace.executeUpdate();
            }
        }
        return newer.size();
    }
}
