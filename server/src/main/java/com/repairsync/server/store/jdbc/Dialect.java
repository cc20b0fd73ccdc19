package com.repairsync.server.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** How one database stores the types the generic SQL binds and reads. */
public interface Dialect {

    void bindInstant(PreparedStatement statement, int index, Instant value) throws SQLException;

    Instant readInstant(ResultSet row, String column) throws SQLException;

    /** Appended to the query that reads a shop's sequence in a write transaction, to lock the row. */
    String lockForUpdate();
}
