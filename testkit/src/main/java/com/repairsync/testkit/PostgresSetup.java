package com.repairsync.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A PostgreSQL server prepared as docs/postgres.md sets one up: the schema owner {@link #OWNER}
 * that runs migrations and the application role {@link #APP} that row-level security binds (no
 * superuser, no BYPASSRLS, owns nothing). Either an embedded PostgreSQL started from Maven
 * Central's binaries (zonky) or a server reached through an admin URL whose user may create roles
 * and databases. Each {@link #createDatabase()} gives a fresh database owned by the owner, in which
 * the application role has only what the migrations grant. The server tests and the bench's
 * {@code --pg embedded} both use it.
 */
public final class PostgresSetup implements AutoCloseable {
    /** The schema owner that runs migrations. */
    public static final String OWNER = "repairsync_owner";
    /** The application role the servers connect as. */
    public static final String APP = "repairsync_app";

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final String adminUrl;
    private final EmbeddedPostgres embedded;
    private final String ownerPassword;
    private final String appPassword;

    private PostgresSetup(String adminUrl, EmbeddedPostgres embedded, String ownerPassword, String appPassword) {
        this.adminUrl = adminUrl;
        this.embedded = embedded;
        this.ownerPassword = ownerPassword;
        this.appPassword = appPassword;
        createRoles();
    }

    /**
     * Starts an embedded PostgreSQL with these server settings (such as {@code max_connections})
     * and creates the two roles with these passwords. {@link #close()} stops it.
     */
    public static PostgresSetup embedded(Map<String, String> serverConfig, String ownerPassword, String appPassword) {
        return embedded(serverConfig, ownerPassword, appPassword, null);
    }

    /**
     * Like {@link #embedded(Map, String, String)}, with the output of PostgreSQL's programs (initdb,
     * the server's log) appended to {@code logFile} instead of this JVM's log.
     */
    public static PostgresSetup embedded(
            Map<String, String> serverConfig, String ownerPassword, String appPassword, java.nio.file.Path logFile) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            serverConfig.forEach(builder::setServerConfig);
            if (logFile != null) {
                java.nio.file.Files.createDirectories(logFile.toAbsolutePath().getParent());
                ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(logFile.toFile());
                builder.setOutputRedirector(log).setErrorRedirector(log);
            }
            EmbeddedPostgres started = builder.start();
            try {
                return new PostgresSetup(
                        started.getJdbcUrl("postgres", "postgres"), started, ownerPassword, appPassword);
            } catch (RuntimeException e) {
                started.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    /**
     * The server at {@code adminUrl} (a JDBC URL with {@code user=} and {@code password=} of a role
     * that may create roles and databases); creates the two roles unless they exist.
     */
    public static PostgresSetup external(String adminUrl, String ownerPassword, String appPassword) {
        return new PostgresSetup(adminUrl, null, ownerPassword, appPassword);
    }

    public String ownerPassword() {
        return ownerPassword;
    }

    public String appPassword() {
        return appPassword;
    }

    /** Whether this is the embedded server (rather than one reached by an admin URL). */
    public boolean isEmbedded() {
        return embedded != null;
    }

    /** The server's version, such as {@code 14.20}. */
    public String version() {
        try (Connection connection = DriverManager.getConnection(adminUrl);
                Statement statement = connection.createStatement();
                var result = statement.executeQuery("SHOW server_version")) {
            result.next();
            return result.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL did not tell its version: " + e.getMessage(), e);
        }
    }

    /**
     * The PostgreSQL server's main process (the postmaster: the parent of a backend), when it runs on
     * this machine and the operating system shows it.
     */
    public java.util.Optional<ProcessHandle> serverProcess() {
        try (Connection connection = DriverManager.getConnection(adminUrl);
                Statement statement = connection.createStatement();
                var result = statement.executeQuery("SELECT pg_backend_pid()")) {
            result.next();
            return ProcessHandle.of(result.getLong(1)).flatMap(ProcessHandle::parent);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL did not tell its process: " + e.getMessage(), e);
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
                END $$""".formatted(OWNER, ownerPassword.replace("'", "''"), APP, appPassword.replace("'", "''")));
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
            throw new IllegalStateException("cannot prepare database " + name + ": " + e.getMessage(), e);
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

    /** Drops the database at {@code url}, ending the sessions still on it. */
    public void dropDatabase(String url) {
        endSessions(nameOf(url));
        admin("DROP DATABASE IF EXISTS " + nameOf(url));
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
        return DriverManager.getConnection(url, OWNER, ownerPassword);
    }

    /** A connection to a database as the application role (bound by row-level security). */
    public Connection connectAsApp(String url) throws SQLException {
        return DriverManager.getConnection(url, APP, appPassword);
    }

    private void admin(String sql) {
        try (Connection connection = DriverManager.getConnection(adminUrl);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL refused: " + sql + ": " + e.getMessage(), e);
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
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** Stops the embedded server; a server reached by URL stays as it is. */
    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not stop cleanly", e);
            }
        }
    }
}
