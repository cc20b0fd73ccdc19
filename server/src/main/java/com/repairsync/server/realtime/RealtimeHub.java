package com.repairsync.server.realtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.protocol.Change;
import com.repairsync.protocol.WireVersions;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.sync.CarriedChanges;
import com.repairsync.server.sync.CommitListener;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The shops' open sockets. After a commit each socket of that shop gets {@code {"type":"cursor"}}
 * or, for a small commit, {@code {"type":"changes"}} with the changed records;
 * when a device's first socket opens or its last one closes, the shop hears a presence event, and
 * when a device says who acts on it now ({@link #acting}), the shop hears {@code {"type":"presence",
 * "event":"acting"}} with that employee. Devices of wire version 7 or later hear a shop's presence
 * changes gathered over a short window ({@link PresenceBatches}) as one {@code "changes"} message, so
 * a mass reconnect no longer costs each of them a message per device that came back; older devices
 * hear each change at once as its own event, as before.
 *
 * <p>Messages leave from {@link SocketSenders}, so a slow socket never delays a push response and
 * a socket whose unsent messages pass its budget is told to resync and closed.
 *
 * <p>With several nodes on one database, commits and presence changes are also published on a
 * {@link ClusterLink} and the other nodes' messages come back through {@link #receive}: a commit on
 * any node reaches this node's sockets, and a shop's presence is the union of the devices online
 * here and at the other nodes ({@link RemotePresence}). Nodes announce themselves with a heartbeat;
 * one that falls silent is presumed dead and its devices go offline. A node that (re)starts
 * listening says hello, and every node answers with its full presence.
 */
public final class RealtimeHub implements CommitListener {
    /** One open socket; the transport behind it is the HTTP layer's. */
    public interface Connection {
        Principal principal();

        String deviceName();

        /**
         * Queues a message without blocking; {@code finished} runs once when the transport has
         * written it or given it up (closed socket, error). It may run before this returns.
         */
        void send(String text, Runnable finished);

        /**
         * Queues an encoded message, as {@link #send(String, Runnable)} does its text. A transport
         * that can write the message's UTF-8 bytes as they are overrides this, so a broadcast to
         * many sockets encodes once and copies nothing per socket.
         */
        default void send(OutgoingMessage message, Runnable finished) {
            send(message.text(), finished);
        }

        /**
         * Closes the socket with a status and reason, and drops the connection soon after if the
         * other side does not answer, so its unsent messages fail and are released.
         */
        void close(int status, String reason);

        /**
         * The wire version the device speaks ({@link WireVersions}); from {@link
         * #PRESENCE_BATCHES_SINCE} on it hears presence changes in batches. A connection that does
         * not say is served as the first version, which every device understands.
         */
        default int wireVersion() {
            return WireVersions.FIRST;
        }
    }

    /** The first wire version whose devices hear presence as batched diffs. */
    public static final int PRESENCE_BATCHES_SINCE = 7;

    /** Close status for a socket too slow to keep up: try again later (RFC 6455 1013). */
    public static final int TOO_SLOW = 1013;

    /** Default unsent bytes one socket may hold, as {@code --max-unsent-per-socket}'s default. */
    static final long DEFAULT_UNSENT_PER_SOCKET = 1024 * 1024;

    private final ObjectMapper json;
    private final ClusterRelay cluster;
    private final ShopSockets sockets = new ShopSockets();
    private final SocketSenders senders;
    private final Presence presence;
    private final PresenceAnnouncer announcer;
    private volatile LongConsumer fanouts = nanos -> {};
    private volatile java.util.function.ObjIntConsumer<String> deliveries = (shopId, sockets) -> {};
    private volatile EndedSignIns endedElsewhere = (shopId, employeeId, deviceId, reason) -> {};

    /** Handles sign-ins that another node ended (an employee's, or a device's). */
    @FunctionalInterface
    public interface EndedSignIns {
        /** Exactly one of employeeId and deviceId is set. */
        void ended(String shopId, String employeeId, String deviceId, String reason);
    }

