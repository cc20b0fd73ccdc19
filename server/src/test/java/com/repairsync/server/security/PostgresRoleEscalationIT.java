package com.repairsync.server.security;

import com.repairsync.server.testing.TestServer;
import java.time.Clock;
import java.util.Map;

/** {@link RoleEscalationIT} on PostgreSQL, whose transactions and row-level security differ from SQLite's. */
class PostgresRoleEscalationIT extends RoleEscalationIT {
    @Override
    TestServer startServer() {
        return TestServer.startOnPostgres(Clock.systemUTC(), Map.of());
    }
}
