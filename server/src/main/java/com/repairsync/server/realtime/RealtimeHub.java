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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shops' open sockets. After a commit each socket of that shop gets {@code {"type":"cursor"}}
 * or, for a small commit, {@code {"type":"changes"}} with the changed records;
 * when a device's first socket opens or its last one closes, the shop hears a presence event.
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
 */
public final class RealtimeHub implements CommitListener {
    private static final Logger log = LoggerFactory.getLogger(RealtimeHub.class);

    /** One open socket; the transport behind it is the HTTP layer's. */
    public interface Connection {
        Principal principal();

        String deviceName();

        void send(String text);

        void close(int status, String reason);
    }

    /** How often a node says it is alive, and after how many silent beats it is presumed dead. */
    static final Duration HEARTBEAT = Duration.ofSeconds(5);

    static final int MISSED_BEATS = 3;

    private final ObjectMapper json;
    private final String node;
    private final ClusterLink cluster;
    private final RemotePresence remote;
    private final ScheduledExecutorService heart;
    private final Map<String, Set<Connection>> byShop = new ConcurrentHashMap<>();
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

    /** A hub for a single node. */
    public RealtimeHub(ObjectMapper json) {
        this(json, "local", ClusterLink.NONE);
    }

    /** A hub for one node of several, which reach each other through the link. */
    public RealtimeHub(ObjectMapper json, String node, ClusterLink cluster) {
        this.json = json;
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
        Set<Connection> shop = byShop.computeIfAbsent(shopId, id -> ConcurrentHashMap.newKeySet());
        boolean firstOfDevice = devicesOnline(shop, connection.principal().deviceId()) == 0;
        shop.add(connection);
        open.incrementAndGet();
        send(connection, Map.of("type", "cursor", "cursor", cursor.getAsLong()));
        send(connection, Map.of("type", "presence", "event", "snapshot", "online", online(shopId, shop)));
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
        Set<Connection> shop = byShop.get(shopId);
        if (shop == null || !shop.remove(connection)) {
            return;
        }
        open.decrementAndGet();
        String deviceId = connection.principal().deviceId();
        if (devicesOnline(shop, deviceId) == 0) {
            publish(message("offline", "shop", shopId, "deviceId", deviceId));
            if (!remote.isOnline(shopId, deviceId)) {
                broadcast(shopId, presence("offline", who(connection)), null);
            }
        }
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

    private void remoteOnline(RemotePresence.Entry entry) {
        boolean known = remote.isOnline(entry.shopId(), entry.deviceId()) || isLocal(entry.shopId(), entry.deviceId());
        remote.add(entry);
        if (!known) {
            broadcast(entry.shopId(), presence("online", entry.who()), null);
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
        Set<Connection> shop = byShop.get(shopId);
        return shop != null && devicesOnline(shop, deviceId) > 0;
    }

    /** Publishes every device online here, replacing what the other nodes knew of this node. */
    private void announcePresence() {
        publish(message("state-begin"));
        byShop.forEach((shopId, shop) -> {
            Map<String, Map<String, Object>> byDevice = new LinkedHashMap<>();
            shop.forEach(c -> byDevice.putIfAbsent(c.principal().deviceId(), who(c)));
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

    /**
     * Closes this node's open sockets of a shop whose principal matches, at once.
     *
     * @return how many were closed
     */
    public int closeSockets(String shopId, Predicate<Principal> which, int status, String reason) {
        Set<Connection> shop = byShop.get(shopId);
        if (shop == null) {
            return 0;
        }
        int closed = 0;
        for (Connection connection : List.copyOf(shop)) {
            if (which.test(connection.principal())) {
                try {
                    connection.close(status, reason);
                } catch (RuntimeException e) {
                    log.debug("closing socket failed", e);
                }
                closed++;
            }
        }
        return closed;
    }

    /** Number of open sockets, for metrics. */
    public int openSockets() {
        return open.get();
    }

    /** Closes every socket with a reason, for shutdown, and stops the senders. */
    public void closeAll(int status, String reason) {
        if (heart != null) {
            heart.shutdownNow();
        }
        byShop.values()
                .forEach(shop -> shop.forEach(connection -> {
                    try {
                        connection.close(status, reason);
                    } catch (RuntimeException e) {
                        log.debug("closing socket failed", e);
                    }
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

    private static long devicesOnline(Set<Connection> shop, String deviceId) {
        return shop.stream()
                .filter(c -> c.principal().deviceId().equals(deviceId))
                .count();
    }

    private List<Map<String, Object>> online(String shopId, Set<Connection> shop) {
        Map<String, Map<String, Object>> byDevice = new LinkedHashMap<>();
        shop.forEach(c -> byDevice.putIfAbsent(c.principal().deviceId(), who(c)));
        remote.online(shopId).forEach(who -> byDevice.putIfAbsent((String) who.get("deviceId"), who));
        return new ArrayList<>(byDevice.values());
    }

    private static Map<String, Object> who(Connection connection) {
        Map<String, Object> who = new LinkedHashMap<>();
        who.put("employeeId", connection.principal().employeeId());
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

    /** Sends to every socket of the shop but {@code except}; {@code done} gets the nanoTime the last share ended. */
    private void broadcast(String shopId, Map<String, Object> message, Connection except, LongConsumer done) {
        Set<Connection> shop = byShop.get(shopId);
        if (shop == null) {
            return;
        }
        String text = encode(message);
        List<List<Connection>> shares = new ArrayList<>(senders.length);
        for (int i = 0; i < senders.length; i++) {
            shares.add(new ArrayList<>());
        }
        for (Connection connection : shop) {
            if (connection != except) {
                shares.get(senderOf(connection)).add(connection);
            }
        }
        AtomicInteger unfinished = new AtomicInteger(
                (int) shares.stream().filter(share -> !share.isEmpty()).count());
        for (int i = 0; i < senders.length; i++) {
            List<Connection> share = shares.get(i);
            if (!share.isEmpty()) {
                submit(i, () -> {
                    share.forEach(connection -> sendNow(connection, text));
                    if (unfinished.decrementAndGet() == 0) {
                        done.accept(System.nanoTime());
                    }
                });
            }
        }
    }

    private void send(Connection connection, Map<String, Object> message) {
        String text = encode(message);
        submit(senderOf(connection), () -> sendNow(connection, text));
    }

    private void submit(int sender, Runnable sending) {
        try {
            senders[sender].execute(sending);
        } catch (RejectedExecutionException shuttingDown) {
            log.debug("realtime sender stopped; message dropped");
        }
    }

    private static void sendNow(Connection connection, String text) {
        try {
            connection.send(text);
        } catch (RuntimeException e) {
            log.debug("socket send failed; the device will catch up by pulling", e);
        }
    }

    private String encode(Map<String, Object> message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode realtime message", e);
        }
    }
}
