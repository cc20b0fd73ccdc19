package com.repairsync.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A WebSocket client that records every JSON message it receives, for realtime tests. */
public final class WsProbe implements WebSocket.Listener, AutoCloseable {
    private final List<JsonNode> messages = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocket socket;

    private WsProbe() {}

    /**
     * Opens a socket.
     *
     * @throws CompletionException if the handshake is refused (for example 401)
     */
    public static WsProbe connect(HttpClient client, URI uri, String bearerToken) {
        return connect(client, uri, bearerToken, java.util.Map.of());
    }

    /**
     * Opens a socket with more request headers (a wire version, say).
     *
     * @throws CompletionException if the handshake is refused (for example 401)
     */
    public static WsProbe connect(
            HttpClient client, URI uri, String bearerToken, java.util.Map<String, String> headers) {
        WsProbe probe = new WsProbe();
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (bearerToken != null) {
            builder.header("Authorization", "Bearer " + bearerToken);
        }
        headers.forEach(builder::header);
        probe.socket = builder.buildAsync(uri, probe).join();
        return probe;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                JsonNode message = JsonHttp.JSON.readTree(partial.toString());
                synchronized (messages) {
                    messages.add(message);
                    messages.notifyAll();
                }
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("server sent non-JSON: " + partial, e);
            } finally {
                partial.setLength(0);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }

    /** Waits for a message matching the predicate; fails after the timeout. */
    public JsonNode await(Predicate<JsonNode> matching, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (messages) {
            while (true) {
                for (JsonNode message : messages) {
                    if (matching.test(message)) {
                        return message;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching message within " + timeout + "; got " + messages);
                }
                try {
                    messages.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    public List<JsonNode> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    /** The close status the server sent, waiting up to the timeout. */
    public int awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("socket not closed within " + timeout, e);
        }
    }

    /** Sends a text message, as a device would, and waits until it is handed to the network. */
    public void send(String text) {
        socket.sendText(text, true).join();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }
}
