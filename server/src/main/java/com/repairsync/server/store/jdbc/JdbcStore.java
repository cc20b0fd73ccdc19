package com.repairsync.server.store.jdbc;

import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.server.store.ServerHistory;
import com.repairsync.server.store.Store;
import com.repairsync.server.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import javax.sql.DataSource;

/**
 * A {@link Store} over a JDBC data source. A database that cannot run concurrent writers (SQLite)
 * passes a process-wide write lock; one that locks the shop's sequence row (PostgreSQL) passes
 * none.
 */
public class JdbcStore implements Store {
    private final DataSource dataSource;
    private final Dialect dialect;
    private final ConnectionStatements statements = new ConnectionStatements();
    private final Lock writeLock;
    private final Map<EntityType, RecordTable> tables = new HashMap<>();
    private final AutoCloseable onClose;
    private volatile String historyId;

    protected JdbcStore(DataSource dataSource, Dialect dialect, Lock writeLock, AutoCloseable onClose) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.writeLock = writeLock;
        this.onClose = onClose;
        for (EntityType type : Schema.entities()) {
            tables.put(type, new RecordTable(type, dialect));
        }
    }

    /** Reads (on PostgreSQL: checks) the history id once, as the store opens; see {@link ServerHistory}. */
    protected final void openHistory(HistoryReader reader) {
        try (Connection connection = dataSource.getConnection()) {
            historyId = reader.read(connection);
        } catch (SQLException e) {
            throw new StoreException("cannot read the server's history id: " + e.getMessage(), e);
        }
    }

    /** Reads the history id over a connection. */
    @FunctionalInterface
    protected interface HistoryReader {
        String read(Connection connection) throws SQLException;
    }

    @Override
    public String historyId() {
        if (historyId == null) {
            throw new IllegalStateException("the store's history id was not read when it opened");
        }
        return historyId;
    }

    @Override
    public <T> T write(Work<T> work) {
        if (writeLock != null) {
            writeLock.lock();
        }
        try {
            return inTransaction(work, true);
        } finally {
            if (writeLock != null) {
                writeLock.unlock();
            }
        }
    }

    /**
     * Runs work on a connection of its own, in auto-commit mode, while no write transaction of this
     * store runs (where the store has a write lock): for statements that may not run inside a
     * transaction, such as SQLite's WAL checkpoint.
     */
    protected final <T> T exclusively(ConnectionWork<T> work) {
        if (writeLock != null) {
            writeLock.lock();
        }
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException("store: " + e.getMessage(), e);
        } finally {
            if (writeLock != null) {
                writeLock.unlock();
            }
        }
    }

    /** Work on a connection outside any transaction. */
    @FunctionalInterface
    protected interface ConnectionWork<T> {
        T run(Connection connection) throws SQLException;
    }

    @Override
    public <T> T read(Work<T> work) {
        return inTransaction(work, false);
    }

    private <T> T inTransaction(Work<T> work, boolean writable) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            boolean kept = dialect.keepsStatements();
            JdbcStoreTx tx = new JdbcStoreTx(
                    connection,
                    dialect,
                    tables,
                    writable,
                    kept ? statements.of(connection) : ConnectionStatements.forOneTransaction(connection),
                    !kept);
            try {
                dialect.begin(connection, writable);
                T result = work.run(tx);
                if (writable) {
                    tx.flush();
                }
                connection.commit();
                return result;
            } catch (RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            } catch (SQLException e) {
                rollbackQuietly(connection, e);
                throw new StoreException("store: commit failed: " + e.getMessage(), e);
            } finally {
                tx.closeStatements();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("store: cannot get a connection: " + e.getMessage(), e);
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    @Override
    public void close() {
        try {
            onClose.close();
        } catch (Exception e) {
            throw new StoreException("store: close failed: " + e.getMessage(), e);
        }
    }
}
