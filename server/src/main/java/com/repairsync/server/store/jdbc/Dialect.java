package com.repairsync.server.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** How one database differs under the generic SQL: types, locking, and shop scoping. */
public interface Dialect {

    void bindInstant(PreparedStatement statement, int index, Instant value) throws SQLException;

    Instant readInstant(ResultSet row, String column) throws SQLException;

    /** Reads by column position: name lookups were a tenth of reading a pull page. */
    Instant readInstant(ResultSet row, int column) throws SQLException;

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
