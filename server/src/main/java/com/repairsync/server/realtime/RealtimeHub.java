package com.repairsync.server.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.sync.CommitListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shops' open sockets. After a commit each socket of that shop gets {@code {"type":"cursor"}};
 * when a device's first socket opens or its last one closes, the shop hears a presence event.
 *
 * <p>Messages go out from one sender thread, so a slow socket never delays a push response.
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

    private final ObjectMapper json;
    private final Map<String, Set<Connection>> byShop = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "realtime-sender");
        thread.setDaemon(true);
        return thread;
    });

    public RealtimeHub(ObjectMapper json) {
        this.json = json;
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
        send(connection, Map.of("type", "presence", "event", "snapshot", "online", online(shop)));
        if (firstOfDevice) {
            broadcast(shopId, presence("online", connection), connection);
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
        if (devicesOnline(shop, connection.principal().deviceId()) == 0) {
            broadcast(shopId, presence("offline", connection), null);
        }
    }

    @Override
    public void committed(String shopId, long cursor) {
        broadcast(shopId, Map.of("type", "cursor", "cursor", cursor), null);
    }

    /** Number of open sockets, for metrics. */
    public int openSockets() {
        return open.get();
    }

    /** Closes every socket with a reason, for shutdown, and stops the sender. */
    public void closeAll(int status, String reason) {
        byShop.values()
                .forEach(shop -> shop.forEach(connection -> {
                    try {
                        connection.close(status, reason);
                    } catch (RuntimeException e) {
                        log.debug("closing socket failed", e);
                    }
                }));
        sender.shutdown();
        try {
            sender.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long devicesOnline(Set<Connection> shop, String deviceId) {
        return shop.stream()
                .filter(c -> c.principal().deviceId().equals(deviceId))
                .count();
    }

    private static List<Map<String, Object>> online(Set<Connection> shop) {
        Map<String, Map<String, Object>> byDevice = new LinkedHashMap<>();
        shop.forEach(c -> byDevice.putIfAbsent(c.principal().deviceId(), who(c)));
        return new ArrayList<>(byDevice.values());
    }

    private static Map<String, Object> who(Connection connection) {
        Map<String, Object> who = new LinkedHashMap<>();
        who.put("employeeId", connection.principal().employeeId());
        who.put("deviceId", connection.principal().deviceId());
        who.put("deviceName", connection.deviceName());
        return who;
    }

    private static Map<String, Object> presence(String event, Connection connection) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "presence");
        message.put("event", event);
        message.putAll(who(connection));
        return message;
    }

    private void broadcast(String shopId, Map<String, Object> message, Connection except) {
        Set<Connection> shop = byShop.get(shopId);
        if (shop == null) {
            return;
        }
        String text = encode(message);
        for (Connection connection : shop) {
            if (connection != except) {
                sendText(connection, text);
            }
        }
    }

    private void send(Connection connection, Map<String, Object> message) {
        sendText(connection, encode(message));
    }

    private void sendText(Connection connection, String text) {
        try {
            sender.execute(() -> {
                try {
                    connection.send(text);
                } catch (RuntimeException e) {
                    log.debug("socket send failed; the device will catch up by pulling", e);
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            log.debug("realtime sender stopped; message dropped");
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
