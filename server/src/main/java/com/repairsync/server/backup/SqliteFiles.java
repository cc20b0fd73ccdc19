package com.repairsync.server.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What backup and restore do to SQLite files: create them owner-only, recognise, check and sync them. */
final class SqliteFiles {
    private static final byte[] HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private SqliteFiles() {}

    /** A plain JDBC connection to a database file (the server's settings are not needed here). */
    static Connection open(Path file) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 10000");
        }
        return connection;
    }

    /** Creates an empty file readable and writable by its owner only, never by others even for a moment. */
    static void createOwnerOnly(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
    }

    /** True when the file starts with SQLite's header. */
    static boolean isSqlite(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(HEADER.length), HEADER);
        }
    }

    /** "ok", or the first problems {@code PRAGMA integrity_check} found. */
    static String integrityCheck(Connection connection) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("PRAGMA integrity_check(5)")) {
            while (rows.next()) {
                problems.add(rows.getString(1));
            }
        }
        return String.join("; ", problems);
    }

    /** True when the database has a table of this name. */
    static boolean hasTable(Connection connection, String schema, String table) throws SQLException {
        try (var query = connection.prepareStatement(
                "SELECT 1 FROM " + schema + ".sqlite_master WHERE type = 'table' AND name = ?")) {
            query.setString(1, table);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    /** A SQL string literal of a path, for statements that take no parameters (VACUUM INTO, ATTACH). */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** Forces a file's content to the disk. */
    static void sync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Forces a directory's entries (a rename) to the disk, where the platform allows it. */
    static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException notSupported) {
            // Not every platform opens directories; the rename itself has happened.
        }
    }
}
