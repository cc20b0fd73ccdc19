package com.repairsync.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.repairsync.protocol.Change;
import com.repairsync.protocol.JsonMappers;
import com.repairsync.server.auth.AccessTokens;
import com.repairsync.server.auth.AuthService;
import com.repairsync.server.auth.ConsoleSignIn;
import com.repairsync.server.auth.EmployeeSignOut;
import com.repairsync.server.auth.LoginThrottle;
import com.repairsync.server.auth.PasswordHasher;
import com.repairsync.server.auth.Passwords;
import com.repairsync.server.auth.SessionIssuer;
import com.repairsync.server.auth.ShopDevices;
import com.repairsync.server.backup.BackupSchedule;
import com.repairsync.server.console.DeviceReports;
import com.repairsync.server.console.HeldChanges;
import com.repairsync.server.console.ShopConsole;
import com.repairsync.server.console.SyncAnalytics;
import com.repairsync.server.erasure.ErasureService;
import com.repairsync.server.files.FileLane;
import com.repairsync.server.history.HistoryRetention;
import com.repairsync.server.http.HttpApi;
import com.repairsync.server.http.InFlight;
import com.repairsync.server.http.MethodOverrideHeaders;
import com.repairsync.server.http.ProblemErrorHandler;
import com.repairsync.server.http.RealtimeEndpoint;
import com.repairsync.server.metrics.ServerMetrics;
import com.repairsync.server.realtime.RealtimeHub;
import com.repairsync.server.realtime.SignInEnder;
import com.repairsync.server.realtime.SocketSlots;
import com.repairsync.server.store.DataDirectoryLock;
import com.repairsync.server.store.Store;
import com.repairsync.server.store.postgres.PostgresChannel;
import com.repairsync.server.sync.CarriedChanges;
import com.repairsync.server.sync.CommitListener;
import com.repairsync.server.sync.PullService;
import com.repairsync.server.sync.PushService;
import com.repairsync.server.sync.ShopClocks;
import com.repairsync.server.tls.ServerCertificate;
import com.repairsync.server.tls.TlsConnector;
import com.repairsync.server.tls.TlsMaterialException;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.compression.Gzip;
import io.javalin.json.JavalinJackson;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running sync server: storage, services and the HTTP/WebSocket surface, wired from a {@link
 * ServerConfig}. {@link #stop()} shuts down gracefully: new pushes are refused, in-flight pushes
 * finish, sockets close with a reason, then the database closes.
 */
public final class RepairSyncServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RepairSyncServer.class);
    private static final int GOING_AWAY = 1001;

    private final ServerConfig config;
    private final Store store;
    private final PostgresChannel cluster;
    private final RealtimeHub hub;
    private final RealtimeEndpoint realtime;
    private final InFlight inFlight = new InFlight();
    private final Javalin javalin;
    private final Optional<ServerCertificate> certificate;
    private final DataDirectoryLock lock;
    private final Optional<BackupSchedule> backups;
    private final SyncAnalytics analytics;
    private final HistoryRetention historyRetention;
    private boolean stopped;

    private RepairSyncServer(ServerConfig config, Clock clock, DataDirectoryLock lock) {
        this.config = config;
        this.lock = lock;
        this.certificate = ServerTls.certificate(config); // first: a bad certificate leaves no database open
        ObjectMapper json = objectMapper();
        ServerStorage storage = ServerStorage.open(config, json);
        this.store = storage.store();
        this.hub = storage.hub();
        this.cluster = storage.cluster();
        SignInEnder signInEnder = storage.signInEnder();
        ServerMetrics metrics = new ServerMetrics();
        ShopClocks serverClock = new ShopClocks(clock, "server");
        FileLane files = FileLane.open(config, store, clock);
        // Before anything serves or backs up the database: a restored one is erased again first.
        ErasureService erasures = ErasureService.start(
                config.erasureLog(),
                store,
                serverClock::of,
                clock,
                files.bytes(),
                (shopId, from, cursor, serverHlc) -> hub.committed(shopId, from, cursor, null, serverHlc));
        this.backups = backups(config, clock, metrics);
        this.analytics = observe(metrics, hub, SyncAnalytics.start(store, clock));
        LoginThrottle throttle = new LoginThrottle(
                clock, config.loginWindow(), config.loginFailuresPerAccount(), config.loginFailuresPerAddress());
        PasswordHasher hasher = new PasswordHasher(config.argon2MemoryKib(), config.argon2Iterations(), 1);
        SessionIssuer issuer = new SessionIssuer(
                new AccessTokens(TokenSecret.of(config), clock, config.accessTokenTtl()), config.refreshTokenTtl());
        AuthService auth = new AuthService(
                store, hasher, issuer, throttle, clock, serverClock, signInEnder.sessions(), signInEnder);
        Passwords passwords = new Passwords(store, hasher, issuer, throttle, clock, signInEnder, config.stepUpTtl());
        PushService push = new PushService(
                store,
                serverClock,
                clock,
                config.maxClockSkew(),
                commitListener(signInEnder),
                metrics::pushResult,
                config.history().record());
        this.historyRetention =
                HistoryRetention.start(store, clock, config.history().keep());
        PullService pull = new PullService(store, serverClock, metrics::pullRows);
        HttpApi api = new HttpApi(
                config,
                json,
                auth,
                passwords,
                push,
                pull,
                metrics,
                inFlight,
                store,
                clock,
                new ShopDevices(store, clock, signInEnder),
                console(store, clock, analytics, auth, issuer, signInEnder, new HeldChanges(store, clock, push, json)),
                files,
                erasures);
        this.realtime = realtime(config, api, hub, store, clock, json);
        this.javalin = javalin(config, json, certificate, api, realtime);
    }

    /** The WebSocket endpoint, with the caps on the sockets one device, login and shop may hold. */
    private static RealtimeEndpoint realtime(
            ServerConfig config, HttpApi api, RealtimeHub hub, Store store, Clock clock, ObjectMapper json) {
        ServerConfig.RealtimeLimits caps = config.realtime();
        return new RealtimeEndpoint(
                api, hub, store, clock, json, new SocketSlots(caps.perDevice(), caps.perLogin(), caps.perShop()));
    }

    /** The owner's console: devices' reports and the analytics, fed and read. */
    private static HttpApi.Console console(
            Store store,
            Clock clock,
            SyncAnalytics analytics,
            AuthService auth,
            SessionIssuer issuer,
            SignInEnder signInEnder,
            HeldChanges held) {
        return new HttpApi.Console(
                new DeviceReports(store, clock, analytics),
                analytics,
                new ShopConsole(store, clock, analytics),
                new ConsoleSignIn(auth, issuer, signInEnder.sessions(), store),
                new EmployeeSignOut(store, clock, signInEnder),
                held);
    }

    /** The web server: Jetty's settings, TLS when configured, and the API's and realtime's routes. */
    private static Javalin javalin(
            ServerConfig config,
            ObjectMapper json,
            Optional<ServerCertificate> certificate,
            HttpApi api,
            RealtimeEndpoint realtime) {
        return Javalin.create(javalinConfig -> {
            javalinConfig.startup.showJavalinBanner = false;
            javalinConfig.jsonMapper(new JavalinJackson(json, false));
            javalinConfig.http.maxRequestSize = config.maxBodyBytes();
            // gzip level 1: sync JSON still shrinks several times, at a fraction of level 6's CPU
            // (which took 40% of a pull page's server time).
            javalinConfig.http.compressionStrategy = new CompressionStrategy(null, new Gzip(1));
            javalinConfig.http.prefer405over404 = true;
            javalinConfig.jetty.host = config.host();
            javalinConfig.jetty.port = config.port();
            // With HTTPS this connector replaces Javalin's plain one (which is made only when none is added).
            certificate.ifPresent(served -> javalinConfig.jetty.addConnector(
                    (server, http) -> TlsConnector.create(server, http, served, config.host(), config.port())));
            // Jetty's per-connection cache of parsed header fields cost ~100 KB for every open
            // connection (each device keeps a socket and an HTTP connection open); without it the
            // server holds ~26 KB per connected device instead of ~129 KB.
            javalinConfig.jetty.modifyHttpConfiguration(http -> {
                http.setHeaderCacheSize(0);
                http.addCustomizer(new MethodOverrideHeaders());
            });
            javalinConfig.jetty.modifyServer(server -> {
                server.setStopTimeout(config.shutdownGrace().toMillis());
                server.setErrorHandler(new ProblemErrorHandler()); // Jetty's own errors as problem+json too
            });
            api.install(javalinConfig);
            realtime.install(javalinConfig);
        });
    }

    /** Has the metrics and the analytics hear of the hub's sockets and deliveries; returns the analytics. */
    private static SyncAnalytics observe(ServerMetrics metrics, RealtimeHub hub, SyncAnalytics analytics) {
        metrics.socketsGauge(hub::openSockets);
        metrics.unsentBytesGauge(hub::unsentBytes);
        hub.observeFanouts(metrics::realtimeFanout);
        hub.observeDeliveries(analytics::delivered);
        return analytics;
    }

    private static Optional<BackupSchedule> backups(ServerConfig config, Clock clock, ServerMetrics metrics) {
        ServerConfig.Backups backups = config.backups();
        return backups.dir()
                .map(dir -> BackupSchedule.start(
                        config.dataDir(), dir, backups.every(), backups.keep(), clock, metrics::backupResult));
    }

    /** The backups this server takes itself ({@code --backup-dir}), if any. */
    public Optional<BackupSchedule> backups() {
        return backups;
    }

    /** The hub hears of every commit; sign-ins a commit ended end at once on every node. */
    private CommitListener commitListener(SignInEnder signInEnder) {
        return new CommitListener() {
            @Override
            public void committed(String shopId, long fromCursor, long cursor, List<Change> changes, String serverHlc) {
                hub.committed(shopId, fromCursor, cursor, changes, serverHlc);
            }

            @Override
            public void committedCarrying(
                    String shopId, long fromCursor, long cursor, CarriedChanges carried, String serverHlc) {
                hub.committedCarrying(shopId, fromCursor, cursor, carried, serverHlc);
            }

            @Override
            public void signInsEnded(String shopId, Set<String> employeeIds) {
                employeeIds.forEach(employeeId -> signInEnder.employee(
                        shopId, employeeId, "employee deactivated, removed or given another role"));
            }
        };
    }

    /**
     * Opens the store and starts listening.
     *
     * @throws IllegalArgumentException if the data directory is unusable
     * @throws DataDirectoryLock.HeldException if another server runs on the data directory
     * @throws TlsMaterialException if the certificate or key cannot be used, naming the file
     */
    public static RepairSyncServer start(ServerConfig config, Clock clock) {
        // First: a second server on this directory is refused before it touches anything in it.
        DataDirectoryLock lock = DataDirectoryLock.acquire(config.dataDir());
        RepairSyncServer server;
        try {
            server = new RepairSyncServer(config, clock, lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        try {
            server.javalin.start();
        } catch (RuntimeException e) {
            server.closeStorage();
            throw e;
        }
        ServerTls.logListening(config, server.certificate, server.port());
        return server;
    }

    /**
     * The SHA-256 fingerprint of the certificate this server presents (colon-separated upper-case
     * hex, as {@link com.repairsync.protocol.CertificateFingerprint} writes it), or empty when it
     * speaks plain HTTP. Devices pin it when they join.
     */
    public Optional<String> certificateFingerprint() {
        return certificate.map(ServerCertificate::fingerprint);
    }

    /** The certificate this server presents (its own, without the chain), or empty for plain HTTP. */
    public Optional<X509Certificate> certificate() {
        return certificate.map(ServerCertificate::leaf);
    }

    /**
     * The base URL of this server as seen from this machine, such as {@code https://127.0.0.1:8787}:
     * its scheme, the configured host (127.0.0.1 when it listens on every address) and the bound
     * port. Devices elsewhere use this machine's address or name instead of a loopback host.
     */
    public String url() {
        return ServerTls.url(config.host(), certificate.isPresent(), port());
    }

    /** The port actually bound (useful when the config asked for 0). */
    public int port() {
        return javalin.port();
    }

    public ServerConfig config() {
        return config;
    }

    /** Graceful shutdown; safe to call twice. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        log.info("shutting down: finishing in-flight pushes");
        try {
            if (!inFlight.closeAndAwaitIdle(config.shutdownGrace())) {
                log.warn("in-flight pushes did not finish within {}", config.shutdownGrace());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        hub.closeAll(GOING_AWAY, "server shutting down");
        realtime.stop();
        javalin.stop();
        closeStorage();
        log.info("stopped");
    }

    private void closeStorage() {
        try {
            backups.ifPresent(schedule -> schedule.close(config.shutdownGrace()));
            analytics.close(); // stores the last counts while the store is open
            historyRetention.close();
            if (cluster != null) {
                cluster.close();
            }
            store.close();
        } finally {
            lock.close();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * The server's JSON: the wire mapper ({@link JsonMappers#wire()}), with java.time values as
     * ISO-8601 text, and a request body that is one JSON document with nothing after it (trailing
     * content is a malformed request). Public so benchmarks measure exactly this mapper.
     */
    public static ObjectMapper objectMapper() {
        return JsonMappers.wire()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** For tests: how long an access token lives. */
    Duration accessTokenTtl() {
        return config.accessTokenTtl();
    }
}
