package com.repairsync.server.store.postgres;

import com.repairsync.server.store.ServerHistory;
import com.repairsync.server.store.StoreException;
import com.repairsync.server.store.jdbc.JdbcStore;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production store on PostgreSQL.
 *
 * <p>Two roles: the schema owner runs the Flyway migrations (only when its credentials are given,
 * over a connection that is closed again right after), and the application role runs every query
 * the server makes. The application role owns nothing and is bound by row-level security, so a
 * query that escapes the shop_id filter still sees only the shop its transaction entered. Opening
 * refuses a role that would bypass the policies (superuser, BYPASSRLS, or owner of the tables) and
 * a schema with pending migrations.
 *
 * <p>Writes of one shop are serialized by a lock on the shop's row, taken before the first
 * statement about the shop and held until commit: sequence numbers commit in order per shop, while
 * different shops write in parallel.
 */
public final class PostgresStore extends JdbcStore {
    private static final String MIGRATIONS = "classpath:db/migration/postgres";

    /** Where and as whom to connect. The password is never logged or shown in errors. */
    public record Login(String url, String user, String password) {
        @Override
        public String toString() {
            return user + "@" + url;
        }
    }

    private final Login app;

    private static final Logger LOG = LoggerFactory.getLogger(PostgresStore.class);

    private PostgresStore(HikariDataSource pool, Login app) {
        super(pool, new PostgresDialect(), null, pool);
        this.app = app;
    }

    /**
     * Migrates the schema (when an owner login is given), then opens a pool as the application role
     * and checks that the role is bound by row-level security and the schema is current.
     *
     * @throws IllegalArgumentException if the database cannot be reached, a login is refused, the
     *     application role bypasses row-level security or the schema needs a migration
     */
    public static PostgresStore open(Login app, Optional<Login> owner, int poolSize) {
        owner.ifPresent(login -> migrate(login, app.user()));
        HikariDataSource pool = pool(app, poolSize);
        try {
            refuseRoleBypassingPolicies(pool, app);
            refusePendingMigrations(pool, app);
            PostgresStore store = new PostgresStore(pool, app);
            store.openHistory(connection -> ServerHistory.check(
                    connection,
                    ServerHistory.postgresFingerprint(connection),
                    () -> LOG.warn("this database was restored from a copy (it is not where its history began):"
                            + " starting a new history; devices will heal it and download again")));
            return store;
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Starts listening on a LISTEN/NOTIFY channel as the application role, over connections of its
     * own (outside the pool).
     *
     * @param nodeId this node, named in the connections' application_name
     * @param onMessage called on the listener thread with each message, own messages included
     * @param onListening called each time listening (re)starts
     */
    public PostgresChannel openChannel(String name, String nodeId, Consumer<String> onMessage, Runnable onListening) {
        PGSimpleDataSource source = dataSource(app);
        // pg_stat_activity then tells which node's channel a connection is.
        source.setApplicationName("repairsync " + name + " " + nodeId);
        PostgresChannel channel = new PostgresChannel(source, name, onMessage, onListening);
        channel.start();
        return channel;
    }

    /** Applies pending migrations as the owner; the app role is the one the grants name. */
    static void migrate(Login owner, String appRole) {
        try {
            configure(dataSource(owner), appRole).load().migrate();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "cannot migrate the PostgreSQL schema as " + owner + " (--db-migrate-user): " + e.getMessage(), e);
        }
    }

    static FluentConfiguration configure(DataSource dataSource, String appRole) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(MIGRATIONS)
                .placeholders(Map.of("app_role", quoteIdentifier(appRole)));
    }

    static PGSimpleDataSource dataSource(Login login) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(login.url());
        dataSource.setUser(login.user());
        dataSource.setPassword(login.password());
        dataSource.setApplicationName("repairsync");
        // Strings bind as untyped literals so text parameters fill uuid, jsonb and timestamptz columns.
        dataSource.setStringType("unspecified");
        return dataSource;
    }

    private static HikariDataSource pool(Login app, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(dataSource(app));
        config.setPoolName("repairsync-postgres");
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setAutoCommit(true);
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalArgumentException(
                    "cannot connect to PostgreSQL as " + app + " (--db-url, --db-user, --db-password-file): "
                            + cause.getMessage(),
                    e);
        }
    }

    private static void refuseRoleBypassingPolicies(DataSource pool, Login app) {
        String sql = "SELECT r.rolsuper, r.rolbypassrls,"
                + " (SELECT string_agg(c.relname, ', ') FROM pg_class c"
                + "   WHERE c.relowner = r.oid AND c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace)"
                + " FROM pg_roles r WHERE r.rolname = current_user";
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            String why = row.getBoolean(1)
                    ? "is a superuser"
                    : row.getBoolean(2)
                            ? "has BYPASSRLS"
                            : row.getString(3) != null ? "owns " + row.getString(3) : null;
            if (why != null) {
                throw new IllegalArgumentException("PostgreSQL role " + app.user() + " (--db-user) " + why
                        + ", so row-level security would not apply to it; connect as the application role"
                        + " and give the owner to --db-migrate-user (see docs/postgres.md)");
            }
        } catch (SQLException e) {
            throw new StoreException("store: cannot read the privileges of " + app + ": " + e.getMessage(), e);
        }
    }

    private static void refusePendingMigrations(DataSource pool, Login app) {
        MigrationInfo[] pending;
        try {
            pending = configure(pool, app.user()).load().info().pending();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "cannot read the schema version as " + app + ": " + e.getMessage()
                            + "; has the schema been created? Run once with --db-migrate-user",
                    e);
        }
        if (pending.length > 0) {
            throw new IllegalArgumentException("the PostgreSQL schema needs migration"
                    + Arrays.stream(pending)
                            .map(m -> " V" + m.getVersion() + " " + m.getDescription())
                            .collect(Collectors.joining(",", "", ""))
                    + "; start the server with --db-migrate-user (the schema owner) to apply it");
        }
    }

    /** Quotes a role name for the migrations' GRANT statements. */
    static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
