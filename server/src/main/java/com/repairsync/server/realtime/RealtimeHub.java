package com.repairsync.server.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.protocol.Change;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.sync.CommitListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shops' open sockets. After a commit each socket of that shop gets {@code {"type":"cursor"}}
 * or, for a small commit, {@code {"type":"changes"}} with the changed records;
 * when a device's first socket opens or its last one closes, the shop hears a presence event, and
 * when a device says who acts on it now ({@link #acting}), the shop hears {@code {"type":"presence",
 * "event":"acting"}} with that employee.
 *
 * <p>Messages go out from sender threads, one per core (at most four), so a slow socket never
 * delays a push response. Each socket belongs to one of them, so its messages leave in order; a
 * broadcast hands each sender one task for its share of the shop's sockets, and the senders write
 * in parallel.
 *
 * <p>With several nodes on one database, commits and presence changes are also published on a
 * {@link ClusterLink} and the other nodes' messages come back through {@link #receive}: a commit on
 * any node reaches this node's sockets, and a shop's presence is the union of the devices online
 * here and at the other nodes ({@link RemotePresence}). Nodes announce themselves with a heartbeat;
 * one that falls silent is presumed dead and its devices go offline. A node that (re)starts
 * listening says hello, and every node answers with its full presence.
 *
 * <p>A socket's unsent messages are bounded ({@link UnsentBytes}): a message is charged to its
 * socket when it is queued on a sender and released when the transport reports it written or
 * failed, so the count includes what waits in the transport behind a reader that does not read. A
 * socket whose message does not fit is sent {@code {"type":"resync"}} (best effort: it waits behind
 * the rest), closed with 1013 and queued nothing more; once the transport drops the connection its
 * queued messages fail and their bytes are released.
 */
