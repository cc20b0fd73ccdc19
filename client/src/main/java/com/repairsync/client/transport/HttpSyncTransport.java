package com.repairsync.client.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.client.ShopDevice;
import com.repairsync.protocol.DeviceHealth;
import com.repairsync.protocol.JsonMappers;
import com.repairsync.protocol.NamedThreads;
import com.repairsync.protocol.PullResponse;
import com.repairsync.protocol.PushRequest;
import com.repairsync.protocol.PushResponse;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

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
 * <p>Authorized requests carry the {@link TokenSource}'s access token and go once more with a
 * refreshed one when the server refuses it. By job: {@link HttpExchange} sends requests (and notes
 * the versions the server serves), {@link HttpFailures} maps failures to exceptions, {@link
 * PullStreamReader} reads the pull stream, {@link AuthCalls} signs in, {@link HistoryCalls} reads
 * history, {@link Authorizer} refreshes tokens, {@link RealtimeHandshake} opens the socket. Members
 * a newer server's answers carry that this client does not know are ignored. Thread-safe, shared by
 * a device's sync engine and its connectivity monitor; {@link #close()} closes its sockets and threads.
 */
public final class HttpSyncTransport implements SyncTransport {
    /** Connect timeout of {@link #HttpSyncTransport(String)}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Request timeout of {@link #HttpSyncTransport(String)}. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final HttpExchange exchange;
    private final Authorizer authorizer;
    private final PullStreamReader pullStream;
    private final FileTransfers files;
    private final HistoryCalls history;
    private final AuthCalls auth;
    private final RealtimeHandshake realtime;
    private final Set<RealtimeSocket> sockets = ConcurrentHashMap.newKeySet();
    /** Dropped on close, like the HTTP client. */
    private volatile Connections connections;

    private final boolean ownsConnections;

    /**
     * A transport with {@link #DEFAULT_CONNECT_TIMEOUT} and {@link #DEFAULT_REQUEST_TIMEOUT} that
     * trusts what certificate authorities vouch for ({@link ServerTrust#authorities()}) and has no
     * tokens: it signs in, refreshes and checks health; authorized calls are refused.
     *
     * @param serverUrl the server's base URL, such as {@code https://sync.example.com}
     * @throws IllegalArgumentException if the URL is not an absolute http or https URL
     */
    public HttpSyncTransport(String serverUrl) {
        this(serverUrl, TokenSource.none());
    }

    /** Like {@link #HttpSyncTransport(String)}, sending the tokens of {@code tokens}. */
    public HttpSyncTransport(String serverUrl, TokenSource tokens) {
        this(serverUrl, ServerTrust.authorities(), tokens);
    }

    /**
     * A transport with the default timeouts and the given certificate trust, without tokens.
     *
     * @param serverUrl the server's base URL, such as {@code https://192.168.1.20:8787}
     * @throws IllegalArgumentException if the URL is not an absolute http or https URL
     */
    public HttpSyncTransport(String serverUrl, ServerTrust trust) {
        this(serverUrl, trust, TokenSource.none());
    }

    /**
     * A transport with the default timeouts, the given certificate trust and tokens: a device
     * passes its pin (or {@link ServerTrust#firstUse()} before it joins) and its stored tokens.
     *
     * @param serverUrl the server's base URL, such as {@code https://192.168.1.20:8787}
     * @throws IllegalArgumentException if the URL is not an absolute http or https URL
     */
    public HttpSyncTransport(String serverUrl, ServerTrust trust, TokenSource tokens) {
        this(serverUrl, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, trust, tokens);
    }

    /**
     * A transport with explicit timeouts, without tokens.
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
        this(serverUrl, connectTimeout, requestTimeout, ServerTrust.authorities(), TokenSource.none());
    }

    /** A transport with explicit timeouts, certificate trust and tokens; see the constructors above. */
    public HttpSyncTransport(
            String serverUrl, Duration connectTimeout, Duration requestTimeout, ServerTrust trust, TokenSource tokens) {
        this(serverUrl, connectTimeout, requestTimeout, new Connections(connectTimeout, trust), true, tokens);
    }

