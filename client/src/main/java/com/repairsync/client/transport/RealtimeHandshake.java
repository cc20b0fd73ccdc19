package com.repairsync.client.transport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.client.Sdk;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.WireVersions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opens {@code GET /v1/realtime} as a WebSocket with the access token in the {@code Authorization}
 * header, waiting at most the connect plus the request timeout. A refused handshake throws as an
 * HTTP request would ({@link HttpFailures}); the sockets opened are tracked so closing the
 * transport closes them.
 */
final class RealtimeHandshake {
    private final HttpExchange exchange;
    private final ObjectMapper json;
    private final Duration connectTimeout;
    private final Set<RealtimeSocket> sockets;

    RealtimeHandshake(HttpExchange exchange, ObjectMapper json, Duration connectTimeout, Set<RealtimeSocket> sockets) {
        this.exchange = exchange;
        this.json = json;
        this.connectTimeout = connectTimeout;
        this.sockets = sockets;
    }

    /** Opens a socket whose events go to {@code listener}; returns once it is open. */
    SyncTransport.RealtimeConnection open(String accessToken, SyncTransport.RealtimeListener listener) {
        URI uri = realtimeUri();
        HttpClient http = exchange.client();
        RealtimeSocket socket = new RealtimeSocket(json, listener, sockets::remove);
        sockets.add(socket);
        CompletableFuture<WebSocket> opening = http.newWebSocketBuilder()
                .connectTimeout(connectTimeout)
                .header("Authorization", "Bearer " + accessToken)
                .header(WireVersions.PROTOCOL_HEADER, Integer.toString(exchange.protocol()))
                .header(WireVersions.SDK_HEADER, Sdk.VERSION)
                .buildAsync(uri, socket);
        try {
            socket.opened(awaitHandshake(opening, uri));
        } catch (RuntimeException refused) {
            sockets.remove(socket);
            throw refused;
        }
        if (exchange.closed()) {
            // close() ran during the handshake, before this socket had a WebSocket to close.
            socket.close();
            throw new IllegalStateException(
                    "this transport to " + exchange.baseUrl() + " was closed while opening " + uri);
        }
        return socket;
    }

    private URI realtimeUri() {
        String baseUrl = exchange.baseUrl();
        String scheme = baseUrl.startsWith("https:") ? "wss" : "ws";
        return URI.create(scheme + baseUrl.substring(baseUrl.indexOf(':')) + "/v1/realtime");
    }

    private WebSocket awaitHandshake(CompletableFuture<WebSocket> opening, URI uri) {
        Duration limit = connectTimeout.plus(exchange.requestTimeout());
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
            HttpReply reply = new HttpReply(uri, response.statusCode(), response.headers(), bodyBytes(response.body()));
            return reply.status() / 100 == 2
                    ? new RequestRejectedException(
                            reply.status(), ErrorCode.UNKNOWN, null, uri + " did not upgrade to a WebSocket")
                    : exchange.failures().failure(reply);
        }
        if (cause instanceof IOException io) {
            return HttpFailures.offline(uri, io);
        }
        if (cause instanceof RuntimeException unexpected) {
            return unexpected;
        }
        return new OfflineException("cannot open " + uri + ": " + HttpFailures.describe(cause), cause);
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
}
