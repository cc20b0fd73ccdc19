package com.repairsync.server.store.sqlite;

import com.repairsync.protocol.WireInstant;
import com.repairsync.server.store.ServerHistory;
import com.repairsync.server.store.jdbc.Dialect;
import com.repairsync.server.store.jdbc.JdbcStore;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded store: {@code repairsync.db} in the data directory, WAL mode so readers never wait
 * for the writer, fully synced commits so an acknowledged push survives a power cut. SQLite runs
 * one writer at a time, so writes are serialized by a fair lock in this process and sequence
 * numbers commit in order.
 */
public final class SqliteStore extends JdbcStore {
    public static final String FILE_NAME = "repairsync.db";

    private SqliteStore(HikariDataSource dataSource) {
        super(dataSource, new SqliteDialect(), new ReentrantLock(true), dataSource);
    }

    /**
     * Opens (creating and migrating if needed) the database file in a directory.
     *
     * @throws IllegalArgumentException if the directory cannot be created or written
     */
    public static SqliteStore open(Path dataDir, int poolSize) {
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(
                    "data directory " + dataDir + " cannot be created: " + e.getMessage(), e);
        }
        if (!Files.isWritable(dataDir)) {
            throw new IllegalArgumentException("data directory " + dataDir + " is not writable");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        config.enforceForeignKeys(true);
        // Deleted and overwritten content is zeroed, so an erased value does not linger in free space.
        config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl("jdbc:sqlite:" + dataDir.resolve(FILE_NAME).toAbsolutePath());

        Flyway.configure()
                .dataSource(sqlite)
                .locations("classpath:db/migration/sqlite")
                .load()
                .migrate();

        HikariConfig pool = new HikariConfig();
        pool.setDataSource(sqlite);
        pool.setPoolName("repairsync-sqlite");
        pool.setMaximumPoolSize(poolSize);
        pool.setMinimumIdle(1);
        SqliteStore store = new SqliteStore(new HikariDataSource(pool));
        store.openHistory(ServerHistory::current);
        return store;
    }

    /**
     * Copies the WAL into the database and truncates it to nothing ({@code PRAGMA
     * wal_checkpoint(TRUNCATE)}), waiting for readers of older snapshots up to the busy timeout:
     * after an erasure, so no erased value stays in the WAL (secure_delete has zeroed it in the
     * database's free space).
     *
     * @return false if a reader kept an older snapshot past the busy timeout and the WAL was not
     *     emptied (the next checkpoint empties it)
     */
    public boolean truncateWal() {
        return exclusively(connection -> {
            try (Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                return result.next() && result.getInt(1) == 0;
            }
        });
    }

    private static final class SqliteDialect implements Dialect {
        @Override
        public boolean keepsStatements() {
            return true;
        }

        @Override
        public void bindInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
            statement.setString(index, WireInstant.format(value));
        }

        @Override
        public Instant readInstant(ResultSet row, String column) throws SQLException {
            return WireInstant.parse(row.getString(column));
        }

        @Override
        public Instant readInstant(ResultSet row, int column) throws SQLException {
            return WireInstant.parse(row.getString(column));
        }

        @Override
        public String jsonObject(List<Map.Entry<String, String>> members) {
            return Dialect.jsonMembers("json_object(", members);
        }

        /** Stored as 0 or 1; {@code json('true')} keeps its JSON subtype through CASE into json_object. */
        @Override
        public String jsonBoolean(String column) {
            return "CASE " + column + " WHEN 0 THEN json('false') WHEN 1 THEN json('true') END";
        }

        /** Stored as the wire text already. */
        @Override
        public String jsonInstant(String column) {
            return column;
        }

        @Override
        public String lockForUpdate() {
            return "";
        }

        @Override
        public void begin(Connection connection, boolean writable) {
            // The store's write lock serializes writers; WAL gives readers a snapshot.
        }

        @Override
        public void enterShop(Connection connection, String shopId) {
            // Shops are separated by the shop_id in every query; SQLite has no row-level security.
        }

        @Override
        public boolean scopesRowsByShop() {
            return false;
        }

        @Override
        public String loginCandidatesSql() {
            return "SELECT e.shop_id, e.id, e.role, e.active, c.password_hash FROM employees e"
                    + " JOIN employee_credentials c ON c.shop_id = e.shop_id AND c.employee_id = e.id"
                    + " WHERE e.email = ? AND NOT e.deleted ORDER BY e.created_at LIMIT 10";
        }

        @Override
        public String shopsWithHistoryBeforeSql() {
            return "SELECT s.id FROM shops s WHERE s.id > ? AND EXISTS (SELECT 1 FROM record_history h"
                    + " WHERE h.shop_id = s.id AND h.at < ?) ORDER BY s.id LIMIT ?";
        }

        @Override
        public Optional<String> shopOfRefreshToken(Connection connection, String tokenHash) {
            return Optional.empty();
        }
    }
}