    /**
     * A transport over connections it shares with other transports, without tokens: for a process
     * that acts as many devices (a test rig, a kiosk hosting several), one HTTP client and its one
     * selector thread serve them all instead of one each. Closing this transport closes its
     * sockets, not the shared connections.
     *
     * @param serverUrl the server's base URL, such as {@code https://sync.example.com}
     * @param requestTimeout how long to wait for a response once a request is sent
     * @param shared the connections to use; their connect timeout applies
     */
    public HttpSyncTransport(String serverUrl, Duration requestTimeout, Connections shared) {
        this(serverUrl, requestTimeout, shared, TokenSource.none());
    }

    /** Like {@link #HttpSyncTransport(String, Duration, Connections)}, sending the tokens of {@code tokens}. */
    public HttpSyncTransport(String serverUrl, Duration requestTimeout, Connections shared, TokenSource tokens) {
        this(serverUrl, shared.connectTimeout, requestTimeout, shared, false, tokens);
    }

    private HttpSyncTransport(
            String serverUrl,
            Duration connectTimeout,
            Duration requestTimeout,
            Connections connections,
            boolean owned,
            TokenSource tokens) {
        String baseUrl = HttpExchange.baseUrl(serverUrl);
        Duration connect = positive("connectTimeout", connectTimeout);
        Duration request = positive("requestTimeout", requestTimeout);
        ObjectMapper json = JsonMappers.shared(); // one for all transports: it is only used, never reconfigured
        this.exchange = new HttpExchange(baseUrl, request, json, connections.client);
        this.authorizer = new Authorizer(tokens);
        this.pullStream = new PullStreamReader(exchange, json, connections.executor);
        this.files = new FileTransfers(exchange);
        this.history = new HistoryCalls(exchange);
        this.auth = new AuthCalls(exchange);
        this.realtime = new RealtimeHandshake(exchange, json, connect, sockets);
        this.connections = connections;
        this.ownsConnections = owned;
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
            // Daemon threads: a transport the app forgot to close must not keep the JVM alive.
            this.executor = Executors.newCachedThreadPool(
                    NamedThreads.numberedDaemons("repairsync-http-" + INSTANCES.incrementAndGet() + "-"));
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
        return exchange.baseUrl();
    }

    @Override
    public Session login(String email, String password, String deviceName, String deviceId) {
        return auth.login(email, password, deviceName, deviceId);
    }

    @Override
    public Session refresh(String refreshToken) {
        return auth.refresh(refreshToken);
    }

    @Override
    public void logout(String refreshToken) {
        auth.logout(refreshToken);
    }

    @Override
    public PushResponse push(PushRequest request) {
        Objects.requireNonNull(request, "request");
        return authorizer.call(token ->
                exchange.read(exchange.exchange(exchange.post("/v1/sync/push", request, token)), PushResponse.class));
    }

    @Override
    public PullResponse pull(PullQuery query) {
        Objects.requireNonNull(query, "query");
        String path = "/v1/sync/pull?" + HttpExchange.queryString(query);
        return authorizer.call(token -> exchange.read(
                exchange.exchange(exchange.request(path, token).GET().build()), PullResponse.class));
    }

    /** Reads the stream's pages as they arrive ({@link PullStreamReader}). */
    @Override
    public PullResponse pullPages(PullQuery query, int pages, Consumer<PullResponse> store) {
        Objects.requireNonNull(query, "query");
        PullResponse last = authorizer.call(token -> pullStream.read(token, query, pages, store));
        // null: a server from before the stream; the same pages, one request each.
        return last != null ? last : SyncTransport.super.pullPages(query, pages, store);
    }

