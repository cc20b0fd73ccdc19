package com.repairsync.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.NamedThreads;
import com.repairsync.server.ApiException;
import com.repairsync.server.auth.AuthService;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.realtime.OutgoingMessage;
import com.repairsync.server.realtime.RealtimeHub;
import com.repairsync.server.realtime.SocketSlots;
import com.repairsync.server.store.DeviceRow;
import com.repairsync.server.store.Store;
import io.javalin.config.JavalinConfig;
import io.javalin.websocket.WsContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * {@code GET /v1/realtime}: the WebSocket. The access token comes in the Authorization header or
 * the {@code access_token} query parameter and is checked before the upgrade, so a bad or expired
 * token gets 401 and no socket. An open socket is closed (1008) when its token expires; the device
 * reconnects with a refreshed one.
 *
 * <p>A socket over one of its caps ({@link SocketSlots}: per device, login and shop) is refused
 * before the upgrade with 429 naming the cap. Its slot is held from admission until the socket
 * closes or errs, or until the upgrade request ends without switching protocols.
 *
 * <p>Messages go out with Jetty's asynchronous send, which queues frames inside Jetty without
 * bound; the hub counts a message as unsent until Jetty's callback says it was written or failed,
 * so its budget covers what Jetty holds. What a device may send is {@link DeviceMessages}'s. A socket closed by the server that does not answer the
 * close within {@link #CLOSE_GRACE} (a reader that does not read never will) is disconnected, which
 * fails and frees the frames Jetty still holds.
 */
public final class RealtimeEndpoint {
    static final int POLICY_VIOLATION = 1008;
    /** How long a socket the server closes has to answer the close before it is disconnected. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private static final int SWITCHING_PROTOCOLS = 101;
    private static final String PRINCIPAL = "wsPrincipal";
    private static final String DEVICE_NAME = "wsDeviceName";
    private static final String SLOT = "wsSlot";
    private static final String WIRE_VERSION = "wsWireVersion";

    private final HttpApi api;
    private final RealtimeHub hub;
    private final Store store;
    private final Clock clock;
    private final SocketSlots slots;
    private final DeviceMessages messages;
    private final Map<String, Socket> sockets = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor expiries = timers();

    public RealtimeEndpoint(
            HttpApi api, RealtimeHub hub, Store store, Clock clock, ObjectMapper json, SocketSlots slots) {
        this.messages = new DeviceMessages(json, store, hub, System::nanoTime);
        this.api = api;
        this.hub = hub;
        this.store = store;
        this.clock = clock;
        this.slots = slots;
    }

    public void install(JavalinConfig javalin) {
        javalin.routes.wsBeforeUpgrade("/v1/realtime", ctx -> {
            try {
                if (!"GET".equals(ctx.req().getMethod())) {
                    // Jetty answers a non-GET upgrade with a bare 501; the socket opens with GET only.
                    throw new ApiException(
                            ErrorCode.METHOD_NOT_ALLOWED,
                            405,
                            null,
                            ctx.req().getMethod() + " is not allowed on /v1/realtime; open the socket with GET",
                            null);
                }
                admit(ctx);
            } catch (ApiException refused) {
                // The upgrade path drops handler results, so the problem is written straight to the response.
                Problems.writeCommitted(ctx, refused);
                throw refused;
            }
        });
        javalin.routes.ws("/v1/realtime", ws -> {
            ws.onConnect(ctx -> {
                ctx.enableAutomaticPings(15, TimeUnit.SECONDS);
                ctx.session.setMaxTextMessageSize(DeviceMessages.MAX_FRAME_BYTES);
                Socket socket = new Socket(
                        ctx,
                        ctx.attribute(PRINCIPAL),
                        ctx.attribute(DEVICE_NAME),
                        ctx.attribute(WIRE_VERSION),
                        expiries);
                sockets.put(ctx.sessionId(), socket);
                long untilExpiry = Duration.between(clock.instant(), socket.principal.expiresAt())
                        .toMillis();
                socket.expiry = expiries.schedule(
                        () -> socket.close(POLICY_VIOLATION, "access token expired"),
                        Math.max(0, untilExpiry),
                        TimeUnit.MILLISECONDS);
                hub.opened(socket, () -> store.read(tx -> tx.currentSeq(socket.principal.shopId())), store.historyId());
            });
            ws.onClose(ctx -> {
                forget(ctx.sessionId());
                release(ctx.attribute(SLOT));
            });
            ws.onError(ctx -> {
                forget(ctx.sessionId());
                release(ctx.attribute(SLOT));
            });
            ws.onMessage(ctx -> {
                // Pings are answered by Jetty; the one thing a device says is who acts on it.
                Socket socket = sockets.get(ctx.sessionId());
                if (socket != null) {
                    messages.handle(socket, socket.rate, ctx.message());
                }
            });
        });
    }

    private void admit(io.javalin.http.Context ctx) {
        Principal principal = api.authenticate(ctx.header("Authorization"), ctx.queryParam("access_token"))
                .orElseThrow(() -> ApiException.unauthorized("a valid access token is required to open the socket"));
        DeviceRow device = store.read(tx -> {
            AuthService.currentRole(tx, principal); // the device and the employee are still active
            return tx.findDevice(principal.shopId(), principal.deviceId()).orElseThrow();
        });
        SocketSlots.Slot slot;
        try {
            slot = slots.reserve(principal);
        } catch (SocketSlots.CapReached full) {
            throw new ApiException(ErrorCode.RATE_LIMITED, 429, null, full.getMessage(), null);
        }
        ctx.attribute(PRINCIPAL, principal);
        ctx.attribute(DEVICE_NAME, device.name());
        ctx.attribute(SLOT, slot);
        ctx.attribute(WIRE_VERSION, WireVersionCheck.version(ctx));
        releaseIfNotUpgraded(ctx, slot);
    }

    /**
     * Gives the slot back when the upgrade request ends without switching protocols: Jetty fails a
     * malformed handshake by throwing, so no later handler of ours would run.
     */
    private static void releaseIfNotUpgraded(io.javalin.http.Context ctx, SocketSlots.Slot slot) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        HttpServletRequest servletRequest = ctx.req();
        Request.addCompletionListener(request, failure -> {
            if (failure != null || request.getServletContextResponse().getStatus() != SWITCHING_PROTOCOLS) {
                slot.release();
            }
            // Javalin's upgrade snapshots session attributes, which creates an HTTP session per
            // socket; nothing here uses it, and it would outlive the socket by the session timeout.
            HttpSession session = servletRequest.getSession(false);
            if (session != null) {
                session.invalidate();
            }
        });
    }

    private static void release(SocketSlots.Slot slot) {
        if (slot != null) {
            slot.release();
        }
    }

    private void forget(String sessionId) {
        Socket socket = sockets.remove(sessionId);
        if (socket != null) {
            if (socket.expiry != null) {
                socket.expiry.cancel(false);
            }
            hub.closed(socket);
        }
    }

    /** Token expiries and close grace periods; a cancelled one leaves at once, not when it was due. */
    private static ScheduledThreadPoolExecutor timers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, NamedThreads.daemon("realtime-expiry"));
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }

    /** Stops the expiry timer; sockets themselves are closed through the hub. */
    public void stop() {
        expiries.shutdownNow();
    }

    private static final class Socket implements RealtimeHub.Connection {
        private final WsContext ctx;
        private final Principal principal;
        private final String deviceName;
        private final int wireVersion;
        private final ScheduledExecutorService timers;
        private final AtomicBoolean closing = new AtomicBoolean();
        private final DeviceMessages.Rate rate = new DeviceMessages.Rate();
        private volatile ScheduledFuture<?> expiry;

        Socket(
                WsContext ctx,
                Principal principal,
                String deviceName,
                int wireVersion,
                ScheduledExecutorService timers) {
            this.ctx = ctx;
            this.wireVersion = wireVersion;
            this.principal = principal;
            this.deviceName = deviceName;
            this.timers = timers;
        }

        @Override
        public Principal principal() {
            return principal;
        }

        @Override
        public String deviceName() {
            return deviceName;
        }

        @Override
        public int wireVersion() {
            return wireVersion;
        }

        /** Jetty's asynchronous send (as Javalin's {@code ctx.send}), but with a callback. */
        @Override
        public void send(String text, Runnable finished) {
            if (!ctx.session.isOpen()) {
                finished.run();
                return;
            }
            ctx.session.sendText(text, Callback.from(finished, failed -> finished.run()));
        }

        /**
         * The message's UTF-8 bytes as one text frame, handed to Jetty's core session as they are:
         * Jetty's {@code sendText} would encode the text again for every socket of a broadcast.
         * {@code finished} runs on success and on failure, and is marked non-blocking, so Jetty
         * runs it where the write completes rather than dispatching it to another thread.
         */
        @Override
        public void send(OutgoingMessage message, Runnable finished) {
            if (!(ctx.session instanceof WebSocketSession session)) {
                send(message.text(), finished);
                return;
            }
            CoreSession core = session.getCoreSession();
            if (!core.isOutputOpen()) {
                finished.run();
                return;
            }
            core.sendFrame(
                    new Frame(OpCode.TEXT, message.utf8()),
                    org.eclipse.jetty.util.Callback.from(Invocable.InvocationType.NON_BLOCKING, finished),
                    false);
        }

        @Override
        public void close(int status, String reason) {
            if (!closing.compareAndSet(false, true)) {
                return;
            }
            Session session = ctx.session;
            if (session.isOpen()) {
                session.close(status, reason, Callback.NOOP);
            }
            try {
                timers.schedule(session::disconnect, CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                session.disconnect();
            }
        }
    }
}