public final class RealtimeHub implements CommitListener {
    private static final Logger log = LoggerFactory.getLogger(RealtimeHub.class);

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
         * Closes the socket with a status and reason, and drops the connection soon after if the
         * other side does not answer, so its unsent messages fail and are released.
         */
        void close(int status, String reason);
    }

    /** Close status for a socket too slow to keep up: try again later (RFC 6455 1013). */
    public static final int TOO_SLOW = 1013;

    /** Default unsent bytes one socket may hold, as {@code --max-unsent-per-socket}'s default. */
    static final long DEFAULT_UNSENT_PER_SOCKET = 1024 * 1024;

    private static final String RESYNC = "{\"type\":\"resync\"}";

    /** How often a node says it is alive, and after how many silent beats it is presumed dead. */
    static final Duration HEARTBEAT = Duration.ofSeconds(5);

    static final int MISSED_BEATS = 3;

    private final ObjectMapper json;
    private final String node;
    private final ClusterLink cluster;
    private final RemotePresence remote;
    private final ScheduledExecutorService heart;
    private final UnsentBytes unsent;
    private final Map<String, Map<Connection, UnsentBytes.Backlog>> byShop = new ConcurrentHashMap<>();
    /** The employee acting on a device online here ("shop/device"), when it said one. */
    private final Map<String, String> actingOn = new ConcurrentHashMap<>();

    private final AtomicInteger open = new AtomicInteger();
    private final ExecutorService[] senders =
            newSenders(Math.min(4, Runtime.getRuntime().availableProcessors()));
    private volatile LongConsumer fanouts = nanos -> {};
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
        this.json = json;
        this.unsent = unsent;
        this.node = node;
        this.cluster = cluster;
        this.remote = new RemotePresence(HEARTBEAT.multipliedBy(MISSED_BEATS).toNanos(), System::nanoTime);
        if (cluster == ClusterLink.NONE) {
            this.heart = null;
        } else {
            this.heart = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "realtime-heartbeat");
                thread.setDaemon(true);
                return thread;
            });
            long period = HEARTBEAT.toMillis();
            heart.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Registers a socket, sends it the current cursor and who is online, and announces it. The
     * cursor is read after registering, so no commit can fall between the two unheard.
     */
    public void opened(Connection connection, LongSupplier cursor) {
        String shopId = connection.principal().shopId();
        Map<Connection, UnsentBytes.Backlog> shop = byShop.computeIfAbsent(shopId, id -> new ConcurrentHashMap<>());
        boolean firstOfDevice = devicesOnline(shop, connection.principal().deviceId()) == 0;
        shop.put(connection, unsent.open());
        open.incrementAndGet();
        send(connection, Map.of("type", "cursor", "cursor", cursor.getAsLong()));
        send(connection, Map.of("type", "presence", "event", "snapshot", "online", onlineDevices(shopId, shop)));
        if (firstOfDevice) {
            if (!remote.isOnline(shopId, connection.principal().deviceId())) {
                broadcast(shopId, presence("online", who(connection)), connection);
            }
            publish(online(shopId, who(connection)));
        }
    }

    /** Unregisters a socket and announces the device offline if it was its last socket. */
    public void closed(Connection connection) {
        String shopId = connection.principal().shopId();
        Map<Connection, UnsentBytes.Backlog> shop = byShop.get(shopId);
        UnsentBytes.Backlog backlog = shop == null ? null : shop.remove(connection);
        if (backlog == null) {
            return;
        }
        backlog.stop();
        open.decrementAndGet();
        String deviceId = connection.principal().deviceId();
        if (devicesOnline(shop, deviceId) == 0) {
            actingOn.remove(shopId + "/" + deviceId);
            publish(message("offline", "shop", shopId, "deviceId", deviceId));
            if (!remote.isOnline(shopId, deviceId)) {
                broadcast(shopId, presence("offline", who(connection)), null);
            }
        }
    }

    /**
     * Records who acts on a connection's device now (the caller checked they may) and tells the
     * shop: every socket here, this one included, and the other nodes, which tell theirs. The
     * device shows this employee until it says another or its last socket closes.
     */
    public void acting(Connection connection, String employeeId) {
        String shopId = connection.principal().shopId();
        Map<Connection, UnsentBytes.Backlog> shop = byShop.get(shopId);
        if (shop == null || !shop.containsKey(connection)) {
            return; // closed meanwhile: its device is offline, or a newer socket will say again
        }
        String key = shopId + "/" + connection.principal().deviceId();
        String before = actingOn.put(key, employeeId);
        if (!employeeId.equals(before != null ? before : connection.principal().employeeId())) {
            broadcast(shopId, presence("acting", who(connection)), null);
        }
        publish(online(shopId, who(connection)));
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

    /**
     * Tells the shop's sockets about a commit. A small one carries its changes, so a device whose
     * cursor is {@code fromCursor} stores them without a pull; any other device, or any commit
     * without them, gets the new cursor and pulls.
     */
    @Override
    public void committed(String shopId, long fromCursor, long cursor, List<Change> changes, String serverHlc) {
        long start = System.nanoTime();
        LongConsumer observer = fanouts;
        LongConsumer fanout = finished -> observer.accept(finished - start);
        if (changes == null) {
            broadcast(shopId, Map.of("type", "cursor", "cursor", cursor), null, fanout);
        } else {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("type", "changes");
            message.put("from", fromCursor);
            message.put("cursor", cursor);
            message.put("serverHlc", serverHlc);
            message.put("changes", changes);
            broadcast(shopId, message, null, fanout);
        }
        publish(message("commit", "shop", shopId, "seq", cursor));
    }

    /** Called when this node (re)starts listening to the cluster: asks every node for its presence. */
    public void listening() {
        publish(message("hello"));
        announcePresence();
    }

    /**
     * Handles a message another node published (this node's own are ignored).
     *
     * @throws IllegalArgumentException if the message is not one a node sends
     */
    public void receive(String text) {
        ClusterMessage message = ClusterMessage.parse(json, text);
        if (message.node().equals(node)) {
            return;
        }
        remote.heard(message.node());
        switch (message.type()) {
            case "commit" -> broadcast(message.shop(), Map.of("type", "cursor", "cursor", message.seq()), null);
            case "online" ->
                remoteOnline(
                        new RemotePresence.Entry(message.node(), message.shop(), message.deviceId(), message.who()));
            case "offline" -> remoteOffline(remote.remove(message.node(), message.shop(), message.deviceId()));
            case "hello" -> announcePresence();
            case "state-begin" -> remote.markStale(message.node());
            case "state-end" -> remote.sweep(message.node()).forEach(this::remoteOffline);
            case "bye" -> remote.drop(message.node()).forEach(this::remoteOffline);
            case "ended" ->
                endedElsewhere.ended(
                        message.shop(), (String) message.who().get("employeeId"), message.deviceId(), message.reason());
            case "beat" -> {}
            default -> throw new IllegalArgumentException("unknown cluster message type " + message.type());
        }
    }

    /** A device online at another node, new there or with another employee acting on it. */
    private void remoteOnline(RemotePresence.Entry entry) {
        boolean known = remote.isOnline(entry.shopId(), entry.deviceId()) || isLocal(entry.shopId(), entry.deviceId());
        RemotePresence.Entry before = remote.add(entry);
        if (!known) {
            broadcast(entry.shopId(), presence("online", entry.who()), null);
        } else if (before != null
                && !java.util.Objects.equals(
                        before.who().get("employeeId"), entry.who().get("employeeId"))) {
            broadcast(entry.shopId(), presence("acting", entry.who()), null);
        }
    }

    private void remoteOffline(RemotePresence.Entry removed) {
        if (removed != null
                && !remote.isOnline(removed.shopId(), removed.deviceId())
                && !isLocal(removed.shopId(), removed.deviceId())) {
            broadcast(removed.shopId(), presence("offline", removed.who()), null);
        }
    }

    private boolean isLocal(String shopId, String deviceId) {
        Map<Connection, UnsentBytes.Backlog> shop = byShop.get(shopId);
        return shop != null && devicesOnline(shop, deviceId) > 0;
    }

    /** Publishes every device online here, replacing what the other nodes knew of this node. */
    private void announcePresence() {
        publish(message("state-begin"));
        byShop.forEach((shopId, shop) -> {
            Map<String, Map<String, Object>> byDevice = new LinkedHashMap<>();
            shop.keySet().forEach(c -> byDevice.putIfAbsent(c.principal().deviceId(), who(c)));
            byDevice.values().forEach(who -> publish(online(shopId, who)));
        });
        publish(message("state-end"));
    }

    private void beat() {
        try {
            publish(message("beat"));
            remote.expire().forEach(this::remoteOffline);
        } catch (RuntimeException e) {
            log.warn("realtime heartbeat failed", e);
        }
    }

    private Map<String, Object> online(String shopId, Map<String, Object> who) {
        Map<String, Object> message = message("online", "shop", shopId);
        message.putAll(who);
        return message;
    }

    private Map<String, Object> message(String type, Object... pairs) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("t", type);
        message.put("node", node);
        for (int i = 0; i < pairs.length; i += 2) {
            message.put((String) pairs[i], pairs[i + 1]);
        }
        return message;
    }

    private void publish(Map<String, Object> message) {
        if (cluster != ClusterLink.NONE) {
            cluster.publish(encode(message));
        }
    }

    /** Has {@code handler} told of the sign-ins other nodes end. */
    public void onEndedElsewhere(EndedSignIns handler) {
        this.endedElsewhere = handler;
    }

    /** Tells the other nodes that sign-ins ended: an employee's (deviceId null) or a device's (employeeId null). */
    public void publishEnded(String shopId, String employeeId, String deviceId, String reason) {
        Map<String, Object> message = message("ended", "shop", shopId, "reason", reason);
        if (employeeId != null) {
            message.put("employeeId", employeeId);
        }
        if (deviceId != null) {
            message.put("deviceId", deviceId);
        }
        publish(message);
    }

    /** Number of open sockets, for metrics. */
    public int openSockets() {
        return open.get();
    }

    /** Bytes of messages queued for this node's sockets and not yet written, for metrics. */
    public long unsentBytes() {
        return unsent.total();
    }

    /**
     * Closes this node's open sockets of a shop whose principal matches, as when their sessions
     * end; they hear nothing more. Each device reconnects only if its token still lets it.
     *
     * @return how many sockets were closed
     */
    public int closeSockets(String shopId, Predicate<Principal> which, int status, String reason) {
        Map<Connection, UnsentBytes.Backlog> shop = byShop.get(shopId);
        if (shop == null) {
            return 0;
        }
        int closed = 0;
        for (Map.Entry<Connection, UnsentBytes.Backlog> socket : shop.entrySet()) {
            if (which.test(socket.getKey().principal())) {
                socket.getValue().stop();
                closeQuietly(socket.getKey(), status, reason);
                closed++;
            }
        }
        return closed;
    }

    /** Closes every socket with a reason, for shutdown, and stops the senders. */
    public void closeAll(int status, String reason) {
        if (heart != null) {
            heart.shutdownNow();
        }
        byShop.values()
                .forEach(shop -> shop.forEach((connection, backlog) -> {
                    backlog.stop();
                    closeQuietly(connection, status, reason);
                }));
        publish(message("bye"));
        for (ExecutorService sender : senders) {
            sender.shutdown();
        }
        try {
            for (ExecutorService sender : senders) {
                sender.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ExecutorService[] newSenders(int count) {
        ExecutorService[] senders = new ExecutorService[Math.max(1, count)];
        for (int i = 0; i < senders.length; i++) {
            String name = "realtime-sender-" + (i + 1);
            senders[i] = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, name);
                thread.setDaemon(true);
                return thread;
            });
        }
        return senders;
    }

    /** The sender a socket's messages always leave from. */
    private int senderOf(Connection connection) {
        return Math.floorMod(System.identityHashCode(connection), senders.length);
    }

    private static void closeQuietly(Connection connection, int status, String reason) {
        try {
            connection.close(status, reason);
        } catch (RuntimeException e) {
            log.debug("closing socket failed", e);
        }
    }

    private static long devicesOnline(Map<Connection, UnsentBytes.Backlog> shop, String deviceId) {
        return shop.keySet().stream()
                .filter(c -> c.principal().deviceId().equals(deviceId))
                .count();
    }

    private List<Map<String, Object>> onlineDevices(String shopId, Map<Connection, UnsentBytes.Backlog> shop) {
        Map<String, Map<String, Object>> byDevice = new LinkedHashMap<>();
        shop.keySet().forEach(c -> byDevice.putIfAbsent(c.principal().deviceId(), who(c)));
        remote.online(shopId).forEach(who -> byDevice.putIfAbsent((String) who.get("deviceId"), who));
        return new ArrayList<>(byDevice.values());
    }

    private Map<String, Object> who(Connection connection) {
        Principal principal = connection.principal();
        Map<String, Object> who = new LinkedHashMap<>();
        who.put(
                "employeeId",
                actingOn.getOrDefault(principal.shopId() + "/" + principal.deviceId(), principal.employeeId()));
        who.put("deviceId", connection.principal().deviceId());
        who.put("deviceName", connection.deviceName());
        return who;
    }

    private static Map<String, Object> presence(String event, Map<String, Object> who) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "presence");
        message.put("event", event);
        message.putAll(who);
        return message;
    }

    private void broadcast(String shopId, Map<String, Object> message, Connection except) {
        broadcast(shopId, message, except, finished -> {});
    }

    /**
     * Sends to every socket of the shop but {@code except}; {@code done} gets the nanoTime the last
     * share ended. A socket the message does not fit is dropped instead.
     */
    private void broadcast(String shopId, Map<String, Object> message, Connection except, LongConsumer done) {
        Map<Connection, UnsentBytes.Backlog> shop = byShop.get(shopId);
        if (shop == null) {
            return;
        }
        String text = encode(message);
        long bytes = utf8Length(text);
        List<List<Outgoing>> shares = new ArrayList<>(senders.length);
        for (int i = 0; i < senders.length; i++) {
            shares.add(new ArrayList<>());
        }
        shop.forEach((connection, backlog) -> {
            if (connection != except && charge(connection, backlog, bytes)) {
                shares.get(senderOf(connection)).add(new Outgoing(connection, backlog));
            }
        });
        AtomicInteger unfinished = new AtomicInteger(
                (int) shares.stream().filter(share -> !share.isEmpty()).count());
        for (int i = 0; i < senders.length; i++) {
            List<Outgoing> share = shares.get(i);
            if (!share.isEmpty()) {
                submit(
                        i,
                        () -> {
                            share.forEach(outgoing -> sendNow(outgoing.connection, outgoing.backlog, text, bytes));
                            if (unfinished.decrementAndGet() == 0) {
                                done.accept(System.nanoTime());
                            }
                        },
                        () -> share.forEach(outgoing -> outgoing.backlog.release(bytes)));
            }
        }
    }

    /** A socket a broadcast was charged to. */
    private record Outgoing(Connection connection, UnsentBytes.Backlog backlog) {}

    private void send(Connection connection, Map<String, Object> message) {
        String shopId = connection.principal().shopId();
        Map<Connection, UnsentBytes.Backlog> shop = byShop.get(shopId);
        UnsentBytes.Backlog backlog = shop == null ? null : shop.get(connection);
        String text = encode(message);
        long bytes = utf8Length(text);
        if (backlog != null && charge(connection, backlog, bytes)) {
            submit(senderOf(connection), () -> sendNow(connection, backlog, text, bytes), () -> backlog.release(bytes));
        }
    }

    /** Charges a message to a socket; drops the socket (and says false) if it does not fit. */
    private boolean charge(Connection connection, UnsentBytes.Backlog backlog, long bytes) {
        return switch (backlog.charge(bytes)) {
            case FITS -> true;
            case OVER_BUDGET -> {
                drop(connection, backlog, bytes);
                yield false;
            }
            case STOPPED -> false;
        };
    }

    private void drop(Connection connection, UnsentBytes.Backlog backlog, long bytes) {
        Principal who = connection.principal();
        log.warn(
                "realtime socket of device {} in shop {} dropped: {} bytes unsent, a message of {} more does not fit"
                        + " (budget {} per socket, {} of {} in use on this node); told to resync",
                who.deviceId(),
                who.shopId(),
                backlog.unsent(),
                bytes,
                unsent.perSocket(),
                unsent.total(),
                unsent.perNode());
        try {
            connection.send(RESYNC, () -> {});
        } catch (RuntimeException e) {
            log.debug("resync notice not sent", e);
        }
        closeQuietly(connection, TOO_SLOW, "too slow: unsent messages passed the budget; pull to resync");
    }

    private void submit(int sender, Runnable sending, Runnable notSent) {
        try {
            senders[sender].execute(sending);
        } catch (RejectedExecutionException shuttingDown) {
            notSent.run();
            log.debug("realtime sender stopped; message dropped");
        }
    }

    /** Hands a charged message to the transport, which releases it once written or failed. */
    private static void sendNow(Connection connection, UnsentBytes.Backlog backlog, String text, long bytes) {
        Release release = new Release(backlog, bytes);
        if (backlog.stopped()) {
            release.run(); // dropped or closing since it was queued: nothing more goes out
            return;
        }
        try {
            connection.send(text, release);
        } catch (RuntimeException e) {
            release.run();
            log.debug("socket send failed; the device will catch up by pulling", e);
        }
    }

    /** Releases one message's bytes once, however often the transport reports it. */
    private static final class Release implements Runnable {
        private final AtomicBoolean released = new AtomicBoolean();
        private final UnsentBytes.Backlog backlog;
        private final long bytes;

        Release(UnsentBytes.Backlog backlog, long bytes) {
            this.backlog = backlog;
            this.bytes = bytes;
        }

        @Override
        public void run() {
            if (released.compareAndSet(false, true)) {
                backlog.release(bytes);
            }
        }
    }

    /** The bytes of a string in UTF-8, as the transport sends it, without encoding it. */
    static long utf8Length(String text) {
        long bytes = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x800) {
                bytes += Character.isSurrogate(c) ? 1 : 2; // a surrogate pair is 4 bytes for 2 chars
            } else if (c >= 0x80) {
                bytes += 1;
            }
        }
        return bytes;
    }

    private String encode(Map<String, Object> message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode realtime message", e);
        }
    }
}
