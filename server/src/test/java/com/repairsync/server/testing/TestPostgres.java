package com.repairsync.server.testing;

import com.repairsync.testkit.PostgresSetup;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * The PostgreSQL server of this test JVM: the one named by {@code REPAIRSYNC_TEST_PG_URL} (a JDBC
 * URL whose user may create databases and roles), else an embedded PostgreSQL started once, on
 * first use, from Maven Central's binaries. Each {@link #createDatabase()} gives a fresh database
 * owned by the owner role, in which the application role has only what the migrations grant. The
 * roles and databases are made by testkit's {@link PostgresSetup}, which the bench shares.
 */
public final class TestPostgres {
    /** The schema owner that runs migrations, as docs/postgres.md sets it up. */
    public static final String OWNER = PostgresSetup.OWNER;
    /** The application role the servers connect as: no superuser, no BYPASSRLS, owns nothing. */
    public static final String APP = PostgresSetup.APP;

    public static final String OWNER_PASSWORD = "owner-test-password";
    public static final String APP_PASSWORD = "app-test-password";

    private static TestPostgres instance;

    private final PostgresSetup setup;

    private TestPostgres(PostgresSetup setup) {
        this.setup = setup;
    }

    /** The server, started (or connected to) on first use and kept for the JVM. */
    public static synchronized TestPostgres get() {
        if (instance == null) {
            instance = new TestPostgres(startOrConnect());
        }
        return instance;
    }

    private static PostgresSetup startOrConnect() {
        String external = System.getenv("REPAIRSYNC_TEST_PG_URL");
        if (external != null && !external.isBlank()) {
            return PostgresSetup.external(external, OWNER_PASSWORD, APP_PASSWORD);
        }
        PostgresSetup embedded = PostgresSetup.embedded(
                Map.of(
                        "max_connections", "400",
                        "fsync", "off",
                        "synchronous_commit", "off",
                        "full_page_writes", "off"),
                OWNER_PASSWORD,
                APP_PASSWORD);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(embedded), "embedded-postgres-stop"));
        return embedded;
    }

    private static void closeQuietly(PostgresSetup embedded) {
        try {
            embedded.close();
        } catch (RuntimeException e) {
            System.err.println("embedded PostgreSQL did not stop cleanly: " + e);
        }
    }

    /** A new, empty database owned by {@link #OWNER}; its JDBC URL (no user in it). */
    public String createDatabase() {
        return setup.createDatabase();
    }

    /**
     * Copies a database into a new one, as a file-level backup would (sessions still on it are
     * ended first: copy it with its server stopped); returns the copy's URL.
     */
    public String copyDatabase(String url) {
        return setup.copyDatabase(url);
    }

    /**
     * Replaces the database at {@code url} with a new copy of the one at {@code backupUrl}, as a DBA
     * restoring a dump would (a new database under the old name); its server must be stopped.
     */
    public void replaceDatabase(String url, String backupUrl) {
        setup.replaceDatabase(url, backupUrl);
    }

    /** A connection to a database as the owner role (which row-level security does not bind). */
    public Connection connectAsOwner(String url) throws SQLException {
        return setup.connectAsOwner(url);
    }

    /** A connection to a database as the application role (bound by row-level security). */
    public Connection connectAsApp(String url) throws SQLException {
        return setup.connectAsApp(url);
    }

    /** Whether the embedded server is in use (rather than REPAIRSYNC_TEST_PG_URL). */
    public boolean isEmbedded() {
        return setup.isEmbedded();
    }
}
