package com.repairsync.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.server.ClientAddress;
import com.repairsync.server.ServerConfig;
import com.repairsync.server.auth.AuthService;
import com.repairsync.server.auth.ConsoleSignIn;
import com.repairsync.server.auth.EmployeeSignOut;
import com.repairsync.server.auth.Passwords;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.auth.ShopDevices;
import com.repairsync.server.auth.SignUpLimit;
import com.repairsync.server.console.DeviceReports;
import com.repairsync.server.console.HeldChanges;
import com.repairsync.server.console.ShopConsole;
import com.repairsync.server.console.SyncAnalytics;
import com.repairsync.server.customfields.CustomFieldService;
import com.repairsync.server.erasure.ErasureService;
import com.repairsync.server.files.FileLane;
import com.repairsync.server.history.HistoryReader;
import com.repairsync.server.http.console.ConsoleApi;
import com.repairsync.server.http.console.ConsoleWeb;
import com.repairsync.server.metrics.ServerMetrics;
import com.repairsync.server.store.Store;
import com.repairsync.server.sync.PullService;
import com.repairsync.server.sync.PushService;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/**
 * The versioned HTTP API: installs the request lifecycle (request ids, body draining, the request
 * log), the routes and their handlers, and the mapping of errors to problem+json.
 */
public final class HttpApi {
    private final ServerConfig config;
    private final ServerMetrics metrics;
    private final Store store;
    private final String openApi;
    private final Callers callers;
    private final RequestLog requestLog;
    private final AuthHandlers authHandlers;
    private final DeviceHandlers deviceHandlers;
    private final ConsoleHandlers consoleHandlers;
    private final ConsoleWeb consoleWeb;
    private final PushHandler pushHandler;
    private final PullHandlers pullHandlers;
    private final FileHandlers fileHandlers;
    private final ErasureHandlers erasureHandlers;
    private final HistoryHandlers historyHandlers;
    private final CustomFieldHandlers customFieldHandlers;

    public HttpApi(
            ServerConfig config,
            ObjectMapper json,
            AuthService auth,
            Passwords passwords,
            PushService push,
            PullService pull,
            ServerMetrics metrics,
            InFlight inFlight,
            Store store,
            Clock clock,
            ShopDevices devices,
            Console console,
            FileLane files,
            ErasureService erasures) {
        this.config = config;
        this.metrics = metrics;
        this.store = store;
        this.openApi = resource("/openapi.json");
        this.callers = new Callers(auth, new ClientAddress(config.trustedProxies()));
        this.requestLog = new RequestLog(metrics, callers);
        this.authHandlers = new AuthHandlers(
                config, json, auth, passwords, new SignUpLimit(clock, config.shopsPerAddress()), callers);
        this.deviceHandlers = new DeviceHandlers(devices, console.held(), callers, json, config);
        this.consoleHandlers = new ConsoleHandlers(json, console.reports(), console.shop(), callers);
        HistoryReader history = new HistoryReader(store, clock, config.history().offlineDays());
        this.consoleWeb = new ConsoleWeb(
                console.signIn(),
                callers,
                new ConsoleApi(devices, console.shop(), console.signOut(), console.held(), history, clock));
        this.pushHandler = new PushHandler(config, json, passwords, push, inFlight, callers, console.analytics());
        this.pullHandlers = new PullHandlers(pull, new PullParams(config), json, callers, console.analytics());
        this.fileHandlers = new FileHandlers(files, callers, json);
        this.erasureHandlers = new ErasureHandlers(erasures, passwords, callers, json);
        this.historyHandlers = new HistoryHandlers(history, callers);
        this.customFieldHandlers = new CustomFieldHandlers(new CustomFieldService(store, push), callers, json);
    }

    /** Installs routes and handlers into a Javalin configuration. */
    public void install(JavalinConfig javalin) {
        var routes = javalin.routes;
        routes.before(RequestLog::started);
        routes.before(new WireVersionCheck(config.minProtocol())::check);
        routes.after(ctx -> UnreadBody.drain(ctx, config.maxBodyBytes()));
        routes.after(requestLog::finished);

        routes.get("/v1/health", this::health);
        routes.get(
                "/v1/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
        routes.get("/metrics", new MetricsEndpoint(metrics, config.metricsToken())::scrape);

        routes.post("/v1/shops", authHandlers::createShop);
        routes.post("/v1/auth/login", authHandlers::login);
        routes.post("/v1/auth/refresh", authHandlers::refresh);
        routes.post("/v1/auth/logout", authHandlers::logout);
        routes.post("/v1/auth/step-up", authHandlers::stepUp);
        routes.put("/v1/employees/{id}/password", authHandlers::setPassword);
        routes.get("/v1/devices", deviceHandlers::list);
        routes.post("/v1/devices/{id}/revoke", deviceHandlers::revokeDevice);
        routes.post("/v1/devices/held", deviceHandlers::surrender);
        routes.get("/v1/devices/{id}/held", deviceHandlers::listHeld);
        routes.post("/v1/devices/{id}/held/{mutationId}/apply", deviceHandlers::applyHeld);
        routes.post("/v1/devices/{id}/held/{mutationId}/discard", deviceHandlers::discardHeld);
        routes.post("/v1/devices/health", consoleHandlers::report);
        routes.get("/v1/analytics", consoleHandlers::analytics);
        routes.get("/v1/alerts", consoleHandlers::alerts);
        routes.post("/v1/sync/push", pushHandler::push);
        routes.get("/v1/sync/pull", pullHandlers::pull);
        routes.get("/v1/sync/pull/stream", pullHandlers::pullStream);
        routes.post("/v1/files/{hash}", fileHandlers::begin);
        routes.put("/v1/files/{hash}/chunks/{index}", fileHandlers::putChunk);
        routes.get("/v1/files/{hash}", fileHandlers::download);
        routes.post("/v1/records/customers/{id}/erase", erasureHandlers::eraseCustomer);
        routes.get("/v1/records/{entity}/{id}/history", historyHandlers::ofRecord);
        routes.get("/v1/audit", historyHandlers::audit);
        routes.get("/v1/history/feed", historyHandlers::feed);
        routes.get("/v1/custom-fields", customFieldHandlers::list);
        routes.post("/v1/custom-fields", customFieldHandlers::declare);
        routes.patch("/v1/custom-fields/{entity}/{name}", customFieldHandlers::change);
        consoleWeb.install(javalin);

        ErrorResponses.install(javalin);
    }

    /** The owner's console: devices' reports, the analytics every push and pull feeds, and their reading. */
    public record Console(
            DeviceReports reports,
            SyncAnalytics analytics,
            ShopConsole shop,
            ConsoleSignIn signIn,
            EmployeeSignOut signOut,
            HeldChanges held) {}

    /** Authenticates a bearer header or, for WebSockets, a token query parameter. */
    java.util.Optional<Principal> authenticate(String authorization, String queryToken) {
        return callers.authenticate(authorization, queryToken);
    }

    /** 200 when the database answers; a storage failure becomes 503 through the StoreException handler. */
    private void health(Context ctx) {
        store.read(tx -> {
            tx.ping();
            return null;
        });
        ctx.json(Map.of("status", "ok"));
    }

    private static String resource(String name) {
        try (InputStream in = HttpApi.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
