package com.repairsync.server.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How one database differs under the generic SQL: types, locking, and shop scoping. */
public interface Dialect {

    void bindInstant(PreparedStatement statement, int index, Instant value) throws SQLException;

    Instant readInstant(ResultSet row, String column) throws SQLException;

    /** Reads by column position: name lookups were a tenth of reading a pull page. */
    Instant readInstant(ResultSet row, int column) throws SQLException;

    /**
     * SQL that renders one JSON object in the database, members in the given order: name to an
     * SQL expression whose value is a JSON number, string, boolean or null (see {@link
     * #jsonBoolean} and {@link #jsonInstant} for the columns that need converting).
     */
    String jsonObject(List<Map.Entry<String, String>> members);

    /**
     * The most members {@link #jsonObject} takes: PostgreSQL passes at most 100 arguments to a
     * function, a name and a value for each member.
     */
    int MOST_JSON_MEMBERS = 50;

    /**
     * {@code function('name', expression, ...)}: the call both databases' JSON object functions
     * share.
     *
     * @throws IllegalArgumentException for more than {@link #MOST_JSON_MEMBERS} members
     */
    static String jsonMembers(String function, List<Map.Entry<String, String>> members) {
        if (members.size() > MOST_JSON_MEMBERS) {
            throw new IllegalArgumentException("a JSON object of " + members.size()
                    + " members is more than the databases' functions take (" + MOST_JSON_MEMBERS + ")");
        }
        StringBuilder sql = new StringBuilder(function);
        for (int i = 0; i < members.size(); i++) {
            Map.Entry<String, String> member = members.get(i);
            sql.append(i == 0 ? "'" : ", '")
                    .append(member.getKey().replace("'", "''"))
                    .append("', ")
                    .append(member.getValue());
        }
        return sql.append(')').toString();
    }

    /** A boolean column as a JSON {@code true}, {@code false} or {@code null} inside {@link #jsonObject}. */
    String jsonBoolean(String column);

    /** An instant column as its wire text ({@link com.repairsync.protocol.WireInstant}) inside {@link #jsonObject}. */
    String jsonInstant(String column);

    /** Appended to the query that reads a shop's sequence in a write transaction, to lock the row. */
    String lockForUpdate();

    /** Starts a transaction on a connection whose auto-commit is off: isolation, read-only. */
    void begin(Connection connection, boolean writable) throws SQLException;

    /**
     * Makes the rest of the transaction act for one shop, before its first statement about that
     * shop (PostgreSQL: the row-level-security setting).
     */
    void enterShop(Connection connection, String shopId) throws SQLException;

    /** True if rows of a shop are invisible until {@link #enterShop} named it. */
    boolean scopesRowsByShop();

    /**
     * The query for login candidates across shops, one parameter (the e-mail), columns shop_id,
     * employee id, role, active, password hash.
     */
    String loginCandidatesSql();

    /**
     * The query for the shops that hold history written before a time, asked before any shop is
     * entered (PostgreSQL: a look-up past row-level security that answers shop ids only):
     * parameters the shop id to start after, the time and the most ids; one column, the shop id,
     * ascending.
     */
    String shopsWithHistoryBeforeSql();

    /**
     * The shop a refresh token belongs to, where the dialect must enter that shop before it can
     * see the token; empty if the token is unknown or the dialect does not scope rows.
     */
    Optional<String> shopOfRefreshToken(Connection connection, String tokenHash) throws SQLException;

    /**
     * True if the store should keep prepared statements per connection across transactions,
     * because the driver does not (PostgreSQL's does; sqlite-jdbc does not).
     */
    default boolean keepsStatements() {
        return false;
    }
}
