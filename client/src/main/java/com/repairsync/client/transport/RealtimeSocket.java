package com.repairsync.client.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.client.transport.SyncTransport.RealtimeConnection;
import com.repairsync.client.transport.SyncTransport.RealtimeListener;
import com.repairsync.protocol.Change;
import com.repairsync.protocol.PullResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One realtime socket of {@link HttpSyncTransport}: turns WebSocket frames into {@link
 * RealtimeListener} calls and guarantees {@code closed} is heard exactly once, whichever of the
 * server's close, a network error, {@link #keepAlive} giving a silent server up or {@link #close()}
 * comes first.
 */
final class RealtimeSocket implements WebSocket.Listener, RealtimeConnection {
    /** RFC 6455: the connection was lost without a close frame. */
    static final int ABNORMAL_CLOSURE = 1006;

    private static final Logger log = LoggerFactory.getLogger(RealtimeSocket.class);
    private static final TypeReference<List<Change>> CHANGES = new TypeReference<>() {};
    private static final long CLOSE_FRAME_WAIT_MILLIS = 2_000;

    private final ObjectMapper json;
    private final RealtimeListener listener;
    private final Consumer<RealtimeSocket> forget;
    private final AtomicBoolean closed = new AtomicBoolean();
    // Only touched from listener callbacks, which the JDK runs one at a time (we request one message).
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;
    /** {@link System#nanoTime()} when the server was last heard from: any message, ping or pong. */
    private volatile long lastHeard = System.nanoTime();
    /** A ping went out at {@link #pingSentAt} and nothing was heard since. */
    private volatile boolean pingPending;

    private volatile long pingSentAt;
    /** The last text sent; the JDK allows one outstanding, so each waits for the one before. */
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    RealtimeSocket(ObjectMapper json, RealtimeListener listener, Consumer<RealtimeSocket> forget) {
        this.json = json;
        this.listener = listener;
        this.forget = forget;
    }

    /** Called once the handshake completed. */
    void opened(WebSocket webSocket) {
        socket = webSocket;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        heard();
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        heard();
        // A message may come in several frames, and a frame in several calls: assemble, then parse.
        partial.append(data);
        if (last) {
            String message = partial.toString();
            partial.setLength(0);
            dispatch(message);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        // The JDK answers the ping with a pong by itself.
        heard();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        heard();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        heard();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        notifyClosed(statusCode, reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        notifyClosed(ABNORMAL_CLOSURE, HttpFailures.describe(error));
    }

    @Override
    public boolean isOpen() {
        WebSocket current = socket;
        return !closed.get() && current != null && !current.isInputClosed();
    }

    @Override
    public boolean keepAlive(Duration silence) {
        WebSocket current = socket;
        if (!isOpen()) {
            return false;
        }
        long now = System.nanoTime();
        if (pingPending && now - pingSentAt >= silence.toNanos()) {
            // Measured from the ping, not from the last message: a check that ran late (its thread
            // busy) must not give up a socket it never asked.
            current.abort();
            notifyClosed(
                    ABNORMAL_CLOSURE,
                    "nothing heard from the server for " + TimeUnit.NANOSECONDS.toMillis(now - lastHeard)
                            + " ms, not even an answer to a ping");
            return false;
        }
        if (!pingPending && now - lastHeard >= silence.toNanos()) {
            pingSentAt = now;
            pingPending = true;
            current.sendPing(ByteBuffer.allocate(0)).whenComplete((sent, notSent) -> {
                if (notSent != null) {
                    // A ping that cannot go out means a dead connection: the next check gives it up.
                    log.debug("ping on the realtime socket not sent", notSent);
                }
            });
        }
        return true;
    }

    @Override
    public synchronized boolean send(String text) {
        WebSocket current = socket;
        if (!isOpen()) {
            return false;
        }
        sending = sending.handle((sent, failed) -> null)
                .thenCompose(ignored -> current.sendText(text, true))
                .whenComplete((sent, failed) -> {
                    if (failed != null) {
                        log.debug("message on the realtime socket not sent", failed);
                    }
                });
        return true;
    }

    /**
     * Sends a normal close frame (waiting up to two seconds for it to go out), drops the
     * connection, and tells the listener {@code closed(1000, ...)} unless it already heard a close.
     */
    @Override
    public void close() {
        WebSocket current = socket;
        if (closed.get() || current == null) {
            return;
        }
        try {
            current.sendClose(WebSocket.NORMAL_CLOSURE, "client closing")
                    .get(CLOSE_FRAME_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException notSent) {
            log.debug("close frame to the realtime socket not sent", notSent);
        } finally {
            // The server's answering close frame is not worth waiting for; it has ours.
            current.abort();
            notifyClosed(WebSocket.NORMAL_CLOSURE, "closed by the client");
        }
    }

    /** How long since the server was last heard from. */
    Duration silentFor() {
        return Duration.ofNanos(System.nanoTime() - lastHeard);
    }

    private void heard() {
        lastHeard = System.nanoTime();
        pingPending = false;
    }

    private void dispatch(String text) {
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (JsonProcessingException e) {
            log.debug("ignoring a realtime message that is not JSON: {}", text);
            return;
        }
        switch (message.path("type").asText()) {
            case "cursor" -> cursor(message);
            case "changes" -> changes(message);
            case "presence" -> deliver(() -> listener.presence(message));
            case "resync" -> resync();
            case "refused" -> log.warn("the server refused what this device said on the realtime socket: {}", text);
            default -> log.debug("ignoring a realtime message of unknown type: {}", text);
        }
    }

    private void cursor(JsonNode message) {
        JsonNode cursor = message.path("cursor");
        if (cursor.isIntegralNumber() && cursor.canConvertToLong()) {
            deliver(() -> listener.cursor(cursor.longValue()));
        } else {
            log.debug("ignoring a cursor message without a whole-number cursor: {}", message);
        }
    }

    /**
     * The server dropped messages to this socket (it fell too far behind) and is closing it: heard
     * as a cursor past any real one, so a listener that pulls when the shop is ahead pulls now. The
     * close that follows is heard as any other, and the device reconnects as after any close.
     */
    private void resync() {
        deliver(() -> listener.cursor(Long.MAX_VALUE));
    }

    /** Carried changes, as a one-page pull; a message that does not read as one is a bare cursor. */
    private void changes(JsonNode message) {
        List<Change> changes;
        try {
            changes = json.convertValue(message.path("changes"), CHANGES);
        } catch (IllegalArgumentException malformed) {
            changes = null;
        }
        JsonNode from = message.path("from");
        JsonNode cursor = message.path("cursor");
        if (changes == null || !from.canConvertToLong() || !cursor.isIntegralNumber()) {
            cursor(message);
            return;
        }
        JsonNode serverHlc = message.path("serverHlc");
        PullResponse page = new PullResponse(
                changes,
                cursor.longValue(),
                false,
                cursor.longValue(),
                serverHlc.isTextual() ? serverHlc.asText() : null);
        deliver(() -> listener.changes(from.longValue(), page));
    }

    private void notifyClosed(int statusCode, String reason) {
        if (closed.compareAndSet(false, true)) {
            forget.accept(this);
            deliver(() -> listener.closed(statusCode, reason));
        }
    }

    /** Runs a listener call; a throwing listener must not break the socket or hide later events. */
    private static void deliver(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("realtime listener failed", e);
        }
    }
}
