package com.repairsync.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.server.RepairSyncServer;
import com.repairsync.server.ServerConfig;
import com.repairsync.server.store.Store;
import com.repairsync.server.store.postgres.PostgresStore;
import com.repairsync.server.store.sqlite.SqliteStore;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.MutableClock;
import com.repairsync.testkit.PinnedTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real server on a random port with its data in a fresh temporary directory, plus helpers to
 * create shops and sign devices in. Argon2 runs with a cheap cost so tests stay fast.
 *
 * <p>The database is SQLite in the data directory, or, when the system property {@value
 * #DATABASE_PROPERTY} is {@code postgres}, a fresh PostgreSQL database of {@link TestPostgres}
 * that belongs to the data directory: a restart on the same directory, or a second node started
 * by {@link #startAnotherNode}, uses the same database (and the same token key), as nodes of one
 * deployment do.
 *
 * <p>With {@code --tls on} among the settings it speaks HTTPS on its self-signed certificate (or
 * {@code --tls-cert}), and {@link #http()} and {@link #realtimeUri} trust exactly that certificate.
 *
 * <p>Shared by a test class as {@code @RegisterExtension static final TestServer server =
 * TestServer.start();}: it is stopped after the class's last test.
 */
public final class TestServer implements AutoCloseable, AfterAllCallback {
    public static final String PASSWORD = "correct horse battery";
    private static final AtomicInteger SHOPS = new AtomicInteger();

    /** {@code sqlite} (the default) or {@code postgres}: the database every test server uses. */
    public static final String DATABASE_PROPERTY = "repairsync.test.db";

    private static final Map<Path, String> POSTGRES_BY_DIR = new ConcurrentHashMap<>();

    private final RepairSyncServer server;
    private final Path dataDir;
    private final JsonHttp http;
    private final Clock clock;
    private final int port;

    private TestServer(RepairSyncServer server, Path dataDir, Clock clock) {
        this.server = server;
        this.port = server.port();
        this.dataDir = dataDir;
        this.clock = clock;
        // Over HTTPS the client trusts exactly the certificate this server presents, as a pinned device does.
        this.http = server.certificate()
                .map(certificate -> new JsonHttp(server.url(), PinnedTls.client(certificate)))
                .orElseGet(() -> new JsonHttp(server.url()));
    }

    public static TestServer start() {
        return start(Clock.systemUTC(), Map.of());
    }

    /** Starts with a clock and extra settings, such as {@code --max-batch}. */
    public static TestServer start(Clock clock, Map<String, String> settings) {
        try {
            return startIn(Files.createTempDirectory("repairsync-it-"), clock, settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts on an existing data directory, as after a restart. */
    public static TestServer startIn(Path dir, Clock clock, Map<String, String> settings) {
        return startIn(dir, clock, settings, isPostgres());
    }

    /** Starts on PostgreSQL whatever {@value #DATABASE_PROPERTY} says, for PostgreSQL-only tests. */
    public static TestServer startOnPostgres(Clock clock, Map<String, String> settings) {
        try {
            return startIn(Files.createTempDirectory("repairsync-it-"), clock, settings, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TestServer startIn(Path dir, Clock clock, Map<String, String> settings, boolean postgres) {
        List<String> args = new ArrayList<>(List.of(
                "--host", "127.0.0.1",
                "--port", "0",
                "--data", dir.toString(),
                "--argon2-memory-kib", "1024",
                "--argon2-iterations", "1",
                "--shops-per-address", "100000", // every test signs shops up from 127.0.0.1
                "--shutdown-grace", "2s"));
        settings.forEach((flag, value) -> {
            args.add(flag);
            args.add(value);
        });
        Map<String, String> env = new HashMap<>();
        if (postgres) {
            String url =
                    POSTGRES_BY_DIR.computeIfAbsent(dir, d -> TestPostgres.get().createDatabase());
            // Nodes of one deployment share the database and the signing key, as production's must.
            args.addAll(
                    0,
                    List.of(
                            "--db-url",
                            url,
                            "--db-user",
                            TestPostgres.APP,
                            "--db-migrate-user",
                            TestPostgres.OWNER,
                            "--db-pool-size",
                            "6",
                            "--jwt-secret",
                            "test-signing-key-of-" + url));
            env.put(ServerConfig.DB_PASSWORD_ENV, TestPostgres.APP_PASSWORD);
            env.put(ServerConfig.DB_MIGRATE_PASSWORD_ENV, TestPostgres.OWNER_PASSWORD);
        }
        ServerConfig config = ServerConfig.parse(args.toArray(String[]::new), env);
        return new TestServer(RepairSyncServer.start(config, clock), dir, clock);
    }

    /**
     * A store of its own on this JVM's test database, with no server: a fresh PostgreSQL database
     * (as the application's role, migrated by the owner's), or a SQLite file in {@code dir}.
     */
    public static Store openStore(Path dir) {
        if (isPostgres()) {
            String url = TestPostgres.get().createDatabase();
            return PostgresStore.open(
                    new PostgresStore.Login(url, TestPostgres.APP, TestPostgres.APP_PASSWORD),
                    Optional.of(new PostgresStore.Login(url, TestPostgres.OWNER, TestPostgres.OWNER_PASSWORD)),
                    2);
        }
        return SqliteStore.open(dir, 2);
    }

    /** True when the tests of this JVM run on PostgreSQL. */
    public static boolean isPostgres() {
        String database = System.getProperty(DATABASE_PROPERTY, "sqlite");
        return switch (database) {
            case "sqlite" -> false;
            case "postgres" -> true;
            default ->
                throw new IllegalArgumentException(
                        DATABASE_PROPERTY + " must be sqlite or postgres, got '" + database + "'");
        };
    }

    /**
     * Another server node on this one's database and token key, as behind a load balancer. Each
     * node has a data directory of its own (a running server locks its directory).
     */
    public TestServer startAnotherNode(Map<String, String> settings) {
        String url = POSTGRES_BY_DIR.get(dataDir);
        if (url == null) {
            return startAgain(settings);
        }
        try {
            Path nodeDir = Files.createTempDirectory("repairsync-it-node-");
            POSTGRES_BY_DIR.put(nodeDir, url);
            return startIn(nodeDir, clock, settings, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new server on this one's data directory (and database), once this one has stopped. */
    private TestServer startAgain(Map<String, String> settings) {
        return startIn(dataDir, clock, settings, POSTGRES_BY_DIR.containsKey(dataDir));
    }

    /** This server's PostgreSQL database URL; only when {@link #isPostgres()}. */
    public String postgresUrl() {
        String url = POSTGRES_BY_DIR.get(dataDir);
        if (url == null) {
            throw new IllegalStateException("this test server runs on SQLite, not PostgreSQL");
        }
        return url;
    }

    /**
     * A connection to this server's database that sees every shop's rows (SQLite's file, or
     * PostgreSQL as the schema owner), for checking what was stored.
     */
    public Connection openDatabase() throws SQLException {
        return POSTGRES_BY_DIR.containsKey(dataDir)
                ? TestPostgres.get().connectAsOwner(postgresUrl())
                : DriverManager.getConnection("jdbc:sqlite:" + databaseFile());
    }

    /** Stops this server and starts a new one on the same data directory (on a new port). */
    public TestServer restart() {
        stop();
        return startAgain(Map.of());
    }

    /** Starts a stopped server again on the same data directory and the same port, as after an outage. */
    public TestServer startAgainOnSamePort() {
        return startAgain(Map.of("--port", Integer.toString(port)));
    }

    public static TestServer start(MutableClock clock) {
        return start(clock, Map.of());
    }

    /** The server itself: its URL, certificate and fingerprint. */
    public RepairSyncServer server() {
        return server;
    }

    public JsonHttp http() {
        return http;
    }

    public Clock clock() {
        return clock;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path databaseFile() {
        return dataDir.resolve("repairsync.db");
    }

    public URI realtimeUri(String queryToken) {
        String query = queryToken == null ? "" : "?access_token=" + queryToken;
        return URI.create(server.url().replaceFirst("^http", "ws") + "/v1/realtime" + query);
    }

    /** A new shop and its admin. */
    public Shop createShop() {
        String email = "owner" + SHOPS.incrementAndGet() + "-"
                + UUID.randomUUID().toString().substring(0, 8) + "@shop.test";
        JsonHttp.Response response = http.post(
                "/v1/shops",
                Map.of(
                        "shopName",
                        "Shop " + email,
                        "email",
                        email,
                        "password",
                        PASSWORD,
                        "firstName",
                        "Owner",
                        "lastName",
                        "One"),
                null);
        if (response.status() != 201) {
            throw new AssertionError("shop creation failed: " + response);
        }
        return new Shop(
                this,
                response.body().get("shopId").asText(),
                response.body().get("employeeId").asText(),
                email);
    }

    /** Signs in with e-mail and password on a new device. */
    public Device login(String email, String password, String deviceName) {
        return login(http, email, password, deviceName);
    }

    /**
     * Signs in on a new device at a server started without this fixture (on a port), as after a
     * migration.
     */
    public static Device loginTo(int port, String email, String password, String deviceName) {
        return login(new JsonHttp("http://127.0.0.1:" + port), email, password, deviceName);
    }

    private static Device login(JsonHttp http, String email, String password, String deviceName) {
        JsonHttp.Response response = http.post(
                "/v1/auth/login", Map.of("email", email, "password", password, "deviceName", deviceName), null);
        if (response.status() != 200) {
            throw new AssertionError("login failed: " + response);
        }
        JsonNode body = response.body();
        return new Device(
                http,
                body.get("shopId").asText(),
                body.get("employeeId").asText(),
                body.get("deviceId").asText(),
                body.get("accessToken").asText(),
                body.get("refreshToken").asText());
    }

    public void stop() {
        server.stop();
    }

    @Override
    public void close() {
        server.stop();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }
}