    /** A hub for a single node, with the default unsent budget. */
    public RealtimeHub(ObjectMapper json) {
        this(json, "local", ClusterLink.NONE, DEFAULT_UNSENT_PER_SOCKET);
    }

    /**
     * A hub for one node of several, which reach each other through the link (or {@link
     * ClusterLink#NONE} for a single node). Each socket may hold {@code unsentPerSocket} bytes of
     * unsent messages, and all of them together a quarter of the heap.
     */
    public RealtimeHub(ObjectMapper json, String node, ClusterLink cluster, long unsentPerSocket) {
        this(
                json,
                node,
                cluster,
                new UnsentBytes(
                        unsentPerSocket,
                        UnsentBytes.nodeBudgetForHeap(Runtime.getRuntime().maxMemory())));
    }

    RealtimeHub(ObjectMapper json, String node, ClusterLink cluster, UnsentBytes unsent) {
        this(json, node, cluster, unsent, PresenceBatches.Timer.onThread("realtime-presence"));
    }

    /** A hub whose presence windows close on {@code presenceTimer}, which it stops in {@link #closeAll}. */
    RealtimeHub(
            ObjectMapper json,
            String node,
            ClusterLink cluster,
            UnsentBytes unsent,
            PresenceBatches.Timer presenceTimer) {
        this.json = json;
        this.senders = new SocketSenders(unsent);
        this.announcer = new PresenceAnnouncer(json, sockets, senders, presenceTimer);
        this.cluster = new ClusterRelay(json, node, cluster);
        RemotePresence remote = new RemotePresence(
                ClusterRelay.HEARTBEAT.multipliedBy(ClusterRelay.MISSED_BEATS).toNanos(), System::nanoTime);
        this.presence =
                new Presence(sockets, remote, (shopId, event, who) -> announcer.changed(shopId, event, who, null));
        this.cluster.startHeartbeat(() -> remote.expire().forEach(presence::remoteOffline));
    }

    /**
     * Registers a socket, sends it the current cursor with the server's history id ({@code epoch})
     * and who is online, and announces it. The cursor is read after registering, so no commit can
     * fall between the two unheard.
     */
    public void opened(Connection connection, LongSupplier cursor, String epoch) {
        String shopId = connection.principal().shopId();
        boolean firstOfDevice = sockets.add(connection, senders.open());
        send(connection, Map.of("type", "cursor", "cursor", cursor.getAsLong(), "epoch", epoch));
        // Held, so no presence batch of the shop lands between computing the snapshot and queuing it.
        announcer.whileHeld(shopId, () -> {
            send(connection, Map.of("type", "presence", "event", "snapshot", "online", presence.onlineDevices(shopId)));
            return null;
        });
        if (firstOfDevice) {
            if (!presence.remote().isOnline(shopId, connection.principal().deviceId())) {
                announcer.changed(shopId, "online", presence.who(connection), connection);
            }
            cluster.publish(cluster.online(shopId, presence.who(connection)));
        }
    }

    /** Unregisters a socket and announces the device offline if it was its last socket. */
    public void closed(Connection connection) {
        UnsentBytes.Backlog backlog = sockets.remove(connection);
        if (backlog == null) {
            return;
        }
        backlog.stop();
        String shopId = connection.principal().shopId();
        String deviceId = connection.principal().deviceId();
        if (!sockets.isOnline(shopId, deviceId)) {
            presence.offline(shopId, deviceId);
            cluster.publish(cluster.message("offline", "shop", shopId, "deviceId", deviceId));
            if (!presence.remote().isOnline(shopId, deviceId)) {
                announcer.changed(shopId, "offline", presence.who(connection), null);
            }
        }
    }

    /**
     * Records who acts on a connection's device now (the caller checked they may) and tells the
     * shop: every socket here, this one included, and the other nodes, which tell theirs. The
     * device shows this employee until it says another or its last socket closes.
     */
    public void acting(Connection connection, String employeeId) {
        if (sockets.backlog(connection) == null) {
            return; // closed meanwhile: its device is offline, or a newer socket will say again
        }
        String shopId = connection.principal().shopId();
        if (presence.acting(connection, employeeId)) {
            announcer.changed(shopId, "acting", presence.who(connection), null);
        }
        cluster.publish(cluster.online(shopId, presence.who(connection)));
    }

