package com.repairsync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.client.internal.DeviceInfo;
import com.repairsync.client.internal.Json;
import com.repairsync.client.internal.LocalDatabase;
import com.repairsync.client.internal.StoredTokens;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.client.transport.TransportException;
import com.repairsync.client.transport.UnauthorizedException;
import com.repairsync.protocol.PullResponse;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@link SyncState#online()} true to the network: the realtime socket while it is open
 * (checked every keep-alive interval), a health probe while it is not, reconnecting when the server
 * answers. The socket's announcements ask for syncs, carry changes and presence, and tell the
 * server who acts on this device. Socket work runs on the device's worker, so the probe, the
 * keep-alive check and sign-out never run at the same time.
 */
final class Connectivity {
    private static final Logger log = LoggerFactory.getLogger(RepairSyncDevice.class);

    private final LocalDatabase db;
    private final DeviceOptions options;
    private final SyncTransport transport;
    private final ScheduledExecutorService worker;
    private final LiveState live;
    private final DeviceListeners listeners;
    private final PresenceBoard presence;
    private final SyncScheduler sync;

    private final ReconnectPolicy reconnect;
    private ScheduledFuture<?> probe;
    /** Whether a probe is scheduled or running; {@link #probeRun} tells a stale probe from the current one. */
    private boolean probing;

    private long probeRun;
    private ScheduledFuture<?> keepAlive;
    private volatile SyncTransport.RealtimeConnection socket;

    Connectivity(
            LocalDatabase db,
            DeviceOptions options,
            SyncTransport transport,
            ScheduledExecutorService worker,
            LiveState live,
            DeviceListeners listeners,
            PresenceBoard presence,
            SyncScheduler sync) {
        this.db = db;
        this.options = options;
        this.transport = transport;
        this.worker = worker;
        this.live = live;
        this.listeners = listeners;
        this.presence = presence;
        this.sync = sync;
        this.reconnect = ReconnectPolicy.forProbeInterval(options.probeInterval());
    }

    /** Starts the keep-alive check and connects, in the background. */
    void start() {
        startKeepAlive();
        worker.execute(this::connect);
    }

    /** Worker thread: stops probing and closes the socket (the device signs out). */
    void disconnect() {
        cancelProbe();
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }

    /** Closes the socket as the device closes. */
    void close() {
        if (socket != null) {
            socket.close();
        }
    }

    /**
     * Opens the realtime socket; on failure, probes the server until it answers. Worker thread, so
     * the probe, the keep-alive check and sign-out never run at the same time as this.
     */
    private void connect() {
        if (live.closed) {
            return;
        }
        if (socket != null && socket.isOpen()) {
            // A probe after a request failed finds the socket still up: the server answers again.
            cancelProbe();
            live.online = true;
            listeners.publishState();
            sync.requestSync();
            return;
        }
        SyncTransport.RealtimeConnection opened;
        try {
            opened = transport.openRealtime(new SocketEvents());
        } catch (UnauthorizedException signedOut) {
            // The sign-in ended: no socket, no probing, no retries until someone joins the device again.
            live.online = false;
            live.lastError = signedOut.getMessage();
            cancelProbe();
            listeners.publishState();
            return;
        } catch (TransportException e) {
            live.online = false;
            live.lastError = "offline: " + e.getMessage();
            listeners.publishState();
            ensureProbing();
            return;
        }
        opened(opened);
    }

    private void opened(SyncTransport.RealtimeConnection opened) {
        socket = opened;
        cancelProbe();
        live.online = true;
        if (!opened.isOpen()) {
            // It closed while opening (a server shutting down): its closed() may have run before the
            // two lines above undid it, so go back to probing rather than trust a dead socket.
            live.online = false;
            ensureProbing();
            listeners.publishState();
            return;
        }
        listeners.publishState();
        tellActing(false);
        sync.requestSync();
    }

    /** What the socket hears: a moved cursor, carried changes, presence, its close. */
    private final class SocketEvents implements SyncTransport.RealtimeListener {
        @Override
        public void cursor(long cursor) {
            long local = db.transaction(DeviceInfo::cursor);
            if (cursor != local) { // ahead: new changes; behind: the server's data went back (a restore)
                sync.requestSync();
            }
        }

