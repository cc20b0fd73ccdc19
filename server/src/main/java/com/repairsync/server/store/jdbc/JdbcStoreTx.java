package com.repairsync.server.store.jdbc;

import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.MutationStatus;
import com.repairsync.protocol.PushResult;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.server.store.ChangeQuery;
import com.repairsync.server.store.DeviceRow;
import com.repairsync.server.store.EmployeeRow;
import com.repairsync.server.store.LoginCandidate;
import com.repairsync.server.store.PulledRecord;
import com.repairsync.server.store.RefreshTokenRow;
import com.repairsync.server.store.StoreException;
import com.repairsync.server.store.StoreTx;
import com.repairsync.server.store.StoredRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * One JDBC transaction. Sequence numbers taken in it are counted in memory and written to the
 * shop row by {@link #flush()} just before commit; a failed {@link #atomically} block gives its
 * numbers back, so committed sequences have no gaps.
 *
 * <p>Before its first statement about a shop the transaction enters that shop through the {@link
 * Dialect}: on PostgreSQL that sets the row-level-security shop and, in a write transaction, locks
 * the shop's row until commit, so the shop's writers run one at a time and see each other's
 * commits.
 */
final class JdbcStoreTx implements StoreTx {
    /** Ids looked up in one IN query; a push batch of up to 2,000 (the server's default limit) takes a few. */
    private static final int VALUES_PER_QUERY = 500;
    /** Mutation results stored by one multi-row INSERT (10 parameters each). */
    private static final int RESULTS_PER_INSERT = 50;
    /**
     * Rows per multi-row record upsert, largest first: a few statement shapes per table keep the
     * statement cache small while a push's hundreds of records go in a handful of statements.
     */
    private static final int[] RECORDS_PER_UPSERT = {32, 8, 1};

    private final Connection connection;
    private final Dialect dialect;
    private final Map<EntityType, RecordTable> tables;
    private final boolean writable;
    private final Map<String, Long> seqs = new HashMap<>();
    private final Map<String, Long> committedSeqs = new HashMap<>();
    private String scopedShop;
    /**
     * Record writes not yet sent, per table and shop/id, the last write of a record replacing an
     * earlier one. Sent before any read, before a savepoint, before the shop scope changes and
     * before commit, so every statement sees them; dropped when a savepoint rolls back, since all
     * of them were made inside it.
     */
    private final Map<EntityType, Map<String, PendingRecord>> pendingRecords = new LinkedHashMap<>();

    private record PendingRecord(String shopId, StoredRecord record) {}

    /**
     * Statements by SQL text, reused: a push runs the same few hundreds of times. Kept across
     * transactions on this connection when the dialect says so, else closed when this one ends.
     */
    private final ConnectionStatements.Cache statements;

    private final boolean statementsEndWithTransaction;

    JdbcStoreTx(
            Connection connection,
            Dialect dialect,
            Map<EntityType, RecordTable> tables,
            boolean writable,
            ConnectionStatements.Cache statements,
            boolean statementsEndWithTransaction) {
        this.connection = connection;
        this.dialect = dialect;
        this.tables = tables;
        this.writable = writable;
        this.statements = statements;
        this.statementsEndWithTransaction = statementsEndWithTransaction;
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
    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    private static <T> T sql(String what, SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new StoreException("store: " + what + " failed: " + e.getMessage(), e);
        }
    }

    private int update(String what, String sql, Object... params) {
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
    private interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private <T> List<T> query(String what, String sql, RowMapper<T> mapper, Object... params) {
        sendPendingRecords();
        return sql(what, () -> {
            PreparedStatement statement = prepare(sql);
            bind(statement, params);
            return readAll(statement, mapper);
        });
    }

    /** Runs a bound query and maps every row. */
    private static <T> List<T> readAll(PreparedStatement statement, RowMapper<T> mapper) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        }
    }

    private <T> Optional<T> queryOne(String what, String sql, RowMapper<T> mapper, Object... params) {
        return query(what, sql, mapper, params).stream().findFirst();
    }

    /**
     * A query ending in {@code IN (?, ...)} over distinct values, in chunks of {@value #VALUES_PER_QUERY};
     * {@code sql} gives the statement for a count of values, {@code leading} the parameters before them.
     */
    private <T> List<T> queryIn(
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
    private void enter(String shopId) {
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
    private void scope(String shopId) {
        sendPendingRecords(); // row-level security checks them against the shop entered now
        sql("enter shop", () -> {
            dialect.enterShop(connection, shopId);
            return null;
        });
        scopedShop = shopId;
    }

    /** Enters the shop a refresh token belongs to, where the dialect must know it first. */
    private void enterShopOfRefreshToken(String tokenHash) {
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
    private void requireShop(String what) {
        if (scopedShop == null && dialect.scopesRowsByShop()) {
            throw new IllegalStateException(what + ": no shop entered in this transaction");
        }
    }

    /** Writes the sequence numbers taken in this transaction to their shop rows. */
    void flush() {
        sendPendingRecords();
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

    @Override
    public void ping() {
        queryOne("ping", "SELECT 1", row -> row.getInt(1));
    }

    @Override
    public void insertShop(String shopId, String name, Instant now) {
        scope(shopId);
        update("insert shop", "INSERT INTO shops (id, name, seq, created_at) VALUES (?, ?, 0, ?)", shopId, name, now);
        seqs.put(shopId, 0L);
        committedSeqs.put(shopId, 0L);
    }

    @Override
    public boolean shopExists(String shopId) {
        enter(shopId);
        return queryOne("find shop", "SELECT 1 FROM shops WHERE id = ?", row -> true, shopId)
                .isPresent();
    }

    @Override
    public long nextSeq(String shopId) {
        enter(shopId);
        if (!writable) {
            throw new IllegalStateException("nextSeq needs a write transaction");
        }
        long next = currentSeq(shopId) + 1;
        seqs.put(shopId, next);
        return next;
    }

    @Override
    public long currentSeq(String shopId) {
        enter(shopId);
        Long known = seqs.get(shopId);
        return known != null ? known : readSeq(shopId);
    }

    @Override
    public <T> T atomically(Supplier<T> work) {
        Map<String, Long> seqsBefore = new HashMap<>(seqs);
        sendPendingRecords();
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
            pendingRecords.clear();
            throw e;
        }
    }

    private RecordTable table(EntityType type) {
        return tables.get(type);
    }

    @Override
    public Optional<StoredRecord> findRecord(EntityType type, String shopId, String recordId) {
        enter(shopId);
        RecordTable table = table(type);
        return queryOne("find " + type.name(), table.findSql(), table::read, shopId, recordId);
    }

    @Override
    public Map<String, StoredRecord> findRecords(EntityType type, String shopId, Collection<String> recordIds) {
        enter(shopId);
        RecordTable table = table(type);
        Map<String, StoredRecord> found = new HashMap<>();
        queryIn("find " + type.name(), table::findManySql, table::read, List.of(shopId), recordIds)
                .forEach(record -> found.put(record.id(), record));
        return found;
    }

    @Override
    public void saveRecord(EntityType type, String shopId, StoredRecord record) {
        enter(shopId);
        pendingRecords
                .computeIfAbsent(type, t -> new LinkedHashMap<>())
                .put(shopId + "/" + record.id(), new PendingRecord(shopId, record));
    }

    /** Sends the pending record writes, a table at a time, in multi-row upserts. */
    private void sendPendingRecords() {
        if (pendingRecords.isEmpty()) {
            return;
        }
        for (Map.Entry<EntityType, Map<String, PendingRecord>> writes : pendingRecords.entrySet()) {
            RecordTable table = table(writes.getKey());
            List<PendingRecord> rows = new ArrayList<>(writes.getValue().values());
            int from = 0;
            for (int size : RECORDS_PER_UPSERT) {
                while (rows.size() - from >= size) {
                    List<PendingRecord> chunk = rows.subList(from, from + size);
                    sql("save " + writes.getKey().name(), () -> {
                        PreparedStatement statement = prepare(table.upsertSql(size));
                        int next = 1;
                        for (PendingRecord row : chunk) {
                            next = table.bindUpsert(statement, next, row.shopId(), row.record());
                        }
                        return statement.executeUpdate();
                    });
                    from += size;
                }
            }
        }
        pendingRecords.clear();
    }

    @Override
    public List<Long> changeSeqs(EntityType type, String shopId, ChangeQuery query) {
        enter(shopId);
        sendPendingRecords();
        RecordTable table = table(type);
        return sql(
                "read change sequences of " + type.name(),
                () -> readAll(table.prepareChangeSeqs(this, shopId, query), row -> row.getLong(1)));
    }

    @Override
    public List<PulledRecord> changes(EntityType type, String shopId, ChangeQuery query, Role viewer) {
        enter(shopId);
        sendPendingRecords();
        RecordTable table = table(type);
        return sql(
                "read changes of " + type.name(),
                () -> readAll(table.preparePulled(this, shopId, query, viewer), RecordTable::readPulled));
    }

    @Override
    public Optional<EmployeeRow> findEmployee(String shopId, String employeeId) {
        enter(shopId);
        return queryOne(
                "find employee",
                "SELECT shop_id, id, role, active, email FROM employees WHERE shop_id = ? AND id = ? AND NOT deleted",
                JdbcStoreTx::employee,
                shopId,
                employeeId);
    }

    private static EmployeeRow employee(ResultSet row) throws SQLException {
        return new EmployeeRow(
                row.getString("shop_id"),
                row.getString("id"),
                Role.fromWire(row.getString("role")).orElseThrow(),
                row.getBoolean("active"),
                row.getString("email"));
    }

    @Override
    public List<LoginCandidate> loginCandidates(String email) {
        return query(
                "find login",
                dialect.loginCandidatesSql(),
                row -> new LoginCandidate(
                        row.getString(1),
                        row.getString(2),
                        Role.fromWire(row.getString(3)).orElseThrow(),
                        row.getBoolean(4),
                        row.getString(5)),
                email);
    }

    @Override
    public boolean claimSignInEmail(String email, String shopId, String employeeId, Instant now) {
        enter(shopId);
        return update(
                        "claim sign-in e-mail",
                        "INSERT INTO sign_in_emails (email, shop_id, employee_id, created_at) VALUES (?, ?, ?, ?)"
                                + " ON CONFLICT (email) DO NOTHING",
                        email.toLowerCase(java.util.Locale.ROOT),
                        shopId,
                        employeeId,
                        now)
                == 1;
    }

    @Override
    public boolean holdsSignInEmail(String email, String shopId, String employeeId) {
        enter(shopId);
        return queryOne(
                        "read sign-in e-mail",
                        "SELECT 1 FROM sign_in_emails WHERE email = ? AND shop_id = ? AND employee_id = ?",
                        row -> true,
                        email.toLowerCase(java.util.Locale.ROOT),
                        shopId,
                        employeeId)
                .isPresent();
    }

    @Override
    public void savePasswordHash(String shopId, String employeeId, String passwordHash, Instant now) {
        enter(shopId);
        update(
                "save password",
                "INSERT INTO employee_credentials (shop_id, employee_id, password_hash, updated_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (shop_id, employee_id) DO UPDATE SET password_hash = excluded.password_hash,"
                        + " updated_at = excluded.updated_at",
                shopId,
                employeeId,
                passwordHash,
                now);
    }

    private static final String DEVICE_COLUMNS =
            "id, shop_id, name, joined_by, generation, created_at, last_seen_at, revoked_at, revoked_by";

    @Override
    public Optional<DeviceRow> findDevice(String shopId, String deviceId) {
        enter(shopId);
        return queryOne(
                "find device",
                "SELECT " + DEVICE_COLUMNS + " FROM devices WHERE shop_id = ? AND id = ?",
                this::device,
                shopId,
                deviceId);
    }

    @Override
    public List<DeviceRow> devices(String shopId) {
        enter(shopId);
        return query(
                "list devices",
                "SELECT " + DEVICE_COLUMNS + " FROM devices WHERE shop_id = ? ORDER BY last_seen_at DESC, id",
                this::device,
                shopId);
    }

    private DeviceRow device(ResultSet row) throws SQLException {
        return new DeviceRow(
                row.getString("id"),
                row.getString("shop_id"),
                row.getString("name"),
                row.getString("joined_by"),
                row.getLong("generation"),
                dialect.readInstant(row, "created_at"),
                dialect.readInstant(row, "last_seen_at"),
                dialect.readInstant(row, "revoked_at"),
                row.getString("revoked_by"));
    }

    @Override
    public void insertDevice(DeviceRow device, Instant now) {
        enter(device.shopId());
        update(
                "register device",
                "INSERT INTO devices (id, shop_id, name, joined_by, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)",
                device.id(),
                device.shopId(),
                device.name(),
                device.joinedBy(),
                now,
                now);
    }

    @Override
    public void touchDevice(String shopId, String deviceId, String name, String joinedBy, Instant now) {
        enter(shopId);
        update(
                "update device",
                "UPDATE devices SET name = ?, joined_by = ?, last_seen_at = ? WHERE shop_id = ? AND id = ?",
                name,
                joinedBy,
                now,
                shopId,
                deviceId);
    }

    @Override
    public void bumpDeviceGeneration(String shopId, String deviceId) {
        enter(shopId);
        update(
                "end device sign-in",
                "UPDATE devices SET generation = generation + 1 WHERE shop_id = ? AND id = ?",
                shopId,
                deviceId);
    }

    @Override
    public void revokeDevice(String shopId, String deviceId, String revokedBy, Instant now) {
        enter(shopId);
        update(
                "revoke device",
                "UPDATE devices SET generation = generation + 1, revoked_at = COALESCE(revoked_at, ?),"
                        + " revoked_by = COALESCE(revoked_by, ?) WHERE shop_id = ? AND id = ?",
                now,
                revokedBy,
                shopId,
                deviceId);
    }

    @Override
    public Optional<String> passwordHash(String shopId, String employeeId) {
        enter(shopId);
        return queryOne(
                "read password",
                "SELECT password_hash FROM employee_credentials WHERE shop_id = ? AND employee_id = ?",
                row -> row.getString(1),
                shopId,
                employeeId);
    }

    @Override
    public java.util.OptionalLong sessionGeneration(String shopId, String employeeId) {
        enter(shopId);
        return queryOne(
                        "read session generation",
                        "SELECT session_generation FROM employee_credentials WHERE shop_id = ? AND employee_id = ?",
                        row -> row.getLong(1),
                        shopId,
                        employeeId)
                .map(java.util.OptionalLong::of)
                .orElse(java.util.OptionalLong.empty());
    }

    @Override
    public void bumpSessionGeneration(String shopId, String employeeId) {
        enter(shopId);
        update(
                "end employee sign-ins",
                "UPDATE employee_credentials SET session_generation = session_generation + 1"
                        + " WHERE shop_id = ? AND employee_id = ?",
                shopId,
                employeeId);
    }

    @Override
    public void insertRefreshToken(RefreshTokenRow token, Instant issuedAt) {
        enter(token.shopId());
        update(
                "store refresh token",
                "INSERT INTO refresh_tokens (token_hash, family_id, shop_id, employee_id, device_id, issued_at,"
                        + " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                token.tokenHash(),
                token.familyId(),
                token.shopId(),
                token.employeeId(),
                token.deviceId(),
                issuedAt,
                token.expiresAt());
    }

    @Override
    public Optional<RefreshTokenRow> findRefreshToken(String tokenHash) {
        enterShopOfRefreshToken(tokenHash);
        return queryOne(
                "find refresh token",
                "SELECT token_hash, family_id, shop_id, employee_id, device_id, expires_at, used_at, revoked_at,"
                        + " replaced_by, replayed_at, revoked_reason FROM refresh_tokens WHERE token_hash = ?",
                row -> new RefreshTokenRow(
                        row.getString(1),
                        row.getString(2),
                        row.getString(3),
                        row.getString(4),
                        row.getString(5),
                        dialect.readInstant(row, "expires_at"),
                        dialect.readInstant(row, "used_at"),
                        dialect.readInstant(row, "revoked_at"),
                        row.getString("replaced_by"),
                        dialect.readInstant(row, "replayed_at"),
                        row.getString("revoked_reason")),
                tokenHash);
    }

    @Override
    public void markRefreshTokenUsed(String tokenHash, Instant now, String replacedBy) {
        enterShopOfRefreshToken(tokenHash);
        update(
                "use refresh token",
                "UPDATE refresh_tokens SET used_at = COALESCE(used_at, ?), replaced_by = ? WHERE token_hash = ?",
                now,
                replacedBy,
                tokenHash);
    }

    @Override
    public void revokeRefreshToken(String tokenHash, Instant now, String reason) {
        enterShopOfRefreshToken(tokenHash);
        update(
                "revoke refresh token",
                "UPDATE refresh_tokens SET revoked_at = ?, revoked_reason = ? WHERE token_hash = ? AND revoked_at IS NULL",
                now,
                reason,
                tokenHash);
    }

    @Override
    public void markRefreshTokenReplayed(String tokenHash, Instant now, String replacedBy) {
        enterShopOfRefreshToken(tokenHash);
        update(
                "replay refresh token",
                "UPDATE refresh_tokens SET replayed_at = ?, replaced_by = ? WHERE token_hash = ?",
                now,
                replacedBy,
                tokenHash);
    }

    @Override
    public void revokeRefreshTokensOfDevice(String shopId, String deviceId, Instant now) {
        enter(shopId);
        update(
                "revoke device sessions",
                "UPDATE refresh_tokens SET revoked_at = ? WHERE shop_id = ? AND device_id = ? AND revoked_at IS NULL",
                now,
                shopId,
                deviceId);
    }

    @Override
    public void revokeRefreshFamily(String familyId, Instant now) {
        requireShop("revoke refresh tokens");
        update(
                "revoke refresh tokens",
                "UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL",
                now,
                familyId);
    }

    @Override
    public void revokeRefreshTokensOf(String shopId, String employeeId, String exceptDeviceId, Instant now) {
        enter(shopId);
        String sql =
                "UPDATE refresh_tokens SET revoked_at = ? WHERE shop_id = ? AND employee_id = ? AND revoked_at IS NULL";
        if (exceptDeviceId == null) {
            update("revoke sessions", sql, now, shopId, employeeId);
        } else {
            update("revoke sessions", sql + " AND device_id <> ?", now, shopId, employeeId, exceptDeviceId);
        }
    }

    @Override
    public Map<String, PushResult> findMutationResults(String shopId, String deviceId, Collection<String> mutationIds) {
        enter(shopId);
        Map<String, PushResult> found = new HashMap<>();
        queryIn(
                        "find mutations",
                        count ->
                                "SELECT mutation_id, status, seq, code, message, field, superseded FROM applied_mutations"
                                        + " WHERE shop_id = ? AND device_id = ? AND mutation_id IN ("
                                        + RecordTable.placeholders(count) + ")",
                        JdbcStoreTx::pushResult,
                        List.of(shopId, deviceId),
                        mutationIds)
                .forEach(result -> found.put(result.mutationId(), result));
        return found;
    }

    private static PushResult pushResult(ResultSet row) throws SQLException {
        long seq = row.getLong(3);
        Long seqOrNull = row.wasNull() ? null : seq;
        String code = row.getString(4);
        String superseded = row.getString(7);
        return new PushResult(
                row.getString(1),
                MutationStatus.fromWire(row.getString(2)),
                seqOrNull,
                code == null ? null : ErrorCode.fromWire(code),
                row.getString(5),
                row.getString(6),
                null,
                superseded == null ? null : Arrays.asList(superseded.split(",")));
    }

    @Override
    public void saveMutationResults(String shopId, String deviceId, List<PushResult> results, Instant now) {
        enter(shopId);
        for (int from = 0; from < results.size(); from += RESULTS_PER_INSERT) {
            List<PushResult> chunk = results.subList(from, Math.min(results.size(), from + RESULTS_PER_INSERT));
            List<Object> params = new ArrayList<>(chunk.size() * 10);
            for (PushResult result : chunk) {
                params.addAll(Arrays.asList(
                        shopId,
                        result.mutationId(),
                        deviceId,
                        result.status().wireName(),
                        result.seq(),
                        result.code() == null ? null : result.code().wireName(),
                        result.message(),
                        result.field(),
                        result.superseded() == null ? null : String.join(",", result.superseded()),
                        now));
            }
            update(
                    "record mutation results",
                    "INSERT INTO applied_mutations (shop_id, mutation_id, device_id, status, seq, code, message, field,"
                            + " superseded, received_at) VALUES "
                            + String.join(", ", Collections.nCopies(chunk.size(), "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")),
                    params.toArray());
        }
    }
}