    /** Sends one socket an answer to something it said. */
    public void reply(Connection connection, Map<String, Object> message) {
        send(connection, message);
    }

    /**
     * Has {@code observer} told, for each commit that had sockets here to tell, the nanoseconds from
     * the commit until its message was handed to the last of them (written, or queued behind a
     * slow socket's unsent frames). Called on a sender thread.
     */
    public void observeFanouts(LongConsumer observer) {
        this.fanouts = observer;
    }

    /** Has {@code observer} told, for each commit announced here, the shop and how many of its sockets were told. */
    public void observeDeliveries(java.util.function.ObjIntConsumer<String> observer) {
        this.deliveries = observer;
    }

    /**
     * Tells the shop's sockets about a commit. A small one carries its changes, so a device whose
     * cursor is {@code fromCursor} stores them without a pull; any other device, or any commit
     * without them, gets the new cursor and pulls.
     */
    @Override
    public void committed(String shopId, long fromCursor, long cursor, List<Change> changes, String serverHlc) {
        committedCarrying(
                shopId, fromCursor, cursor, changes == null ? null : CarriedChanges.forEvery(changes), serverHlc);
    }

    /**
     * Tells the shop's sockets about a commit, each the changes its wire version receives ({@link
     * CarriedChanges}): a socket whose version gets none gets the cursor. When every version
     * receives the same, the message is encoded once for all.
     */
    @Override
    public void committedCarrying(
            String shopId, long fromCursor, long cursor, CarriedChanges carried, String serverHlc) {
        long start = System.nanoTime();
        LongConsumer observer = fanouts;
        LongConsumer fanout = finished -> observer.accept(finished - start);
        if (carried == null || carried.same()) {
            List<Change> changes = carried == null ? null : carried.current();
            broadcast(shopId, CommitMessage.of(fromCursor, cursor, changes, serverHlc), null, fanout);
        } else {
            Map<Connection, UnsentBytes.Backlog> newer = new HashMap<>();
            Map<Connection, UnsentBytes.Backlog> older = new HashMap<>();
            sockets.of(shopId)
                    .forEach((connection, backlog) ->
                            (connection.wireVersion() >= carried.since() ? newer : older).put(connection, backlog));
            // Each half reports its own end: the fan-out metric counts the later of the two.
            int[] pending = {(newer.isEmpty() ? 0 : 1) + (older.isEmpty() ? 0 : 1)};
            LongConsumer half = finished -> {
                synchronized (pending) {
                    if (--pending[0] == 0) {
                        fanout.accept(finished);
                    }
                }
            };
            if (!newer.isEmpty()) {
                senders.broadcast(
                        newer,
                        ClusterRelay.encode(json, CommitMessage.of(fromCursor, cursor, carried.current(), serverHlc)),
                        null,
                        half);
            }
            if (!older.isEmpty()) {
                senders.broadcast(
                        older,
                        ClusterRelay.encode(json, CommitMessage.of(fromCursor, cursor, carried.older(), serverHlc)),
                        null,
                        half);
            }
        }
        deliveries.accept(shopId, sockets.of(shopId).size());
        cluster.publish(cluster.message("commit", "shop", shopId, "seq", cursor));
    }

    /** Called when this node (re)starts listening to the cluster: asks every node for its presence. */
    public void listening() {
        cluster.publish(cluster.message("hello"));
        announcePresence();
    }

