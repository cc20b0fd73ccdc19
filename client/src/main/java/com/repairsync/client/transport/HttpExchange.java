package com.repairsync.client.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.client.Sdk;
import com.repairsync.protocol.WireVersions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.zip.GZIPInputStream;

/**
 * Builds the JSON requests of one server and sends them: the base URL, the headers every request
 * carries, the request timeout, gzip decoding, and reading a 2xx body. A non-2xx answer or a
 * failure on the way throws as {@link HttpFailures} maps it. Closing drops the HTTP client, after
 * which every request throws {@link IllegalStateException}.
 */
final class HttpExchange {
    /** The newest wire version the server serves, as its latest answer said; 0 before one. */
    private volatile int serverNewest;

    static final String JSON_TYPE = "application/json";

    private final String baseUrl;
    private final Duration requestTimeout;
    private final ObjectMapper json;
    private final HttpFailures failures;
    /** Dropped on close: an unreachable HttpClient stops its selector thread. */
    private volatile HttpClient client;
    /**
     * The wire version every request names: {@link WireVersions#CURRENT}, or an older one a test
     * speaks to check that a device of the previous release still syncs with this server.
     */
    private volatile int protocol = WireVersions.CURRENT;

    HttpExchange(String baseUrl, Duration requestTimeout, ObjectMapper json, HttpClient client) {
        this.baseUrl = baseUrl;
        this.requestTimeout = requestTimeout;
        this.json = json;
        this.failures = new HttpFailures(json);
        this.client = client;
    }

    String baseUrl() {
        return baseUrl;
    }

    int protocol() {
        return protocol;
    }

    /** Names an older wire version from now on (tests of the previous release's devices). */
    void speak(int version) {
        if (version < WireVersions.FIRST || version > WireVersions.CURRENT) {
            throw new IllegalArgumentException(
                    "a transport speaks a version from " + WireVersions.FIRST + " to " + WireVersions.CURRENT);
        }
        protocol = version;
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    HttpFailures failures() {
        return failures;
    }

    /** The HTTP client. @throws IllegalStateException once closed */
    HttpClient client() {
        HttpClient current = client;
        if (current == null) {
            throw new IllegalStateException("this transport to " + baseUrl + " is closed");
        }
        return current;
    }

    boolean closed() {
        return client == null;
    }

    /** Drops the HTTP client; returns false if it was dropped already. */
    boolean close() {
        if (client == null) {
            return false;
        }
        client = null;
        return true;
    }

    /** A POST of {@code body} as JSON, with the access token if there is one. */
    HttpRequest post(String path, Object body, String accessToken) {
        return request(path, accessToken)
                .header("Content-Type", JSON_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(encodeJson(body)))
                .build();
    }

    /** A PUT of {@code body} as JSON, with the access token. */
    HttpRequest put(String path, Object body, String accessToken) {
        return request(path, accessToken)
                .header("Content-Type", JSON_TYPE)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(encodeJson(body)))
                .build();
    }

    /** A request to {@code path} with the headers every request carries. */
    HttpRequest.Builder request(String path, String accessToken) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(requestTimeout)
                .header("Accept", JSON_TYPE + ", application/problem+json")
                // Pull pages are large and compress well; HttpClient does not decompress by itself,
                // see decode().
                .header("Accept-Encoding", "gzip")
                .header(WireVersions.PROTOCOL_HEADER, Integer.toString(protocol))
                .header(WireVersions.SDK_HEADER, Sdk.VERSION);
        if (accessToken != null) {
            builder.header("Authorization", "Bearer " + accessToken);
        }
        return builder;
    }

    /** An answer whose body is read as it arrives. */
    record Streaming(java.net.http.HttpResponse<?> response, StreamedBody body) {}

    /**
     * Sends a request whose answer is read as a stream: a stall between reads longer than the
     * request timeout ends it. The caller closes the body.
     */
    Streaming stream(HttpRequest request) {
        StreamedBody body = new StreamedBody(requestTimeout, request.uri().toString());
        try {
            HttpResponse<java.util.concurrent.Flow.Publisher<java.util.List<java.nio.ByteBuffer>>> response =
                    client().send(request, HttpResponse.BodyHandlers.ofPublisher());
            noteVersions(response.headers());
            response.body().subscribe(body);
            return new Streaming(response, body);
        } catch (IOException e) {
            throw HttpFailures.offline(request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OfflineException("interrupted while waiting for " + request.uri(), e);
        }
    }

    /**
     * The newest wire version the server serves, from the {@code RepairSync-Protocol-Supported} of
     * its latest answer; empty before one, or if it sent none (a server before wire version 2).
     */
    java.util.OptionalInt serverNewest() {
        int newest = serverNewest;
        return newest == 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(newest);
    }

    private void noteVersions(java.net.http.HttpHeaders headers) {
        headers.firstValue(com.repairsync.protocol.WireVersions.SUPPORTED_HEADER)
                .flatMap(com.repairsync.protocol.WireVersions.Range::parse)
                .ifPresent(range -> serverNewest = range.max());
    }

    /** Sends a request; returns a 2xx reply or throws the exception its status calls for. */
    HttpReply exchange(HttpRequest request) {
        HttpReply reply = send(request);
        if (reply.status() / 100 != 2) {
            throw failures.failure(reply);
        }
        return reply;
    }

    private HttpReply send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = client().send(request, HttpResponse.BodyHandlers.ofByteArray());
            noteVersions(response.headers());
            return decode(new HttpReply(request.uri(), response.statusCode(), response.headers(), response.body()));
        } catch (IOException e) {
            throw HttpFailures.offline(request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OfflineException("interrupted while waiting for " + request.uri(), e);
        }
    }

    /** Undoes {@code Content-Encoding: gzip}, which HttpClient leaves to the caller. */
    static HttpReply decode(HttpReply reply) {
        if (!HttpReply.gzipped(reply.headers()) || reply.body().length == 0) {
            return reply;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(reply.body()))) {
            return new HttpReply(reply.uri(), reply.status(), reply.headers(), in.readAllBytes());
        } catch (IOException e) {
            throw new ServerBusyException(
                    reply.status(), reply.uri() + " sent a gzip body that does not decompress: " + e, null);
        }
    }

    /** A 2xx body as {@code type}; a body that is not one is a {@link ServerBusyException}. */
    <T> T read(HttpReply reply, Class<T> type) {
        try {
            T value = json.readValue(reply.body(), type);
            if (value == null) {
                throw HttpFailures.unreadable(reply, "the body is null");
            }
            return value;
        } catch (IOException | IllegalArgumentException e) {
            throw HttpFailures.unreadable(reply, e.getMessage());
        }
    }

    private byte[] encodeJson(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode request body as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The query string of a pull: cursor, limit and the optional narrowing. */
    static String queryString(SyncTransport.PullQuery query) {
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
    static String encode(String value) {
        return URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Validates and normalises the server URL: http or https, a host, no query; no trailing slash. */
    static String baseUrl(String serverUrl) {
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
