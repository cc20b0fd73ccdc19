package com.repairsync.server.store.jdbc;

import com.repairsync.server.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * One JDBC transaction's connection: statements and their parameters, the shop it acts for,
 * the shops' sequence numbers and savepoints. Sequence numbers taken in it are counted in memory
 * and written to the shop row by {@link #flush()} just before commit; a failed {@link #atomically}
 * block gives its numbers back, so committed sequences have no gaps.
 *
 * <p>Before its first statement about a shop the transaction enters that shop through the {@link
 * Dialect}: on PostgreSQL that sets the row-level-security shop and, in a write transaction, locks
 * the shop's row until commit, so the shop's writers run one at a time and see each other's
 * commits. Record writes wait in {@link PendingRecordWrites} and are sent before any statement
 * that could see them.
 */
final class JdbcTransaction {
    /** Ids looked up in one IN query; a push batch of up to 2,000 (the server's default limit) takes a few. */
    private static final int VALUES_PER_QUERY = 500;

    private final Connection connection;
    private final Dialect dialect;
    private final boolean writable;
    private final Map<String, Long> seqs = new HashMap<>();
    private final Map<String, Long> committedSeqs = new HashMap<>();
    private String scopedShop;
    private final PendingRecordWrites pending;

    /**
     * Statements by SQL text, reused: a push runs the same few hundreds of times. Kept across
     * transactions on this connection when the dialect says so, else closed when this one ends.
     */
    private final ConnectionStatements.Cache statements;

    private final boolean statementsEndWithTransaction;

    JdbcTransaction(
            Connection connection,
            Dialect dialect,
            PendingRecordWrites pending,
            boolean writable,
            ConnectionStatements.Cache statements,
            boolean statementsEndWithTransaction) {
        this.connection = connection;
        this.dialect = dialect;
        this.pending = pending;
        this.writable = writable;
        this.statements = statements;
        this.statementsEndWithTransaction = statementsEndWithTransaction;
    }

    Dialect dialect() {
        return dialect;
    }

    /** Sends the record writes waiting in this transaction, so the next statement sees them. */
    void sendPendingRecords() {
        pending.send(this);
    }

    /** The statement for the SQL, prepared once per transaction (or connection); its parameters are cleared. */
    PreparedStatement prepare(String sql) throws SQLException {
        return statements.prepare(sql);
    }

    /**
     * Closes the statements prepared in this transaction, unless they are kept for the connection,
     * after its commit or rollback and before the connection goes back to its pool.
     */
    void closeStatements() {
        if (statementsEndWithTransaction) {
            statements.closeAll();
        }
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run() throws SQLException;
    }

    static <T> T sql(String what, SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new StoreException("store: " + what + " failed: " + e.getMessage(), e);
        }
    }

    int update(String what, String sql, Object... params) {
        return sql(what, () -> {
            PreparedStatement statement = prepare(sql);
            bind(statement, params);
            return statement.executeUpdate();
        });
    }

    private void bind(PreparedStatement statement, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object param = params[i];
            if (param instanceof Instant instant) {
                dialect.bindInstant(statement, i + 1, instant);
            } else {
                statement.setObject(i + 1, param);
            }
        }
    }

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    <T> List<T> query(String what, String sql, RowMapper<T> mapper, Object... params) {
        pending.send(this);
        return sql(what, () -> {
            PreparedStatement statement = prepare(sql);
            bind(statement, params);
            return readAll(statement, mapper);
        });
    }

    /** Runs a bound query and maps every row. */
    static <T> List<T> readAll(PreparedStatement statement, RowMapper<T> mapper) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        }
    }

    <T> Optional<T> queryOne(String what, String sql, RowMapper<T> mapper, Object... params) {
        return query(what, sql, mapper, params).stream().findFirst();
    }

    /**
     * A query ending in {@code IN (?, ...)} over distinct values, in chunks of {@value #VALUES_PER_QUERY};
     * {@code sql} gives the statement for a count of values, {@code leading} the parameters before them.
     */
    <T> List<T> queryIn(
            String what,
            IntFunction<String> sql,
            RowMapper<T> mapper,
            List<Object> leading,
            Collection<String> values) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(values));
        List<T> result = new ArrayList<>();
        for (int from = 0; from < distinct.size(); from += VALUES_PER_QUERY) {
            List<String> chunk = distinct.subList(from, Math.min(distinct.size(), from + VALUES_PER_QUERY));
            List<Object> params = new ArrayList<>(leading);
            params.addAll(chunk);
            result.addAll(query(what, sql.apply(chunk.size()), mapper, params.toArray()));
        }
        return result;
    }

    /**
     * Enters a shop before the transaction's first statement about it; a write transaction also
     * locks the shop's row (where the dialect locks rows) and remembers its sequence.
     */
    void enter(String shopId) {
        if (shopId.equals(scopedShop)) {
            return;
        }
        scope(shopId);
        if (writable && !seqs.containsKey(shopId)) {
            queryOne(
                            "lock shop sequence",
                            "SELECT seq FROM shops WHERE id = ?" + dialect.lockForUpdate(),
                            row -> row.getLong(1),
                            shopId)
                    .ifPresent(seq -> {
                        seqs.put(shopId, seq);
                        committedSeqs.put(shopId, seq);
                    });
        }
    }

    /** Makes the following statements act for a shop (row-level security), without locking it. */
    void scope(String shopId) {
        pending.send(this); // row-level security checks them against the shop entered now
        sql("enter shop", () -> {
            dialect.enterShop(connection, shopId);
            return null;
        });
        scopedShop = shopId;
    }

    /** Enters the shop a refresh token belongs to, where the dialect must know it first. */
    void enterShopOfRefreshToken(String tokenHash) {
        sql("find shop of refresh token", () -> dialect.shopOfRefreshToken(connection, tokenHash))
                .ifPresent(this::enter);
    }

    private long readSeq(String shopId) {
        long seq = queryOne("read shop sequence", "SELECT seq FROM shops WHERE id = ?", row -> row.getLong(1), shopId)
                .orElseThrow(() -> new IllegalStateException("no shop " + shopId));
        seqs.put(shopId, seq);
        committedSeqs.put(shopId, seq);
        return seq;
    }

    /**
     * Fails where the dialect scopes rows by shop and no shop was entered, so a statement cannot
     * silently see nothing.
     */
    void requireShop(String what) {
        if (scopedShop == null && dialect.scopesRowsByShop()) {
            throw new IllegalStateException(what + ": no shop entered in this transaction");
        }
    }

    /** Writes the sequence numbers taken in this transaction to their shop rows. */
    void flush() {
        pending.send(this);
        seqs.forEach((shopId, seq) -> {
            if (!seq.equals(committedSeqs.get(shopId))) {
                if (!shopId.equals(scopedShop)) {
                    scope(shopId); // row-level security would hide another shop's row
                }
                int updated = update("update shop sequence", "UPDATE shops SET seq = ? WHERE id = ?", seq, shopId);
                if (updated != 1) {
                    throw new StoreException("store: the sequence of shop " + shopId + " was not stored", null);
                }
            }
        });
    }

    void ping() {
        queryOne("ping", "SELECT 1", row -> row.getInt(1));
    }

    void insertShop(String shopId, String name, Instant now) {
        scope(shopId);
        update("insert shop", "INSERT INTO shops (id, name, seq, created_at) VALUES (?, ?, 0, ?)", shopId, name, now);
        seqs.put(shopId, 0L);
        committedSeqs.put(shopId, 0L);
    }

    boolean shopExists(String shopId) {
        enter(shopId);
        return queryOne("find shop", "SELECT 1 FROM shops WHERE id = ?", row -> true, shopId)
                .isPresent();
    }

    long nextSeq(String shopId) {
        enter(shopId);
        if (!writable) {
            throw new IllegalStateException("nextSeq needs a write transaction");
        }
        long next = currentSeq(shopId) + 1;
        seqs.put(shopId, next);
        return next;
    }

    long currentSeq(String shopId) {
        enter(shopId);
        Long known = seqs.get(shopId);
        return known != null ? known : readSeq(shopId);
    }

    <T> T atomically(Supplier<T> work) {
        Map<String, Long> seqsBefore = new HashMap<>(seqs);
        pending.send(this);
        Savepoint savepoint = sql("set savepoint", connection::setSavepoint);
        try {
            T result = work.get();
            sql("release savepoint", () -> {
                connection.releaseSavepoint(savepoint);
                return null;
            });
            return result;
        } catch (RuntimeException e) {
            sql("roll back to savepoint", () -> {
                connection.rollback(savepoint);
                connection.releaseSavepoint(savepoint);
                return null;
            });
            seqs.clear();
            seqs.putAll(seqsBefore);
            pending.discard();
            throw e;
        }
    }
}
