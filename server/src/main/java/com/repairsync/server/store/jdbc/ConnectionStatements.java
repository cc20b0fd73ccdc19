package com.repairsync.server.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepared statements kept per physical connection across transactions, for drivers without a
 * statement cache of their own (sqlite-jdbc): re-preparing a push's statements in every
 * transaction was about a tenth of the server's time per push. Statements are prepared on the
 * pool's underlying connection, so the pool does not close them when a transaction hands the
 * connection back; each connection keeps its {@value #PER_CONNECTION} most recently used
 * statements and closes the rest. A connection is used by one transaction at a time, so its cache
 * needs no lock; the map of caches does. Drivers with a cache of their own (pgjdbc) get a {@link
 * Cache} per transaction instead, closed when it ends.
 */
final class ConnectionStatements {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionStatements.class);
    static final int PER_CONNECTION = 128;

    private final Map<Connection, Cache> caches = new IdentityHashMap<>();

    /** The cache of the physical connection under a pooled one. */
    Cache of(Connection pooled) throws SQLException {
        Connection physical = pooled.isWrapperFor(Connection.class) ? pooled.unwrap(Connection.class) : pooled;
        synchronized (caches) {
            Cache cache = caches.get(physical);
            if (cache == null) {
                // A new physical connection: forget those the pool has closed since.
                caches.keySet().removeIf(ConnectionStatements::closed);
                cache = new Cache(physical);
                caches.put(physical, cache);
            }
            return cache;
        }
    }

    /** A cache for one transaction's statements, on the connection as the pool lent it; close it at the end. */
    static Cache forOneTransaction(Connection connection) {
        return new Cache(connection);
    }

    private static boolean closed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** One connection's statements, least recently used first. */
    static final class Cache {
        private final Connection connection;
        private final LinkedHashMap<String, PreparedStatement> statements = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                if (size() <= PER_CONNECTION) {
                    return false;
                }
                close(eldest.getValue());
                return true;
            }
        };

        private Cache(Connection connection) {
            this.connection = connection;
        }

        /** The statement for the SQL, its parameters cleared. */
        PreparedStatement prepare(String sql) throws SQLException {
            PreparedStatement statement = statements.get(sql);
            if (statement != null && !statement.isClosed()) {
                statement.clearParameters();
                return statement;
            }
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
            return statement;
        }

        /**
         * Closes every statement. One that fails to close changes no data (its transaction has
         * ended), so it is logged, not thrown over the transaction's outcome.
         */
        void closeAll() {
            statements.values().forEach(Cache::close);
            statements.clear();
        }

        private static void close(PreparedStatement statement) {
            try {
                statement.close();
            } catch (SQLException e) {
                LOG.warn("store: closing a statement failed: {}", e.getMessage());
            }
        }
    }
}