    @Override
    public void setPassword(String employeeId, String password) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("password", password);
        String path = "/v1/employees/" + HttpExchange.encode(employeeId) + "/password";
        authorizer.run(token -> exchange.exchange(exchange.put(path, body, token)));
    }

    @Override
    public StepUp stepUp(String employeeId, String password) {
        return authorizer.call(token -> auth.stepUp(token, employeeId, password));
    }

    @Override
    public void reportHealth(DeviceHealth report) {
        authorizer.run(token -> exchange.exchange(exchange.post("/v1/devices/health", report, token)));
    }

    @Override
    public com.repairsync.protocol.FileUpload beginUpload(String hash, long size) {
        return authorizer.call(token -> files.begin(token, hash, size));
    }

    @Override
    public com.repairsync.protocol.FileUpload uploadChunk(String hash, int index, byte[] bytes, String chunkSha256) {
        return authorizer.call(token -> files.chunk(token, hash, index, bytes, chunkSha256));
    }

    @Override
    public <T> T download(String hash, long from, FileReader<T> reader) {
        return authorizer.call(token -> files.download(token, hash, from, reader));
    }

    @Override
    public com.repairsync.protocol.HistoryPage history(String entity, String id, Long before, int limit) {
        return authorizer.call(token -> history.record(token, entity, id, before, limit));
    }

    @Override
    public com.repairsync.protocol.HistoryPage audit(com.repairsync.client.AuditQuery query) {
        Objects.requireNonNull(query, "query");
        return authorizer.call(token -> history.audit(token, query));
    }

    @Override
    public com.repairsync.protocol.HistoryFeed historyFeed(long after, int limit) {
        return authorizer.call(token -> history.feed(token, after, limit));
    }

    @Override
    public com.repairsync.protocol.Erasure eraseCustomer(String id, String stepUpToken) {
        return authorizer.call(token -> history.eraseCustomer(token, id, stepUpToken));
    }

    @Override
    public List<ShopDevice> devices() {
        HttpReply reply = authorizer.call(token ->
                exchange.exchange(exchange.request("/v1/devices", token).GET().build()));
        List<ShopDevice> list = new ArrayList<>();
        exchange.read(reply, JsonNode.class)
                .path("devices")
                .forEach(device -> list.add(WireAnswers.shopDevice(device)));
        return list;
    }

    @Override
    public ShopDevice revokeDevice(String deviceId, boolean wipe) {
        String path = "/v1/devices/" + HttpExchange.encode(deviceId) + "/revoke";
        return WireAnswers.shopDevice(authorizer.call(token ->
                exchange.read(exchange.exchange(exchange.post(path, Map.of("wipe", wipe), token)), JsonNode.class)));
    }

    @Override
    public Surrendered surrenderHeld(String refreshToken, List<com.repairsync.protocol.Mutation> mutations) {
        return auth.surrenderHeld(refreshToken, mutations);
    }

    @Override
    public java.util.OptionalInt serverProtocol() {
        return exchange.serverNewest();
    }

    /**
     * {@inheritDoc}
     *
     * <p>A 200 whose body is not {@code {"status":"ok"}} (a captive portal, say) is a {@link
     * ServerBusyException}.
     */
    @Override
    public void health() {
        HttpReply reply =
                exchange.exchange(exchange.request("/v1/health", null).GET().build());
        if (!"ok".equals(exchange.read(reply, JsonNode.class).path("status").asText())) {
            throw HttpFailures.unreadable(reply, "expected {\"status\":\"ok\"}");
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The token goes in the {@code Authorization} header. A refused handshake throws like an
     * HTTP request would: 401 {@link UnauthorizedException} (after one refresh), 403 and other 4xx
     * {@link RequestRejectedException}, 429 and 5xx {@link ServerBusyException}; an unreachable
     * server {@link OfflineException}. The listener runs on this transport's threads.
     */
    @Override
    public RealtimeConnection openRealtime(RealtimeListener listener) {
        Objects.requireNonNull(listener, "listener");
        return authorizer.call(token -> realtime.open(token, listener));
    }

    /**
     * Closes every realtime socket this transport opened (their listeners hear {@code closed}) and
     * releases its threads. Later calls throw {@link IllegalStateException}. Idempotent.
     */
    @Override
    public void close() {
        // Dropping the only reference lets the JDK stop the client's selector thread; HttpClient.close()
        // exists only from JDK 21 on.
        if (!exchange.close()) {
            return;
        }
        List.copyOf(sockets).forEach(RealtimeSocket::close);
        Connections dropped = connections;
        connections = null;
        if (ownsConnections && dropped != null) {
            dropped.close();
        }
    }

    private static Duration positive(String name, Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + timeout);
        }
        return timeout;
    }
}
