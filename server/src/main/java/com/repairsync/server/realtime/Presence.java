package com.repairsync.server.realtime;

import com.repairsync.server.auth.Principal;
import com.repairsync.server.realtime.RealtimeHub.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is online in a shop, on which device, and who acts on it: the devices with a socket here,
 * the employee each one last said acts on it, and the devices online at other nodes ({@link
 * RemotePresence}). A device online both here and elsewhere comes and goes once.
 */
final class Presence {
    private final ShopSockets sockets;
    private final RemotePresence remote;
    /** Tells a shop's sockets here a presence change (the hub: old devices at once, others batched). */
    private final Announce tellShop;
    /** The employee acting on a device online here ("shop/device"), when it said one. */
    private final Map<String, String> actingOn = new ConcurrentHashMap<>();

    /** Tells a shop's sockets here that a device came, went or has another employee acting on it. */
    @FunctionalInterface
    interface Announce {
        void announce(String shopId, String event, Map<String, Object> who);
    }

    Presence(ShopSockets sockets, RemotePresence remote, Announce tellShop) {
        this.sockets = sockets;
        this.remote = remote;
        this.tellShop = tellShop;
    }

    RemotePresence remote() {
        return remote;
    }

    /**
     * Records who acts on a connection's device now.
     *
     * @return whether that is someone else than before (the sign-in's employee when none was said)
     */
    boolean acting(Connection connection, String employeeId) {
        Principal principal = connection.principal();
        String before = actingOn.put(key(principal), employeeId);
        return !employeeId.equals(before != null ? before : principal.employeeId());
    }

    /** Forgets who acted on a device whose last socket here closed. */
    void offline(String shopId, String deviceId) {
        actingOn.remove(shopId + "/" + deviceId);
    }

    /** The device of a socket and who acts on it: employeeId, deviceId, deviceName. */
    Map<String, Object> who(Connection connection) {
        Principal principal = connection.principal();
        Map<String, Object> who = new LinkedHashMap<>();
        who.put("employeeId", actingOn.getOrDefault(key(principal), principal.employeeId()));
        who.put("deviceId", principal.deviceId());
        who.put("deviceName", connection.deviceName());
        return who;
    }

    /** Every device of the shop online here or at another node, once each. */
    List<Map<String, Object>> onlineDevices(String shopId) {
        Map<String, Map<String, Object>> byDevice = new LinkedHashMap<>();
        sockets.of(shopId)
                .keySet()
                .forEach(c -> byDevice.putIfAbsent(c.principal().deviceId(), who(c)));
        remote.online(shopId).forEach(who -> byDevice.putIfAbsent((String) who.get("deviceId"), who));
        return new ArrayList<>(byDevice.values());
    }

    /** A device online at another node, new there or with another employee acting on it. */
    void remoteOnline(RemotePresence.Entry entry) {
        boolean known =
                remote.isOnline(entry.shopId(), entry.deviceId()) || sockets.isOnline(entry.shopId(), entry.deviceId());
        RemotePresence.Entry before = remote.add(entry);
        if (!known) {
            tellShop.announce(entry.shopId(), "online", entry.who());
        } else if (before != null
                && !Objects.equals(before.who().get("employeeId"), entry.who().get("employeeId"))) {
            tellShop.announce(entry.shopId(), "acting", entry.who());
        }
    }

    /** A device gone from another node: offline unless it is still online somewhere. */
    void remoteOffline(RemotePresence.Entry removed) {
        if (removed != null
                && !remote.isOnline(removed.shopId(), removed.deviceId())
                && !sockets.isOnline(removed.shopId(), removed.deviceId())) {
            tellShop.announce(removed.shopId(), "offline", removed.who());
        }
    }

    /** A presence message for devices: {@code {"type":"presence","event":...}} and who. */
    static Map<String, Object> event(String event, Map<String, Object> who) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "presence");
        message.put("event", event);
        message.putAll(who);
        return message;
    }

    private static String key(Principal principal) {
        return principal.shopId() + "/" + principal.deviceId();
    }
}
