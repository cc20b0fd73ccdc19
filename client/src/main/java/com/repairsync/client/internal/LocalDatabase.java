package com.repairsync.client.internal;

import com.repairsync.client.LocalStoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The device's SQLite file, encrypted whole ({@link StoreEncryption}): WAL mode, fully synced commits (a write the app was told is saved
 * survives a crash or power cut), migrated by Flyway. One connection, used by one thread at a
 * time: the app's writes and the sync engine take turns, each in its own transaction. A second
 * connection checkpoints the log in the background ({@link WalCheckpointer}). Every connection
 * runs with {@code secure_delete} ({@link ConnectionSettings}): what is deleted or overwritten is
 * zeroed, so an erased value does not linger in free pages.
 */
public final class LocalDatabase implements AutoCloseable {
    /** Values per {@code IN (...)} list of {@link Tx#queryIn} and {@link Tx#updateIn}. */
    static final int IN_CHUNK = 100;

    private static final String IN_PLACEHOLDERS = "(" + String.join(", ", Collections.nCopies(IN_CHUNK, "?")) + ")";

    private static final int CACHED_STATEMENTS = 64;

    private final Connection connection;
    private final WalCheckpointer checkpointer;
    private final ReentrantLock lock = new ReentrantLock();
    /** Rows the current transaction changed, for the checkpointer. Guarded by lock. */
    private long rowsChanged;
    /** The connection commits without waiting for the disk (synchronous=NORMAL); opened with FULL. Guarded by lock. */
    private boolean relaxedCommits;
    /** Prepared statements by SQL, reused: preparing was half of SQLite's time in sync profiles. */
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= CACHED_STATEMENTS) {
                return false;
            }
            closeQuietly(eldest.getValue());
            return true;
        }
    };

    private LocalDatabase(Connection connection, WalCheckpointer checkpointer) {
        this.connection = connection;
        this.checkpointer = checkpointer;
    }

    /**
     * Opens or creates the database file, encrypted with its key from {@code keys} (a plain one from
     * a release before encryption is encrypted in place first), and migrates it.
     *
     * @throws LocalStoreException if the file cannot be created or opened, or its key is not in
     *     {@code keys}
     */
    public static LocalDatabase open(Path file, KeyVault keys) {
        return open(file, keys, WalCheckpointer.Thresholds.DEFAULT);
    }

    /**
     * Opens or creates a plain, unencrypted database file: for benchmarks and tests that measure
     * what encryption costs, never for a shop's device.
     *
     * @throws LocalStoreException if the file cannot be opened, or is encrypted
     */
    public static LocalDatabase openUnencrypted(Path file) {
        return open(file, null, WalCheckpointer.Thresholds.DEFAULT);
    }

    /**
     * Deletes a closed device database with the files beside it and its key ({@code keys} null for
     * an unencrypted one): only when the shop wiped a device it removed.
     *
     * @throws LocalStoreException if a file or the key cannot be deleted
     */
    public static void destroy(Path file, KeyVault keys) {
        StoreEncryption.destroy(file, keys);
    }

    /**
     * A JDBC connection to an existing device database, keyed and set up like the device's own, for
     * tools and tests that read it directly; {@code keys} null for an unencrypted one. It neither
     * creates, encrypts nor migrates the database.
     *
     * @throws LocalStoreException if the key is not in {@code keys}
     */
    public static Connection connect(Path file, KeyVault keys) throws SQLException {
        try {
            SQLiteConfig config = keys == null
                    ? ConnectionSettings.plain()
                    : ConnectionSettings.encrypted(StoreEncryption.existingKey(file, keys));
            return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        } catch (java.io.IOException e) {
            throw new LocalStoreException("cannot open device database " + file + ": " + e, e);
        }
    }

    /**
     * The device database holds the session and every record: readable by its owner only. Its
     * folder, when created here, is 0700. The file is created empty with mode 0600 before SQLite
     * opens it (SQLite gives its -wal and -shm files the database file's mode), and an existing one
     * is narrowed to it, with its companions. Where the file system has no POSIX permissions, they
     * are left as the platform creates them.
     */
    private static void ownerOnly(Path file) throws java.io.IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            PrivateFiles.createFolders(parent);
        }
        PrivateFiles.createOrNarrow(file);
        for (String suffix : new String[] {"-wal", "-shm", StoreEncryption.KEY_ID_SUFFIX}) {
            Path companion = file.resolveSibling(file.getFileName() + suffix);
            if (Files.exists(companion)) {
                PrivateFiles.narrowFile(companion);
            }
        }
    }

    /** {@link #open(Path, KeyVault)} ({@code keys} null: unencrypted), checkpointing the log when {@code checkpoints} say. */
    static LocalDatabase open(Path file, KeyVault keys, WalCheckpointer.Thresholds checkpoints) {
        try {
            ownerOnly(file);
            SQLiteConfig config;
            if (keys == null) {
                StoreEncryption.checkUnencrypted(file);
                config = ConnectionSettings.plain();
            } else {
                config = ConnectionSettings.encrypted(StoreEncryption.prepare(file, keys));
            }
            SQLiteDataSource source = new SQLiteDataSource(config);
            source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
            DeviceMigrations.migrate(source);
            Connection connection = source.getConnection();
            try (var statement = connection.createStatement()) {
                statement.execute("PRAGMA wal_autocheckpoint = " + checkpoints.inlinePages());
                return new LocalDatabase(connection, new WalCheckpointer(source.getConnection(), checkpoints));
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
        } catch (LocalStoreException e) {
            throw e;
        } catch (java.io.IOException | SQLException | RuntimeException e) {
            throw new LocalStoreException("cannot open device database " + file + ": " + e.getMessage(), e);
        }
    }

    /** Work inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Tx tx) throws SQLException;
    }

    /**
     * Runs work in one transaction: all of it is stored, or none. Called inside another
     * transaction on the same thread, it joins that one.
     */
    public <T> T transaction(Work<T> work) {
        return inTransaction(work, false);
    }

    /**
     * Like {@link #transaction}, for state the server holds and sends again on request (pulled
     * records, the cursor, acknowledgements): committed without waiting for the disk. A power cut
     * may lose the last such transactions, each whole, and the device then pulls or pushes them
     * again; the server answers a resent mutation with its first result. What the user saved goes
     * through {@link #transaction}, whose commit waits for the disk and so also makes every
     * earlier commit durable.
     */
    public <T> T serverStateTransaction(Work<T> work) {
        return inTransaction(work, true);
    }

    private <T> T inTransaction(Work<T> work, boolean relaxed) {
        lock.lock();
        try {
            if (lock.getHoldCount() > 1) {
                return work.run(new Tx());
            }
            synchronousFor(relaxed);
            connection.setAutoCommit(false);
            rowsChanged = 0;
            try {
                T result = work.run(new Tx());
                connection.commit();
                checkpointer.committed(rowsChanged);
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    connection.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                if (e instanceof SQLException sql) {
                    throw new LocalStoreException("device database: " + sql.getMessage(), sql);
                }
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new LocalStoreException("device database: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sets the connection's commit mode before a transaction begins, when it differs: set first, so
     * a failure to set it fails the transaction instead of leaving a local write undurable.
     */
    private void synchronousFor(boolean relaxed) throws SQLException {
        if (relaxed != relaxedCommits) {
            prepared(relaxed ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL")
                    .execute();
            relaxedCommits = relaxed;
        }
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException ignored) {
            // closing a cached statement can only fail if the connection is gone already
        }
    }

    /** A prepared statement for the SQL, reused across transactions; the caller holds the lock. */
    private PreparedStatement prepared(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        } else {
            statement.clearParameters();
        }
        return statement;
    }

    WalCheckpointer checkpointer() {
        return checkpointer;
    }

    /**
     * After (never inside) a transaction that applied an erasure: copies the write-ahead log into the
     * database file and truncates it ({@link WalCheckpointer#truncate}), so no frame with an erased
     * value stays in the log; {@code secure_delete} already zeroed them in the file's pages.
     *
     * @throws LocalStoreException if the checkpoint fails
     */
    public void checkpointAfterErasure() {
        lock.lock();
        try {
            DeviceQueryIndexes.mergeSearchTables(connection); // no erased word stays in a search table
            checkpointer.truncate();
        } catch (SQLException e) {
            throw new LocalStoreException(
                    "cannot checkpoint the device database after an erasure: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            SQLException failure = null;
            try {
                checkpointer.close(); // first: the last connection to close checkpoints and removes the log
            } catch (SQLException e) {
                failure = e;
            }
            statements.values().forEach(LocalDatabase::closeQuietly);
            statements.clear();
            try {
                connection.close();
            } catch (SQLException e) {
                if (failure != null) {
                    e.addSuppressed(failure);
                }
                failure = e;
            }
            if (failure != null) {
                throw new LocalStoreException("cannot close device database: " + failure.getMessage(), failure);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Row mapping. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** Statements inside a transaction. */
    public final class Tx {
        private Tx() {}

        public int update(String sql, Object... params) throws SQLException {
            PreparedStatement statement = prepared(sql);
            bind(statement, params);
            int changed = statement.executeUpdate();
            rowsChanged += changed;
            return changed;
        }

        /** Inserts and returns the generated row id. */
        public long insert(String sql, Object... params) throws SQLException {
            PreparedStatement statement = prepared(sql);
            bind(statement, params);
            rowsChanged += statement.executeUpdate();
            try (ResultSet keys = prepared("SELECT last_insert_rowid()").executeQuery()) {
                keys.next();
                return keys.getLong(1);
            }
        }

        public <T> List<T> query(String sql, Row<T> mapper, Object... params) throws SQLException {
            PreparedStatement statement = prepared(sql);
            bind(statement, params);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
                return result;
            }
        }

        public <T> Optional<T> queryOne(String sql, Row<T> mapper, Object... params) throws SQLException {
            List<T> rows = query(sql, mapper, params);
            return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
        }

        /**
         * Runs {@code head + "(?, ...)"} over distinct values in chunks of {@value #IN_CHUNK},
         * the last chunk padded with its last value, so each statement is prepared once;
         * {@code leading} are the parameters before the list.
         */
        public <T> List<T> queryIn(String head, Row<T> mapper, List<?> leading, Collection<String> values)
                throws SQLException {
            List<T> result = new ArrayList<>();
            for (Object[] params : inChunks(leading, values)) {
                result.addAll(query(head + IN_PLACEHOLDERS, mapper, params));
            }
            return result;
        }

        /** {@link #queryIn} for a statement that changes rows; returns how many it changed. */
        public int updateIn(String head, List<?> leading, Collection<String> values) throws SQLException {
            int changed = 0;
            for (Object[] params : inChunks(leading, values)) {
                changed += update(head + IN_PLACEHOLDERS, params);
            }
            return changed;
        }

        private List<Object[]> inChunks(List<?> leading, Collection<String> values) {
            List<String> distinct = List.copyOf(new LinkedHashSet<>(values));
            List<Object[]> chunks = new ArrayList<>();
            for (int from = 0; from < distinct.size(); from += IN_CHUNK) {
                Object[] params = new Object[leading.size() + IN_CHUNK];
                for (int i = 0; i < leading.size(); i++) {
                    params[i] = leading.get(i);
                }
                for (int i = 0; i < IN_CHUNK; i++) {
                    params[leading.size() + i] = distinct.get(Math.min(from + i, distinct.size() - 1));
                }
                chunks.add(params);
            }
            return chunks;
        }

        private void bind(PreparedStatement statement, Object... params) throws SQLException {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
        }
    }
}