        @Override
        public void changes(long fromCursor, PullResponse changes) {
            sync.applyCarried(fromCursor, changes);
        }

        @Override
        public void presence(JsonNode message) {
            presence.heard(message);
        }

        @Override
        public void closed(int statusCode, String reason) {
            live.online = false;
            presence.disconnected();
            listeners.publishState();
            ensureProbing();
        }
    }

    /** Every {@code keepAliveInterval}, makes sure the open socket still reaches the server. */
    private synchronized void startKeepAlive() {
        if (live.closed || !options.autoSync() || (keepAlive != null && !keepAlive.isDone())) {
            return;
        }
        long every = options.keepAliveInterval().toMillis();
        keepAlive = worker.scheduleWithFixedDelay(this::checkSocket, every, every, TimeUnit.MILLISECONDS);
    }

    /** Worker thread. A socket given up tells its listener, which starts the probe. */
    private void checkSocket() {
        SyncTransport.RealtimeConnection current = socket;
        if (current == null || current.keepAlive(options.keepAliveInterval()) || !live.online) {
            return;
        }
        // Closed without telling its listener (a transport that cannot ping): the same as closed().
        live.online = false;
        listeners.publishState();
        ensureProbing();
    }

    /**
     * While the socket is down, checks the server's health and reconnects when it answers. The
     * tries wait as {@link ReconnectPolicy#forProbeInterval} says: jittered, so the devices of a
     * server node that died do not all come back at the same instant, and growing while they fail.
     */
    synchronized void ensureProbing() {
        if (live.closed || !options.autoSync() || probing) {
            return;
        }
        probing = true;
        probeRun++;
        scheduleProbe(probeRun, 1);
    }

    private synchronized void scheduleProbe(long run, int attempt) {
        if (!probing || run != probeRun || live.closed) {
            return; // connected, signed out or closed meanwhile, or a newer run took over
        }
        long wait = reconnect.delay(attempt, options.random()).toMillis();
        try {
            probe = worker.schedule(() -> probeOnce(run, attempt), wait, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            probing = false;
            log.debug("device closing; no more reconnect tries");
        }
    }

    private void probeOnce(long run, int attempt) {
        try {
            if (StoredTokens.signedOutReason(db).isPresent()) {
                cancelProbe(); // nothing to reconnect to until the device joins again
                return;
            }
            transport.health();
            connect();
        } catch (TransportException down) {
            live.online = false;
        }
        scheduleProbe(run, attempt + 1); // nothing when connect() ended the probing
    }

    private synchronized void cancelProbe() {
        probing = false;
        probeRun++;
        if (probe != null) {
            probe.cancel(false);
            probe = null;
        }
    }

    /** Tells the server over the realtime socket who acts on this device now, if it is open. */
    void announceActing() {
        if (live.closed || !options.autoSync()) {
            return;
        }
        try {
            worker.execute(() -> tellActing(true));
        } catch (RejectedExecutionException shuttingDown) {
            log.debug("device closing; acting employee not announced");
        }
    }

    /**
     * Worker thread. Says {@code {"type":"acting"}} on the open socket; on a new socket only when
     * the acting employee is not the signed-in one (the server starts from that one).
     */
    private void tellActing(boolean always) {
        SyncTransport.RealtimeConnection current = socket;
        if (live.closed || current == null || !current.isOpen()) {
            return; // the next socket says it when it opens
        }
        Optional<String> acting;
        String signedIn;
        try {
            acting = db.transaction(tx -> DeviceInfo.get(tx, DeviceInfo.ACTING_EMPLOYEE));
            signedIn = db.transaction(tx -> DeviceInfo.get(tx, DeviceInfo.SIGNED_IN_EMPLOYEE))
                    .orElse(null);
        } catch (RuntimeException e) {
            log.warn("cannot read the acting employee to tell the server", e);
            return;
        }
        String employeeId = acting.orElse(signedIn);
        if (employeeId == null || (!always && employeeId.equals(signedIn))) {
            return;
        }
        String message = Json.MAPPER
                .createObjectNode()
                .put("type", "acting")
                .put("employeeId", employeeId)
                .toString();
        if (!current.send(message)) {
            log.debug("realtime socket cannot send; presence shows the signed-in employee");
        }
    }
}
