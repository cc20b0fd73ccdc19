package com.repairsync.server.realtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The devices online at other server nodes, as those nodes announced them, by node.
 *
 * <p>A node that stops announcing itself is presumed dead after a timeout and its devices are
 * taken offline. A node that asks for a resync marks its old entries stale, re-announces the live
 * ones and then sweeps the rest, so entries it missed the offline of do not linger.
 */
final class RemotePresence {
    /** One device of a shop online at another node. */
    record Entry(String node, String shopId, String deviceId, Map<String, Object> who) {}

    private final long timeoutNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Long> lastHeard = new HashMap<>();
    private final Map<String, Map<String, Entry>> byNode = new HashMap<>();
    private final Map<String, Set<String>> stale = new HashMap<>();

    RemotePresence(long timeoutNanos, LongSupplier nanoTime) {
        this.timeoutNanos = timeoutNanos;
        this.nanoTime = nanoTime;
    }

    private static String key(String shopId, String deviceId) {
        return shopId + "/" + deviceId;
    }

    synchronized void heard(String node) {
        lastHeard.put(node, nanoTime.getAsLong());
    }

    /** Records a device online at a node (or who acts on it now); the entry it replaced, or null. */
    synchronized Entry add(Entry entry) {
        String key = key(entry.shopId(), entry.deviceId());
        Entry before =
                byNode.computeIfAbsent(entry.node(), n -> new HashMap<>()).put(key, entry);
        Set<String> staleKeys = stale.get(entry.node());
        if (staleKeys != null) {
            staleKeys.remove(key);
        }
        return before;
    }

    /** Removes a device of a node; the removed entry, or null if it was not there. */
    synchronized Entry remove(String node, String shopId, String deviceId) {
        Map<String, Entry> entries = byNode.get(node);
        return entries == null ? null : entries.remove(key(shopId, deviceId));
    }

    /** Starts a resync of a node: its current entries go unless re-announced before {@link #sweep}. */
    synchronized void markStale(String node) {
        stale.put(node, new HashSet<>(byNode.getOrDefault(node, Map.of()).keySet()));
    }

    /** Ends a resync: removes the node's entries it did not re-announce. */
    synchronized List<Entry> sweep(String node) {
        Set<String> staleKeys = stale.remove(node);
        List<Entry> removed = new ArrayList<>();
        Map<String, Entry> entries = byNode.get(node);
        if (staleKeys != null && entries != null) {
            staleKeys.forEach(key -> {
                Entry entry = entries.remove(key);
                if (entry != null) {
                    removed.add(entry);
                }
            });
        }
        return removed;
    }

    /** Forgets a node that said goodbye; its entries. */
    synchronized List<Entry> drop(String node) {
        lastHeard.remove(node);
        stale.remove(node);
        Map<String, Entry> entries = byNode.remove(node);
        return entries == null ? List.of() : new ArrayList<>(entries.values());
    }

    /** Forgets nodes not heard from within the timeout; their entries. */
    synchronized List<Entry> expire() {
        long now = nanoTime.getAsLong();
        List<String> silent = lastHeard.entrySet().stream()
                .filter(e -> now - e.getValue() > timeoutNanos)
                .map(Map.Entry::getKey)
                .toList();
        List<Entry> removed = new ArrayList<>();
        silent.forEach(node -> removed.addAll(drop(node)));
        return removed;
    }

    synchronized boolean isOnline(String shopId, String deviceId) {
        String key = key(shopId, deviceId);
        return byNode.values().stream().anyMatch(entries -> entries.containsKey(key));
    }

    /** Who is online in a shop at other nodes, one entry per device. */
    synchronized List<Map<String, Object>> online(String shopId) {
        Map<String, Map<String, Object>> byDevice = new HashMap<>();
        byNode.values().forEach(entries -> entries.values().stream()
                .filter(entry -> entry.shopId().equals(shopId))
                .forEach(entry -> byDevice.putIfAbsent(entry.deviceId(), entry.who())));
        return new ArrayList<>(byDevice.values());
    }
}