    /**
     * Handles a message another node published (this node's own are ignored).
     *
     * @throws IllegalArgumentException if the message is not one a node sends
     */
    public void receive(String text) {
        ClusterMessage message = ClusterMessage.parse(json, text);
        if (message.node().equals(cluster.node())) {
            return;
        }
        RemotePresence remote = presence.remote();
        remote.heard(message.node());
        switch (message.type()) {
            case "commit" -> {
                broadcast(message.shop(), Map.of("type", "cursor", "cursor", message.seq()), null);
                deliveries.accept(message.shop(), sockets.of(message.shop()).size());
            }
            case "online" ->
                presence.remoteOnline(
                        new RemotePresence.Entry(message.node(), message.shop(), message.deviceId(), message.who()));
            case "offline" -> presence.remoteOffline(remote.remove(message.node(), message.shop(), message.deviceId()));
            case "hello" -> announcePresence();
            case "state-begin" -> remote.markStale(message.node());
            case "state-end" -> remote.sweep(message.node()).forEach(presence::remoteOffline);
            case "bye" -> remote.drop(message.node()).forEach(presence::remoteOffline);
            case "ended" ->
                endedElsewhere.ended(
                        message.shop(), (String) message.who().get("employeeId"), message.deviceId(), message.reason());
            case "beat" -> {}
            default -> throw new IllegalArgumentException("unknown cluster message type " + message.type());
        }
    }

    /** Publishes every device online here, replacing what the other nodes knew of this node. */
    private void announcePresence() {
        cluster.publish(cluster.message("state-begin"));
        sockets.forEachDevice(
                (shopId, connection) -> cluster.publish(cluster.online(shopId, presence.who(connection))));
        cluster.publish(cluster.message("state-end"));
    }

    /** Has {@code handler} told of the sign-ins other nodes end. */
    public void onEndedElsewhere(EndedSignIns handler) {
        this.endedElsewhere = handler;
    }

    /** Tells the other nodes that sign-ins ended: an employee's (deviceId null) or a device's (employeeId null). */
    public void publishEnded(String shopId, String employeeId, String deviceId, String reason) {
        Map<String, Object> message = cluster.message("ended", "shop", shopId, "reason", reason);
        if (employeeId != null) {
            message.put("employeeId", employeeId);
        }
        if (deviceId != null) {
            message.put("deviceId", deviceId);
        }
        cluster.publish(message);
    }

    /** Number of open sockets, for metrics. */
    public int openSockets() {
        return sockets.open();
    }

    /** Bytes of messages queued for this node's sockets and not yet written, for metrics. */
    public long unsentBytes() {
        return senders.unsentBytes();
    }

    /**
     * Closes this node's open sockets of a shop whose principal matches, as when their sessions
     * end; they hear nothing more. Each device reconnects only if its token still lets it.
     *
     * @return how many sockets were closed
     */
    public int closeSockets(String shopId, Predicate<Principal> which, int status, String reason) {
        int closed = 0;
        for (Map.Entry<Connection, UnsentBytes.Backlog> socket :
                sockets.of(shopId).entrySet()) {
            if (which.test(socket.getKey().principal())) {
                socket.getValue().stop();
                SocketSenders.closeQuietly(socket.getKey(), status, reason);
                closed++;
            }
        }
        return closed;
    }

    /** Closes every socket with a reason, for shutdown, and stops the senders. */
    public void closeAll(int status, String reason) {
        cluster.stopHeartbeat();
        sockets.forEach((connection, backlog) -> {
            backlog.stop();
            SocketSenders.closeQuietly(connection, status, reason);
        });
        cluster.publish(cluster.message("bye"));
        announcer.stop();
        senders.shutdown();
    }

    private void broadcast(String shopId, Map<String, Object> message, Connection except) {
        broadcast(shopId, message, except, finished -> {});
    }

    /** Sends to every socket of the shop but {@code except}; {@code done} gets the nanoTime the last share ended. */
    private void broadcast(String shopId, Map<String, Object> message, Connection except, LongConsumer done) {
        Map<Connection, UnsentBytes.Backlog> shop = sockets.of(shopId);
        if (!shop.isEmpty()) {
            senders.broadcast(shop, ClusterRelay.encode(json, message), except, done);
        }
    }

    private void send(Connection connection, Map<String, Object> message) {
        String text = ClusterRelay.encode(json, message);
        senders.send(connection, sockets.backlog(connection), text);
    }
}
