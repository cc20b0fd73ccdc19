package com.repairsync.server.realtime;

import com.repairsync.server.realtime.RealtimeHub.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/** The sockets open on this node, by shop, each with its account of unsent bytes. */
final class ShopSockets {
    private final Map<String, Map<Connection, UnsentBytes.Backlog>> byShop = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();

    /**
     * Registers a socket.
     *
     * @return whether it is its device's first socket here
     */
    boolean add(Connection connection, UnsentBytes.Backlog backlog) {
        String shopId = connection.principal().shopId();
        Map<Connection, UnsentBytes.Backlog> shop = byShop.computeIfAbsent(shopId, id -> new ConcurrentHashMap<>());
        boolean firstOfDevice = devicesOnline(shop, connection.principal().deviceId()) == 0;
        shop.put(connection, backlog);
        open.incrementAndGet();
        return firstOfDevice;
    }

    /** Unregisters a socket; its account, or null if it was not registered (closed twice). */
    UnsentBytes.Backlog remove(Connection connection) {
        Map<Connection, UnsentBytes.Backlog> shop =
                byShop.get(connection.principal().shopId());
        UnsentBytes.Backlog backlog = shop == null ? null : shop.remove(connection);
        if (backlog != null) {
            open.decrementAndGet();
        }
        return backlog;
    }

    /** A registered socket's account, or null once it is closed. */
    UnsentBytes.Backlog backlog(Connection connection) {
        Map<Connection, UnsentBytes.Backlog> shop =
                byShop.get(connection.principal().shopId());
        return shop == null ? null : shop.get(connection);
    }

    /** The open sockets of a shop with their accounts; empty when it has none. */
    Map<Connection, UnsentBytes.Backlog> of(String shopId) {
        return byShop.getOrDefault(shopId, Map.of());
    }

    /** Whether a device of the shop has a socket open here. */
    boolean isOnline(String shopId, String deviceId) {
        return devicesOnline(of(shopId), deviceId) > 0;
    }

    /** One socket of each device online here, per shop, in the order the sockets are held. */
    void forEachDevice(BiConsumer<String, Connection> each) {
        byShop.forEach((shopId, shop) -> {
            Map<String, Connection> byDevice = new LinkedHashMap<>();
            shop.keySet().forEach(c -> byDevice.putIfAbsent(c.principal().deviceId(), c));
            byDevice.values().forEach(connection -> each.accept(shopId, connection));
        });
    }

    /** Every open socket with its account. */
    void forEach(BiConsumer<Connection, UnsentBytes.Backlog> each) {
        byShop.values().forEach(shop -> shop.forEach(each));
    }

    /** Number of open sockets. */
    int open() {
        return open.get();
    }

    private static long devicesOnline(Map<Connection, UnsentBytes.Backlog> shop, String deviceId) {
        return shop.keySet().stream()
                .filter(c -> c.principal().deviceId().equals(deviceId))
                .count();
    }
}
