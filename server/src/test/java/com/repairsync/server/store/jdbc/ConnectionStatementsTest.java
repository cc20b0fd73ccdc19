package com.repairsync.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ConnectionStatementsTest {
    private final ConnectionStatements statements = new ConnectionStatements();

    @Test
    void aConnectionGetsItsStatementBackWithParametersCleared() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            PreparedStatement first = statements.of(connection).prepare("SELECT ?");
            first.setInt(1, 7);

            PreparedStatement again = statements.of(connection).prepare("SELECT ?");

            assertThat(again).isSameAs(first);
            again.setInt(1, 8);
            try (var row = again.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getInt(1)).isEqualTo(8);
            }
        }
    }

    @Test
    void onlyTheMostRecentlyUsedStatementsStayOpen() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            ConnectionStatements.Cache cache = statements.of(connection);
            PreparedStatement kept = cache.prepare("SELECT 0");
            PreparedStatement dropped = cache.prepare("SELECT 1");
            for (int i = 2; i <= ConnectionStatements.PER_CONNECTION; i++) {
                cache.prepare("SELECT " + i);
                cache.prepare("SELECT 0"); // used again and again: stays
            }

            assertThat(dropped.isClosed()).isTrue();
            assertThat(kept.isClosed()).isFalse();
            assertThat(cache.prepare("SELECT 0")).isSameAs(kept);
        }
    }

    @Test
    void aNewConnectionHasItsOwnStatementsAndClosedOnesAreForgotten() throws SQLException {
        Connection closed = DriverManager.getConnection("jdbc:sqlite::memory:");
        ConnectionStatements.Cache old = statements.of(closed);
        old.prepare("SELECT 1");
        closed.close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            ConnectionStatements.Cache fresh = statements.of(connection);

            assertThat(fresh).isNotSameAs(old);
            assertThat(statements.of(closed)).as("forgotten, so a new cache").isNotSameAs(old);
        }
    }
}
