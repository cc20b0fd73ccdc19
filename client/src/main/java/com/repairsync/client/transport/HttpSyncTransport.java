package com.repairsync.client.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.PullResponse;
import com.repairsync.protocol.PushRequest;
import com.repairsync.protocol.PushResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * The real {@link SyncTransport}: JSON over HTTP with {@link HttpClient}, and the realtime
 * WebSocket through the same client.
 *
 * <p>Every failure is one of the {@link TransportException} subtypes, as {@link SyncTransport}
 * describes. Two choices worth knowing:
 *
 * <ul>
 *   <li>A 2xx answer whose body cannot be read (not JSON, a corrupt gzip stream, a required member
 *       missing) is a {@link ServerBusyException}: something between the device and the server
 *       is broken, retrying may help, and spending attempts keeps a persistent fault from looping
 *       forever.
 *   <li>A 3xx answer is a {@link RequestRejectedException}: redirects are not followed, because
 *       following one would resend the access token to another address. Configure the final URL.
 * </ul>
 *
 * <p>Responses may carry members this client does not know (a newer server); they are ignored.
 * Thread-safe: one instance is meant to be shared by a device's sync engine and its connectivity
 * monitor. {@link #close()} closes the sockets it opened and releases its threads.
 */
public final class HttpSyncTransport implements SyncTransport {
    /** Connect timeout of {@link #HttpSyncTransport(String)}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Request timeout of {@link #HttpSyncTransport(String)}. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static final String JSON_TYPE = "application/json";
    private static final String NDJSON_TYPE = "application/x-ndjson";
    /** Pages parsed ahead of the one being stored. */
    private static final int PAGES_READ_AHEAD = 8;

    private static final int MAX_BODY_IN_MESSAGE = 200;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final String baseUrl;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final ObjectMapper json;
    private final ExecutorService executor;
    /** Dropped on close, like {@link #client}: an unreachable HttpClient stops its selector thread. */
    private volatile Connections connections;

    private final boolean ownsConnections;
    private final Set<RealtimeSocket> sockets = ConcurrentHashMap.newKeySet();
    private volatile HttpClient client;

    /**
     * A transport with {@link #DEFAULT_CONNECT_TIMEOUT} and {@link #DEFAULT_REQUEST_TIMEOUT} that
     * trusts what certificate authorities vouch for ({@link ServerTrust#authorities()}).
     *
     * @param serverUrl the server's base URL, such as {@code https://sync.example.com}
     * @throws IllegalArgumentException if the URL is not an absolute http or https URL
     */
    public HttpSyncTransport(String serverUrl) {
        this(serverUrl, ServerTrust.authorities());
    }

    /**
     * A transport with the default timeouts and the given certificate trust: a device passes its
     * pin, or {@link ServerTrust#firstUse()} before it joins.
     *
     * @param serverUrl the server's base URL, such as {@code https://192.168.1.20:8787}
     * @throws IllegalArgumentException if the URL is not an absolute http or https URL
     */
    public HttpSyncTransport(String serverUrl, ServerTrust trust) {
        this(serverUrl, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, trust);
    }

    /**
     * A transport with explicit timeouts.
     *
     * @param serverUrl the server's base URL, such as {@code https://sync.example.com}; a path
     *     prefix is kept ({@code https://example.com/repairsync})
     * @param connectTimeout how long to wait for a TCP (and TLS) connection
     * @param requestTimeout how long to wait for a response once a request is sent; also bounds the
     *     WebSocket handshake after connecting
     * @throws IllegalArgumentException if the URL is not an absolute http or https URL, or a timeout
     *     is not positive
     */
    public HttpSyncTransport(String serverUrl, Duration connectTimeout, Duration requestTimeout) {
        this(serverUrl, connectTimeout, requestTimeout, ServerTrust.authorities());
    }

    /** A transport with explicit timeouts and certificate trust; see the constructors above. */
    public HttpSyncTransport(String serverUrl, Duration connectTimeout, Duration requestTimeout, ServerTrust trust) {
        this(serverUrl, connectTimeout, requestTimeout, new Connections(connectTimeout, trust), true);
    }

    /**
     * A transport over connections it shares with other transports: for a process that acts as
     * many devices (a test rig, a kiosk hosting several), one HTTP client and its one selector
     * thread serve them all instead of one each. Closing this transport closes its sockets, not
     * the shared connections.
     *
     * @param serverUrl the server's base URL, such as {@code https://sync.example.com}
     * @param requestTimeout how long to wait for a response once a request is sent
     * @param shared the connections to use; their connect timeout applies
     */
    public HttpSyncTransport(String serverUrl, Duration requestTimeout, Connections shared) {
        this(serverUrl, shared.connectTimeout, requestTimeout, shared, false);
    }

    private HttpSyncTransport(
            String serverUrl,
            Duration connectTimeout,
            Duration requestTimeout,
            Connections connections,
            boolean owned) {
        this.baseUrl = baseUrl(serverUrl);
        this.connectTimeout = positive("connectTimeout", connectTimeout);
        this.requestTimeout = positive("requestTimeout", requestTimeout);
        this.json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.connections = connections;
        this.ownsConnections = owned;
        this.executor = connections.executor;
        this.client = connections.client;
    }

    /**
     * An HTTP client (HTTP/1.1, no redirects) and the daemon threads it runs its work on, which
     * several transports may share; close it after the last of them. For rigs that act as many
     * devices: with hundreds of realtime sockets on one shared JDK client, a few per run have
     * closed with "Invalid UTF-8 in frame TEXT" although the server's frames were valid
     * (docs/reliability.md). The devices recover by reconnecting and pulling; a real device keeps
     * a client of its own.
     */
    public static final class Connections implements AutoCloseable {
        private final Duration connectTimeout;
        private final ExecutorService executor;
        private final HttpClient client;

        /**
         * Connections that trust what certificate authorities vouch for.
         *
         * @param connectTimeout how long to wait for a TCP (and TLS) connection
         */
        public Connections(Duration connectTimeout) {
            this(connectTimeout, ServerTrust.authorities());
        }

        /**
         * @param connectTimeout how long to wait for a TCP (and TLS) connection
         * @param trust which server certificates https:// connections accept
         */
        public Connections(Duration connectTimeout, ServerTrust trust) {
            this.connectTimeout = positive("connectTimeout", connectTimeout);
            this.executor = Executors.newCachedThreadPool(daemonThreads());
            this.client = HttpClient.newBuilder()
                    .sslContext(trust.sslContext())
                    // The WebSocket needs HTTP/1.1 anyway, and plain-http h2c upgrade attempts only
                    // add a round of headers that some proxies mishandle.
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(connectTimeout)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .executor(executor)
                    .build();
        }

        /** Stops the threads; transports still using these connections fail from then on. */
        @Override
        public void close() {
            executor.shutdown();
        }
    }

    /** The normalised base URL requests go to (no trailing slash). */
    public String serverUrl() {
        return baseUrl;
    }

    @Override
    public Session login(String email, String password, String deviceName, String deviceId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("password", password);
        body.put("deviceName", deviceName);
        if (deviceId != null) {
            body.put("deviceId", deviceId);
        }
        return session(exchange(post("/v1/auth/login", body, null)));
    }

    @Override
    public Session refresh(String refreshToken) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("refreshToken", refreshToken);
        return session(exchange(post("/v1/auth/refresh", body, null)));
    }

    @Override
    public void logout(String refreshToken) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("refreshToken", refreshToken);
        exchange(post("/v1/auth/logout", body, null));
    }

    @Override
    public PushResponse push(String accessToken, PushRequest request) {
        Objects.requireNonNull(request, "request");
        return read(exchange(post("/v1/sync/push", request, accessToken)), PushResponse.class);
    }

    @Override
    public PullResponse pull(String accessToken, PullQuery query) {
        Objects.requireNonNull(query, "query");
        HttpRequest request = request("/v1/sync/pull?" + queryString(query), accessToken)
                .GET()
                .build();
        return read(exchange(request), PullResponse.class);
    }

    /** Reads the stream's pages as they arrive, one JSON object per line. */
    @Override
    public PullResponse pullPages(String accessToken, PullQuery query, int pages, Consumer<PullResponse> store) {
        Objects.requireNonNull(query, "query");
        HttpRequest request = request("/v1/sync/pull/stream?" + queryString(query) + "&pages=" + pages, accessToken)
                .setHeader("Accept", NDJSON_TYPE + ", application/problem+json")
                .GET()
                .build();
        StreamedBody body = new StreamedBody(requestTimeout, request.uri().toString());
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> response;
        try {
            response = client().send(request, HttpResponse.BodyHandlers.ofPublisher());
            response.body().subscribe(body);
        } catch (IOException e) {
            throw offline(request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OfflineException("interrupted while waiting for " + request.uri(), e);
        }
        try (body) {
            if (response.statusCode() == 404) {
                body.readAllBytes();
                // A server from before the stream: the same pages, one request each.
                return SyncTransport.super.pullPages(accessToken, query, pages, store);
            }
            if (response.statusCode() / 100 != 2) {
                byte[] bytes = body.readAllBytes();
                throw failure(decode(new Reply(request.uri(), response.statusCode(), response.headers(), bytes)));
            }
            return readPages(
                    request.uri(),
                    response,
                    gzipped(response.headers()) ? new GZIPInputStream(body, 64 * 1024) : body,
                    store);
        } catch (IOException e) {
            throw offline(request.uri(), e);
        }
    }

    /**
     * Hands the stream's pages to {@code store} in order. A reader on the transport's executor
     * parses ahead (at most {@value #PAGES_READ_AHEAD} pages) while the caller stores, so parsing,
     * storing and the server's reading of the next pages overlap; pages that arrived meanwhile are
     * handed over together (see {@link PageHandover}).
     */
    private PullResponse readPages(URI uri, HttpResponse<?> response, InputStream in, Consumer<PullResponse> store)
            throws IOException {
        BlockingQueue<Object> parsed = new ArrayBlockingQueue<>(PAGES_READ_AHEAD);
        Future<?> reader = executor.submit(() -> {
            Object outcome = PageHandover.END_OF_PAGES;
            try (MappingIterator<PullResponse> pages =
                    json.readerFor(PullResponse.class).readValues(in)) {
                while (pages.hasNextValue()) {
                    PullResponse page = pages.nextValue();
                    if (page == null || page.changes() == null) {
                        throw unreadable(uri, response.statusCode(), "a page is null or has no changes");
                    }
                    parsed.put(page);
                }
            } catch (InterruptedException stopped) {
                return null; // the caller stopped reading (it failed, or gave up)
            } catch (JsonProcessingException e) {
                outcome = unreadable(uri, response.statusCode(), e.getOriginalMessage());
            } catch (IOException | RuntimeException e) {
                outcome = e;
            }
            parsed.put(outcome);
            return null;
        });
        PullResponse last;
        try {
            last = PageHandover.handOver(parsed, store);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OfflineException("interrupted while reading " + uri, e);
        } finally {
            reader.cancel(true);
        }
        if (last == null) {
            throw unreadable(uri, response.statusCode(), "the stream has no page");
        }
        return last;
    }

    @Override
    public void setPassword(String accessToken, String employeeId, String password) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("password", password);
        HttpRequest request = request("/v1/employees/" + encode(employeeId) + "/password", accessToken)
                .header("Content-Type", JSON_TYPE)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(encodeJson(body)))
                .build();
        exchange(request);
    }

    @Override
    public StepUp stepUp(String accessToken, String employeeId, String password) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("employeeId", employeeId);
        body.put("password", password);
        HttpRequest request = request("/v1/auth/step-up", accessToken)
                .header("Content-Type", JSON_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(encodeJson(body)))
                .build();
        JsonNode answer = read(exchange(request), JsonNode.class);
        return new StepUp(
                answer.path("stepUpToken").asText(),
                answer.path("expiresIn").asLong(),
                answer.path("employeeId").asText());
    }

    @Override
    public List<com.repairsync.client.ShopDevice> devices(String accessToken) {
        Reply reply = exchange(request("/v1/devices", accessToken).GET().build());
        JsonNode devices = read(reply, JsonNode.class).path("devices");
        List<com.repairsync.client.ShopDevice> list = new java.util.ArrayList<>();
        devices.forEach(device -> list.add(shopDevice(device)));
        return list;
    }

    @Override
    public com.repairsync.client.ShopDevice revokeDevice(String accessToken, String deviceId) {
        HttpRequest request = request("/v1/devices/" + encode(deviceId) + "/revoke", accessToken)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        return shopDevice(read(exchange(request), JsonNode.class));
    }

    private static com.repairsync.client.ShopDevice shopDevice(JsonNode device) {
        return new com.repairsync.client.ShopDevice(
                device.path("deviceId").asText(),
                device.path("name").asText(),
                device.path("signedInBy").asText(null),
                device.path("joinedAt").asText(null),
                device.path("lastSeenAt").asText(null),
                device.path("revokedAt").asText(null),
                device.path("revokedBy").asText(null));
    }

    /**
     * {@inheritDoc}
     *
     * <p>A 200 whose body is not {@code {"status":"ok"}} (a captive portal, say) is a {@link
     * ServerBusyException}.
     */
    @Override
    public void health() {
        HttpRequest request = request("/v1/health", null).GET().build();
        Reply reply = exchange(request);
        if (!"ok".equals(read(reply, JsonNode.class).path("status").asText())) {
            throw unreadable(reply, "expected {\"status\":\"ok\"}");
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The token goes in the {@code Authorization} header. A refused handshake throws like an
     * HTTP request would: 401 {@link UnauthorizedException}, 403 and other 4xx {@link
     * RequestRejectedException}, 429 and 5xx {@link ServerBusyException}; an unreachable server
     * {@link OfflineException}. The listener runs on this transport's threads.
     */
    @Override
    public RealtimeConnection openRealtime(String accessToken, RealtimeListener listener) {
        Objects.requireNonNull(listener, "listener");
        URI uri = realtimeUri();
        HttpClient http = client();
        RealtimeSocket socket = new RealtimeSocket(json, listener, sockets::remove);
        sockets.add(socket);
        CompletableFuture<WebSocket> opening = http.newWebSocketBuilder()
                .connectTimeout(connectTimeout)
                .header("Authorization", "Bearer " + accessToken)
                .buildAsync(uri, socket);
        try {
            socket.opened(awaitHandshake(opening, uri));
        } catch (RuntimeException refused) {
            sockets.remove(socket);
            throw refused;
        }
        if (client == null) {
            // close() ran during the handshake, before this socket had a WebSocket to close.
            socket.close();
            throw new IllegalStateException("this transport to " + baseUrl + " was closed while opening " + uri);
        }
        return socket;
    }

    /**
     * Closes every realtime socket this transport opened (their listeners hear {@code closed}) and
     * releases its threads. Later calls throw {@link IllegalStateException}. Idempotent.
     */
    @Override
    public void close() {
        if (client == null) {
            return;
        }
        // Dropping the only reference lets the JDK stop the client's selector thread; HttpClient.close()
        // exists only from JDK 21 on.
        client = null;
        List.copyOf(sockets).forEach(RealtimeSocket::close);
        Connections dropped = connections;
        connections = null;
        if (ownsConnections && dropped != null) {
            dropped.close();
        }
    }

    // ---- requests

    private HttpRequest post(String path, Object body, String accessToken) {
        return request(path, accessToken)
                .header("Content-Type", JSON_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(encodeJson(body)))
                .build();
    }

    private HttpRequest.Builder request(String path, String accessToken) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(requestTimeout)
                .header("Accept", JSON_TYPE + ", application/problem+json")
                // Pull pages are large and compress well; HttpClient does not decompress by itself,
                // see decode().
                .header("Accept-Encoding", "gzip");
        if (accessToken != null) {
            builder.header("Authorization", "Bearer " + accessToken);
        }
        return builder;
    }

    private static String queryString(PullQuery query) {
        StringJoiner params = new StringJoiner("&");
        params.add("cursor=" + query.cursor());
        params.add("limit=" + query.limit());
        if (query.entities() != null && !query.entities().isEmpty()) {
            params.add("entities=" + encode(String.join(",", query.entities())));
        }
        if (query.appointmentsFrom() != null) {
            params.add("appointmentsFrom=" + encode(query.appointmentsFrom()));
        }
        if (query.appointmentsTo() != null) {
            params.add("appointmentsTo=" + encode(query.appointmentsTo()));
        }
        return params.toString();
    }

    /** Percent-encodes a query value or path segment ({@code +} in an offset must not become a space). */
    private static String encode(String value) {
        return URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8).replace("+", "%20");
    }

    private byte[] encodeJson(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode request body as JSON: " + e.getOriginalMessage(), e);
        }
    }

    // ---- responses

    /** An answer with its body already decompressed. */
    private record Reply(URI uri, int status, HttpHeaders headers, byte[] body) {
        String bodySnippet() {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            return text.length() <= MAX_BODY_IN_MESSAGE ? text : text.substring(0, MAX_BODY_IN_MESSAGE) + "…";
        }
    }

    /** Sends a request; returns a 2xx reply or throws the exception its status calls for. */
    private Reply exchange(HttpRequest request) {
        Reply reply = send(request);
        if (reply.status() / 100 != 2) {
            throw failure(reply);
        }
        return reply;
    }

    private Reply send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = client().send(request, HttpResponse.BodyHandlers.ofByteArray());
            return decode(new Reply(request.uri(), response.statusCode(), response.headers(), response.body()));
        } catch (IOException e) {
            throw offline(request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OfflineException("interrupted while waiting for " + request.uri(), e);
        }
    }

    private static boolean gzipped(HttpHeaders headers) {
        return headers.firstValue("Content-Encoding")
                .map(encoding -> encoding.strip().equalsIgnoreCase("gzip"))
                .orElse(false);
    }

    /** Undoes {@code Content-Encoding: gzip}, which HttpClient leaves to the caller. */
    private static Reply decode(Reply reply) {
        if (!gzipped(reply.headers()) || reply.body().length == 0) {
            return reply;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(reply.body()))) {
            return new Reply(reply.uri(), reply.status(), reply.headers(), in.readAllBytes());
        } catch (IOException e) {
            throw new ServerBusyException(
                    reply.status(), reply.uri() + " sent a gzip body that does not decompress: " + e, null);
        }
    }

    private <T> T read(Reply reply, Class<T> type) {
        try {
            T value = json.readValue(reply.body(), type);
            if (value == null) {
                throw unreadable(reply, "the body is null");
            }
            return value;
        } catch (IOException | IllegalArgumentException e) {
            throw unreadable(reply, e.getMessage());
        }
    }

    private Session session(Reply reply) {
        SessionBody body = read(reply, SessionBody.class);
        if (body.accessToken() == null || body.refreshToken() == null || body.deviceId() == null) {
            throw unreadable(reply, "accessToken, refreshToken or deviceId is missing");
        }
        return new Session(
                body.accessToken(),
                body.refreshToken(),
                body.expiresIn(),
                body.shopId(),
                body.employeeId(),
                body.role(),
                body.deviceId());
    }

    /** The wire form of a login or refresh answer ({@code expiresIn}, not {@code expiresInSeconds}). */
    private record SessionBody(
            String accessToken,
            String refreshToken,
            long expiresIn,
            String shopId,
            String employeeId,
            String role,
            String deviceId) {}

    // ---- failures

    private static ServerBusyException unreadable(URI uri, int status, String why) {
        return new ServerBusyException(status, "unreadable pull stream from " + uri + ": " + why, null);
    }

    private static ServerBusyException unreadable(Reply reply, String why) {
        return new ServerBusyException(
                reply.status(),
                "unreadable answer " + reply.status() + " from " + reply.uri() + " (" + why + "): "
                        + reply.bodySnippet(),
                null);
    }

    private static OfflineException offline(URI uri, IOException cause) {
        Optional<UntrustedCertificateException> untrusted =
                ServerTrust.untrusted(uri.getScheme() + "://" + uri.getRawAuthority(), cause);
        if (untrusted.isPresent()) {
            return untrusted.get();
        }
        String what;
        if (cause instanceof HttpConnectTimeoutException) {
            what = "could not connect to " + uri + " in time";
        } else if (cause instanceof HttpTimeoutException) {
            what = "no answer from " + uri + " in time";
        } else {
            what = "cannot reach " + uri;
        }
        return new OfflineException(what + ": " + describe(cause), cause);
    }

    /** The exception a non-2xx reply calls for, as {@link SyncTransport} defines. */
    private TransportException failure(Reply reply) {
        Problem problem = problem(reply);
        int status = reply.status();
        if (status == 401) {
            return new UnauthorizedException(problem.code(), problem.detail());
        }
        if (status == 429 || status >= 500) {
            return new ServerBusyException(status, problem.detail(), retryAfter(reply.headers()));
        }
        return new RequestRejectedException(status, problem.code(), problem.field(), problem.detail());
    }

    /** The parts of an RFC 9457 problem body the exceptions carry. */
    private record Problem(ErrorCode code, String field, String detail) {}

    /** Reads a problem body, falling back to the status when the body is not one (a proxy's page). */
    private Problem problem(Reply reply) {
        JsonNode body = problemBody(reply.body());
        String fallback = reply.uri() + " answered " + reply.status()
                + reply.headers()
                        .firstValue("Location")
                        .map(to -> " (redirect to " + to + ")")
                        .orElse("")
                + (reply.body().length == 0 ? "" : ": " + reply.bodySnippet());
        ErrorCode code =
                body.hasNonNull("code") ? ErrorCode.fromWire(body.get("code").asText()) : codeForStatus(reply.status());
        String field = body.hasNonNull("field") ? body.get("field").asText() : null;
        String detail = body.hasNonNull("detail") ? body.get("detail").asText() : fallback;
        return new Problem(code, field, detail);
    }

    private JsonNode problemBody(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            return node != null && node.isObject() ? node : json.createObjectNode();
        } catch (IOException notJson) {
            return json.createObjectNode();
        }
    }

    /** A code for a problem without one: the request-level code of the status, else UNKNOWN. */
    private static ErrorCode codeForStatus(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 409 -> ErrorCode.CONFLICT;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 500 -> ErrorCode.INTERNAL;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> ErrorCode.UNKNOWN;
        };
    }

    /** {@code Retry-After} in delay-seconds form; null when absent or an HTTP date. */
    private static Duration retryAfter(HttpHeaders headers) {
        return headers.firstValue("Retry-After")
                .map(String::strip)
                .filter(value -> value.matches("\\d{1,9}"))
                .map(value -> Duration.ofSeconds(Long.parseLong(value)))
                .orElse(null);
    }

    // ---- realtime

    private URI realtimeUri() {
        String scheme = baseUrl.startsWith("https:") ? "wss" : "ws";
        return URI.create(scheme + baseUrl.substring(baseUrl.indexOf(':')) + "/v1/realtime");
    }

    private WebSocket awaitHandshake(CompletableFuture<WebSocket> opening, URI uri) {
        Duration limit = connectTimeout.plus(requestTimeout);
        try {
            return opening.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw handshakeFailure(uri, e.getCause());
        } catch (TimeoutException e) {
            abandon(opening);
            throw new OfflineException("no WebSocket handshake from " + uri + " within " + limit, e);
        } catch (InterruptedException e) {
            abandon(opening);
            Thread.currentThread().interrupt();
            throw new OfflineException("interrupted while opening " + uri, e);
        }
    }

    /** Gives up on a handshake; a socket that opens anyway is aborted rather than leaked. */
    private static void abandon(CompletableFuture<WebSocket> opening) {
        opening.cancel(true);
        opening.thenAccept(WebSocket::abort);
    }

    private RuntimeException handshakeFailure(URI uri, Throwable cause) {
        if (cause instanceof WebSocketHandshakeException refused) {
            HttpResponse<?> response = refused.getResponse();
            Reply reply = new Reply(uri, response.statusCode(), response.headers(), bodyBytes(response.body()));
            return reply.status() / 100 == 2
                    ? new RequestRejectedException(
                            reply.status(), ErrorCode.UNKNOWN, null, uri + " did not upgrade to a WebSocket")
                    : failure(reply);
        }
        if (cause instanceof IOException io) {
            return offline(uri, io);
        }
        if (cause instanceof RuntimeException unexpected) {
            return unexpected;
        }
        return new OfflineException("cannot open " + uri + ": " + describe(cause), cause);
    }

    /** The body of a refused handshake, in whatever form this JDK keeps it. */
    private static byte[] bodyBytes(Object body) {
        if (body instanceof byte[] bytes) {
            return bytes;
        }
        if (body instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        return new byte[0];
    }

    // ---- plumbing

    private HttpClient client() {
        HttpClient current = client;
        if (current == null) {
            throw new IllegalStateException("this transport to " + baseUrl + " is closed");
        }
        return current;
    }

    static String describe(Throwable error) {
        if (error instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (error instanceof java.net.UnknownHostException) {
            return "unknown host " + error.getMessage();
        }
        if (error instanceof java.nio.channels.ClosedChannelException || error instanceof java.io.EOFException) {
            return "connection closed";
        }
        String message = error.getMessage();
        if (message != null && !message.isBlank()) {
            return message;
        }
        String failed = "connection failed (" + error.getClass().getSimpleName() + ")";
        return error.getCause() == null || error.getCause() == error
                ? failed
                : failed + ": " + describe(error.getCause());
    }

    private static ThreadFactory daemonThreads() {
        int instance = INSTANCES.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            // Daemon threads: a transport the app forgot to close must not keep the JVM alive.
            Thread thread = new Thread(runnable, "repairsync-http-" + instance + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static Duration positive(String name, Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + timeout);
        }
        return timeout;
    }

    /** Validates and normalises the server URL: http or https, a host, no query; no trailing slash. */
    private static String baseUrl(String serverUrl) {
        if (serverUrl == null || serverUrl.isBlank()) {
            throw new IllegalArgumentException("server URL is required, got '" + serverUrl + "'");
        }
        URI uri;
        try {
            uri = new URI(serverUrl.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "server URL '" + serverUrl + "' is not a valid URL: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(
                    "server URL '" + serverUrl + "' must be an absolute http:// or https:// URL");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("server URL '" + serverUrl + "' has no valid host name");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "server URL '" + serverUrl + "' may not have a query or fragment; give the base URL only");
        }
        String normalised = scheme + uri.toString().substring(scheme.length());
        return normalised.replaceAll("/+$", "");
    }
}
