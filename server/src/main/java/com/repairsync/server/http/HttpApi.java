package com.repairsync.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.PullResponse;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.server.ApiException;
import com.repairsync.server.ClientAddress;
import com.repairsync.server.ServerConfig;
import com.repairsync.server.auth.AuthRequests;
import com.repairsync.server.auth.AuthService;
import com.repairsync.server.auth.Passwords;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.auth.ShopDevices;
import com.repairsync.server.auth.SignUpLimit;
import com.repairsync.server.metrics.ServerMetrics;
import com.repairsync.server.store.Store;
import com.repairsync.server.store.StoreException;
import com.repairsync.server.store.StoredInstants;
import com.repairsync.server.sync.PullQuery;
import com.repairsync.server.sync.PullService;
import com.repairsync.server.sync.PushService;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The versioned HTTP API: routes, authentication, errors as problem+json, request logging. */
public final class HttpApi {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    private static final String STARTED = "startedNanos";
    private static final String PRINCIPAL = "principal";
    /** Most pages one pull stream sends (the device asks again for more). */
    static final int MAX_STREAM_PAGES = 100;

    private final ServerConfig config;
    private final ObjectMapper json;
    private final AuthService auth;
    private final Passwords passwords;
    private final PushService push;
    private final PullService pull;
    private final ServerMetrics metrics;
    private final InFlight inFlight;
    private final Store store;
    private final String openApi;
    private final ObjectWriter pageWriter;
    private final ShopDevices devices;
    private final ClientAddress clientAddress;
    private final SignUpLimit signUps;

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
            ShopDevices devices) {
        this.config = config;
        this.json = json;
        this.auth = auth;
        this.passwords = passwords;
        this.push = push;
        this.pull = pull;
        this.metrics = metrics;
        this.inFlight = inFlight;
        this.store = store;
        this.devices = devices;
        this.openApi = resource("/openapi.json");
        this.pageWriter = json.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        this.clientAddress = new ClientAddress(config.trustedProxies());
        this.signUps = new SignUpLimit(clock, config.shopsPerAddress());
    }

    /** Installs routes and handlers into a Javalin configuration. */
    public void install(JavalinConfig javalin) {
        var routes = javalin.routes;
        routes.before(ctx -> {
            ctx.attribute(STARTED, System.nanoTime());
            RequestIds.assign(ctx);
        });
        routes.after(ctx -> UnreadBody.drain(ctx, config.maxBodyBytes()));
        routes.after(this::logAndMeasure);

        routes.get("/v1/health", this::health);
        routes.get(
                "/v1/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
        routes.get("/metrics", new MetricsEndpoint(metrics, config.metricsToken())::scrape);

        routes.post("/v1/shops", this::createShop);
        routes.post("/v1/auth/login", this::login);
        routes.post("/v1/auth/refresh", this::refresh);
        routes.post("/v1/auth/logout", this::logout);
        routes.post("/v1/auth/step-up", this::stepUp);
        routes.put("/v1/employees/{id}/password", this::setPassword);
        routes.get("/v1/devices", ctx -> ctx.json(Map.of("devices", devices.list(principal(ctx)))));
        routes.post("/v1/devices/{id}/revoke", this::revokeDevice);
        routes.post("/v1/sync/push", this::push);
        routes.get("/v1/sync/pull", this::pull);
        routes.get("/v1/sync/pull/stream", this::pullStream);

        routes.exception(ApiException.class, (e, ctx) -> {
            if (e.retryAfter() != null) {
                ctx.header(
                        "Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
            }
            if (e.status() == 401) {
                ctx.header("WWW-Authenticate", "Bearer");
            }
            Problems.write(ctx, e.code(), e.status(), e.field(), e.getMessage());
        });
        routes.exception(StoreException.class, (e, ctx) -> {
            log.error("storage failed", e);
            Problems.write(ctx, ErrorCode.UNAVAILABLE, 503, null, "storage is unavailable; retry later");
        });
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            String detail =
                    switch (e.getStatus()) {
                        case 404 -> "no route " + ctx.method() + " " + ctx.path();
                        case 405 -> ctx.method() + " is not allowed on " + ctx.path();
                        default -> e.getMessage();
                    };
            Problems.write(ctx, Problems.codeFor(e.getStatus()), e.getStatus(), null, detail);
        });
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("request failed", e);
            Problems.write(
                    ctx,
                    ErrorCode.INTERNAL,
                    500,
                    null,
                    "internal server error; the log has request id " + ctx.attribute(RequestIds.ATTRIBUTE));
        });
        routes.error(404, ctx -> {
            if (!Problems.written(ctx)) {
                Problems.write(ctx, ErrorCode.NOT_FOUND, 404, null, "no route " + ctx.method() + " " + ctx.path());
            }
        });
        routes.error(405, ctx -> {
            if (!Problems.written(ctx)) {
                Problems.write(
                        ctx,
                        ErrorCode.METHOD_NOT_ALLOWED,
                        405,
                        null,
                        ctx.method() + " is not allowed on " + ctx.path());
            }
        });
    }

    /** 200 when the database answers; a storage failure becomes 503 through the StoreException handler. */
    private void health(Context ctx) {
        store.read(tx -> {
            tx.ping();
            return null;
        });
        ctx.json(Map.of("status", "ok"));
    }

    private void createShop(Context ctx) {
        JsonBody body = JsonBody.read(ctx, json, config.maxBodyBytes());
        AuthRequests.CreateShop request = new AuthRequests.CreateShop(
                body.text("shopName", 100),
                body.email("email"),
                body.password("password"),
                body.text("firstName", 100),
                body.optionalText("lastName", 100));
        signUps.tryAcquire(clientAddress(ctx)).ifPresent(wait -> {
            throw new ApiException(
                    ErrorCode.RATE_LIMITED,
                    429,
                    null,
                    "too many shop sign-ups from this address (" + config.shopsPerAddress() + " per hour); retry later",
                    wait);
        });
        ctx.status(HttpStatus.CREATED).json(auth.createShop(request));
    }

    private void login(Context ctx) {
        JsonBody body = JsonBody.read(ctx, json, config.maxBodyBytes());
        AuthRequests.Login request = new AuthRequests.Login(
                body.email("email"),
                body.secret("password"),
                body.text("deviceName", 100),
                body.optionalUuid("deviceId"));
        ctx.json(auth.login(request, clientAddress(ctx)));
    }

    private void refresh(Context ctx) {
        JsonBody body = JsonBody.read(ctx, json, config.maxBodyBytes());
        ctx.json(auth.refresh(body.text("refreshToken", 200)));
    }

    private void logout(Context ctx) {
        JsonBody body = JsonBody.read(ctx, json, config.maxBodyBytes());
        auth.logout(body.text("refreshToken", 200));
        ctx.status(HttpStatus.NO_CONTENT);
    }

    private void setPassword(Context ctx) {
        Principal principal = principal(ctx);
        String employeeId = com.repairsync.protocol.schema.FieldSpec.canonicalUuid(ctx.pathParam("id"))
                .orElseThrow(() -> ApiException.invalid("id", "employee id in the path must be a UUID"));
        JsonBody body = JsonBody.read(ctx, json, config.maxBodyBytes());
        String password = body.password("password");
        String currentPassword = body.node().has("currentPassword") ? body.secret("currentPassword") : null;
        passwords
                .setPassword(principal, employeeId, password, currentPassword, clientAddress(ctx))
                .ifPresentOrElse(ctx::json, () -> ctx.status(HttpStatus.NO_CONTENT));
    }

    private void stepUp(Context ctx) {
        Principal principal = principal(ctx);
        JsonBody body = JsonBody.read(ctx, json, config.maxBodyBytes());
        ctx.json(passwords.stepUp(
                principal, body.optionalUuid("employeeId"), body.secret("password"), clientAddress(ctx)));
    }

    private void revokeDevice(Context ctx) {
        Principal principal = principal(ctx);
        String deviceId = com.repairsync.protocol.schema.FieldSpec.canonicalUuid(ctx.pathParam("id"))
                .orElseThrow(() -> ApiException.invalid("id", "device id in the path must be a UUID"));
        ctx.json(devices.revoke(principal, deviceId));
    }

    private void push(Context ctx) {
        Principal principal = principal(ctx);
        JsonBody body = JsonBody.read(ctx, json, config.maxBodyBytes());
        String deviceId = body.text("deviceId", 64);
        JsonNode mutations = body.node().get("mutations");
        if (mutations == null || !mutations.isArray()) {
            throw ApiException.invalid("mutations", "mutations must be an array");
        }
        if (mutations.size() > config.maxBatchSize()) {
            throw new ApiException(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    413,
                    "mutations",
                    "push rejected: batch of " + mutations.size() + " mutations exceeds the limit of "
                            + config.maxBatchSize(),
                    null);
        }
        List<ObjectNode> batch = new ArrayList<>(mutations.size());
        java.util.Set<String> confirmed = new java.util.HashSet<>();
        for (int i = 0; i < mutations.size(); i++) {
            JsonNode mutation = mutations.get(i);
            String at = "mutations[" + i + "]";
            if (!mutation.isObject()) {
                throw ApiException.invalid(at, at + " must be an object");
            }
            JsonNode id = mutation.get("mutationId");
            if (id == null
                    || !id.isTextual()
                    || id.textValue().isBlank()
                    || id.textValue().length() > 100
                    || id.textValue().indexOf('\0') >= 0) {
                throw ApiException.invalid(
                        at + ".mutationId",
                        at + ".mutationId must be a string of 1 to 100 characters without NUL (U+0000)");
            }
            JsonBody.refuseUnpairedSurrogate(at + ".mutationId", id.textValue());
            JsonNode group = mutation.get("groupId");
            if (group != null && group.isTextual()) {
                JsonBody.refuseUnpairedSurrogate(at + ".groupId", group.textValue());
            }
            batch.add((ObjectNode) mutation);
            JsonNode stepUp = mutation.get("stepUp");
            if (stepUp != null && !stepUp.isTextual()) {
                throw ApiException.invalid(at + ".stepUp", at + ".stepUp must be the token POST /v1/auth/step-up gave");
            }
            if (stepUp != null) {
                String actor = mutation.path("actorId").asText("");
                passwords
                        .stepUpOf(principal, stepUp.textValue())
                        .filter(confirmation -> confirmation.employeeId().equals(actor))
                        .ifPresent(confirmation -> confirmed.add(actor));
            }
        }
        if (!inFlight.enter()) {
            throw new ApiException(
                    ErrorCode.UNAVAILABLE, 503, null, "server is shutting down; retry shortly", Duration.ofSeconds(1));
        }
        try {
            ctx.json(push.push(principal, deviceId, batch, confirmed));
        } finally {
            inFlight.exit();
        }
    }

    private void pull(Context ctx) {
        Principal principal = principal(ctx);
        ctx.json(pull.pull(principal, pullQuery(ctx)));
    }

    /**
     * Up to {@code pages} pull pages in one response, one JSON object per line (NDJSON), each page
     * exactly what {@code /v1/sync/pull} would answer at its cursor and read in its own snapshot.
     * The server reads the next page while the device stores the last, and a far-behind device
     * pays one round trip per {@code pages} pages instead of one per page. The first page is read
     * before the status is sent, so its errors are problem+json; a later page that fails ends the
     * stream early (logged), and the device goes on from the last cursor it stored.
     */
    private void pullStream(Context ctx) throws IOException {
        Principal principal = principal(ctx);
        PullQuery query = pullQuery(ctx);
        int pages = (int) longParam(ctx, "pages", 1, 1, MAX_STREAM_PAGES);
        PullResponse page = pull.pull(principal, query);
        ctx.status(200).contentType("application/x-ndjson");
        boolean gzip = acceptsGzip(ctx);
        if (gzip) {
            ctx.header("Content-Encoding", "gzip"); // ours, flushed per page; Javalin's compression stays out
        }
        OutputStream raw = ctx.res().getOutputStream();
        int sent = 0;
        try (OutputStream out = gzip ? new PageGzipStream(raw) : raw) {
            writePage(out, page);
            for (sent = 1; sent < pages && page.hasMore(); sent++) {
                try {
                    page = pull.pull(principal, query.after(page.cursor()));
                } catch (RuntimeException e) {
                    log.warn("pull stream ended after {} pages at cursor {}: {}", sent, page.cursor(), e.toString());
                    return;
                }
                writePage(out, page);
            }
        } catch (IOException gone) {
            // The device went away or stopped reading (it stores what it got and asks again later).
            log.debug("pull stream: the device stopped reading after {} pages: {}", sent, gone.toString());
        }
    }

    private void writePage(OutputStream out, PullResponse page) throws IOException {
        pageWriter.writeValue(out, page);
        out.write('\n');
        out.flush();
    }

    private static boolean acceptsGzip(Context ctx) {
        String accepted = ctx.header("Accept-Encoding");
        if (accepted == null) {
            return false;
        }
        for (String coding : accepted.split(",")) {
            String[] parts = coding.strip().split(";");
            if (parts[0].strip().equalsIgnoreCase("gzip")
                    && !(parts.length > 1 && parts[1].strip().replace(" ", "").matches("q=0(\\.0*)?"))) {
                return true;
            }
        }
        return false;
    }

    private PullQuery pullQuery(Context ctx) {
        long cursor = longParam(ctx, "cursor", 0, 0, Long.MAX_VALUE);
        int limit = (int) longParam(ctx, "limit", config.defaultPageSize(), 1, config.maxPageSize());
        List<EntityType> entities = entities(ctx.queryParam("entities"));
        Instant from = instantParam(ctx, "appointmentsFrom");
        Instant to = instantParam(ctx, "appointmentsTo");
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiException.invalid("appointmentsTo", "appointmentsTo must be after appointmentsFrom");
        }
        return new PullQuery(cursor, limit, entities, from, to);
    }

    private static long longParam(Context ctx, String name, long fallback, long min, long max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        throw ApiException.invalid(
                name, name + " must be a whole number between " + min + " and " + max + ", got '" + raw + "'");
    }

    private static Instant instantParam(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(raw);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(name, name + " must be an ISO-8601 UTC instant such as 2026-11-24T00:00:00Z");
        }
        if (!StoredInstants.contains(instant)) {
            throw ApiException.invalid(name, name + " must be " + StoredInstants.RANGE + ", got " + raw);
        }
        return instant;
    }

    private static List<EntityType> entities(String raw) {
        if (raw == null || raw.isBlank()) {
            return Schema.entities();
        }
        List<EntityType> entities = new ArrayList<>();
        for (String name : raw.split(",")) {
            EntityType type = Schema.entity(name.trim())
                    .orElseThrow(() -> new ApiException(
                            ErrorCode.UNKNOWN_ENTITY,
                            "entities",
                            "entities: unknown entity '" + name.trim() + "'; known entities are "
                                    + Schema.entities().stream()
                                            .map(EntityType::name)
                                            .toList()));
            if (!entities.contains(type)) {
                entities.add(type);
            }
        }
        return entities;
    }

    /** The caller's principal from {@code Authorization: Bearer}; 401 without a valid token. */
    private Principal principal(Context ctx) {
        Principal principal = authenticate(ctx.header("Authorization"), null)
                .orElseThrow(() ->
                        ApiException.unauthorized("a valid access token is required (Authorization: Bearer ...)"));
        ctx.attribute(PRINCIPAL, principal);
        return principal;
    }

    /** Authenticates a bearer header or, for WebSockets, a token query parameter. */
    java.util.Optional<Principal> authenticate(String authorization, String queryToken) {
        String token = queryToken;
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = authorization.substring(7).trim();
        }
        return auth.authenticate(token);
    }

    /** The client's address: the socket peer, or whom a trusted proxy forwarded the request for. */
    private String clientAddress(Context ctx) {
        return clientAddress.resolve(
                ctx.req().getRemoteAddr(),
                java.util.Collections.list(ctx.req().getHeaders("Forwarded")),
                java.util.Collections.list(ctx.req().getHeaders("X-Forwarded-For")));
    }

    private void logAndMeasure(Context ctx) {
        Long started = ctx.attribute(STARTED);
        Duration elapsed = Duration.ofNanos(started == null ? 0 : System.nanoTime() - started);
        String route = matchedRoute(ctx);
        int status = ctx.statusCode();
        metrics.request(ctx.method().name(), route, status, elapsed);
        Principal principal = ctx.attribute(PRINCIPAL);
        log.info(
                "method={} path={} status={} ms={} client={} shop={} device={}",
                ctx.method().name(),
                ctx.path(),
                status,
                elapsed.toMillis(),
                clientAddress(ctx),
                principal == null ? "-" : principal.shopId(),
                principal == null ? "-" : principal.deviceId());
        RequestIds.clear();
    }

    /** The route template (not the raw path, which would explode the metric's cardinality). */
    private static String matchedRoute(Context ctx) {
        try {
            var endpoint = ctx.endpoints().matchedHttpEndpoint();
            return endpoint == null ? "unmatched" : endpoint.path;
        } catch (RuntimeException none) {
            return "unmatched";
        }
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
