package com.repairsync.server.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A version-1 device's realtime socket for the wire fixtures: opened as such a device opens it (the
 * JDK's WebSocket, the token in a header or the query, no version headers), it keeps every text
 * message and the close it hears, and hands them out in the order heard.
 *
 * <p>A message whose {@code type} version 1 does not know is one a later version added; a version-1
 * device ignores it (the client's {@code UnknownRealtimeMessagesIT} shows so), so it is skipped when
 * replaying, as a member added to an answer is allowed. The members of a presence snapshot's {@code
 * online} list come in no particular order (the wire does not promise one), so they are sorted by
 * device name before comparing.
 */
final class WireSocket implements WebSocket.Listener {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<JsonNode> heard = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<ObjectNode> closed = new CompletableFuture<>();
    private volatile WebSocket webSocket;

    WireSocket() {}

    /**
     * Opens a socket; waits for the handshake.
     *
     * @throws java.util.concurrent.CompletionException with a {@link
     *     java.net.http.WebSocketHandshakeException} when the server refuses the upgrade
     */
    static WireSocket open(HttpClient client, URI uri, String bearerToken) {
        WireSocket socket = new WireSocket();
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (bearerToken != null) {
            builder.header("Authorization", "Bearer " + bearerToken);
        }
        socket.webSocket = builder.buildAsync(uri, socket).join();
        return socket;
    }

    /**
     * The next message heard whose type is one of {@code versionOneTypes} (any message when null,
     * as when recording), normalized; null if none comes within the timeout.
     */
    JsonNode next(Set<String> versionOneTypes, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode message = heard.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (message == null || isVersionOne(message, versionOneTypes)) {
                return message == null ? null : normalized(message);
            }
        }
    }

    /**
     * The close the server sent ({@code code}, {@code reason}) and the messages heard before it and
     * not yet read ({@code unheard}, those of version 1's types); null if no close comes in time.
     */
    ObjectNode closing(Set<String> versionOneTypes, Duration timeout) throws Exception {
        ObjectNode close;
        try {
            close = closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException none) {
            return null;
        }
        ArrayNode unheard = JSON.createArrayNode();
        for (JsonNode message = heard.poll(); message != null; message = heard.poll()) {
            if (isVersionOne(message, versionOneTypes)) {
                unheard.add(normalized(message));
            }
        }
        return close.deepCopy().set("unheard", unheard);
    }

    /** Sends a text message, as a device says something on its socket. */
    void send(String text) {
        webSocket.sendText(text, true).join();
    }

    /** Closes the socket as a device does (1000), and waits for the close to go out. */
    void closeNormally() {
        webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "closed by the client").join();
    }

    /** Drops the connection, whatever its state. */
    void abort() {
        WebSocket current = webSocket;
        if (current != null) {
            current.abort();
        }
    }

    /** A text message as it arrives; what the listener calls once a message is whole. */
    void heard(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (JsonProcessingException notJson) {
            message = new TextNode(text); // never from this server; kept so a comparison shows it
        }
        heard.add(message);
    }

    /** The close the server sent. */
    void heardClose(int code, String reason) {
        closed.complete(JSON.createObjectNode().put("code", code).put("reason", reason));
    }

    @Override
    public void onOpen(WebSocket socket) {
        socket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            heard(partial.toString());
            partial.setLength(0);
        }
        socket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
        heardClose(code, reason);
        return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        closed.complete(JSON.createObjectNode().put("code", -1).put("reason", String.valueOf(error)));
    }

    private static boolean isVersionOne(JsonNode message, Set<String> versionOneTypes) {
        return versionOneTypes == null
                || versionOneTypes.contains(message.path("type").asText());
    }

    /** The message with a presence snapshot's devices sorted by name; anything else as it is. */
    static JsonNode normalized(JsonNode message) {
        if (!message.path("online").isArray()) {
            return message;
        }
        List<JsonNode> online = new ArrayList<>();
        message.path("online").forEach(online::add);
        online.sort(
                Comparator.comparing((JsonNode who) -> who.path("deviceName").asText())
                        .thenComparing(JsonNode::toString));
        ObjectNode copy = ((ObjectNode) message).deepCopy();
        copy.putArray("online").addAll(online);
        return copy;
    }
}
