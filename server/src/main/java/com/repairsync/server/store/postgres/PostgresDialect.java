package com.repairsync.server.store.postgres;

import com.repairsync.server.store.jdbc.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PostgreSQL: {@code timestamptz} instants, row locks on the shop's sequence row, repeatable-read
 * snapshots for reads, and the row-level-security shop set per transaction.
 */
final class PostgresDialect implements Dialect {
    /** The setting the row-level-security policies compare shop_id with. */
    static final String SHOP_SETTING = "repairsync.shop";

    @Override
    public void bindInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }

    @Override
    public Instant readInstant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    @Override
    public Instant readInstant(ResultSet row, int column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** {@code json}, not {@code jsonb}: it keeps the members in order. */
    @Override
    public String jsonObject(List<Map.Entry<String, String>> members) {
        return Dialect.jsonMembers("json_build_object(", members);
    }

    @Override
    public String jsonBoolean(String column) {
        return column;
    }

    /** Milliseconds, truncated, as {@link com.repairsync.protocol.WireInstant} writes them (stored years are 0001–9999). */
    @Override
    public String jsonInstant(String column) {
        return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
    }

    @Override
    public String lockForUpdate() {
        return " FOR UPDATE";
    }

    @Override
    public void begin(Connection connection, boolean writable) throws SQLException {
        // Writers of a shop queue on its row lock and then read committed data; a reader needs one
        // snapshot across the shop row and every entity table it pages through.
        String mode = writable ? "READ COMMITTED, READ WRITE" : "REPEATABLE READ, READ ONLY";
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TRANSACTION ISOLATION LEVEL " + mode);
        }
    }

    @Override
    public void enterShop(Connection connection, String shopId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT set_config(?, ?, true)")) {
            statement.setString(1, SHOP_SETTING);
            statement.setString(2, shopId);
            statement.execute();
        }
    }

    @Override
    public boolean scopesRowsByShop() {
        return true;
    }

    @Override
    public String loginCandidatesSql() {
        return "SELECT shop_id, employee_id, role, active, password_hash FROM repairsync_login_candidates(?)";
    }

    @Override
    public String shopsWithHistoryBeforeSql() {
        return "SELECT shop FROM repairsync_shops_with_history_before(?, ?, ?) AS shop";
    }

    @Override
    public Optional<String> shopOfRefreshToken(Connection connection, String tokenHash) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT repairsync_shop_of_refresh_token(?)")) {
            statement.setString(1, tokenHash);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.ofNullable(row.getString(1)) : Optional.empty();
            }
        }
    }
}
