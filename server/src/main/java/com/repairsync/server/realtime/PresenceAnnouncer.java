package com.repairsync.server.realtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.server.realtime.RealtimeHub.Connection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Tells a shop's sockets on this node that a device came, went or has another employee acting on
 * it: a device of wire version {@link RealtimeHub#PRESENCE_BATCHES_SINCE} or later in the shop's
 * next batch ({@link PresenceBatches}), as one {@code {"type":"presence","event":"changes"}}
 * message; an older device at once, as its own event, exactly as before batches.
 */
final class PresenceAnnouncer {
    private final ObjectMapper json;
    private final ShopSockets sockets;
    private final SocketSenders senders;
    private final PresenceBatches.Timer timer;
    private final PresenceBatches batches;

    PresenceAnnouncer(ObjectMapper json, ShopSockets sockets, SocketSenders senders, PresenceBatches.Timer timer) {
        this.json = json;
        this.sockets = sockets;
        this.senders = senders;
        this.timer = timer;
        this.batches = new PresenceBatches(timer, this::announceBatch);
    }

    /**
     * Announces a change: older devices hear it now (every socket but {@code except}, which may be
     * null), the others in the shop's next batch.
     *
     * @param event {@code online}, {@code offline} or {@code acting}
     */
    void changed(String shopId, String event, Map<String, Object> who, Connection except) {
        Map<Connection, UnsentBytes.Backlog> older = socketsOf(shopId, false);
        older.remove(except);
        if (!older.isEmpty()) {
            senders.broadcast(older, ClusterRelay.encode(json, Presence.event(event, who)), null, finished -> {});
        }
        batches.add(shopId, event, who);
    }

    /** Runs {@code work} (a new socket's snapshot) while no batch of the shop is handed over. */
    <T> T whileHeld(String shopId, Supplier<T> work) {
        return batches.whileHeld(shopId, work);
    }

    /** Stops the batches' timer, for shutdown. */
    void stop() {
        timer.stop();
    }

    private void announceBatch(String shopId, List<Map<String, Object>> changes) {
        Map<Connection, UnsentBytes.Backlog> batched = socketsOf(shopId, true);
        if (!batched.isEmpty()) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("type", "presence");
            message.put("event", "changes");
            message.put("changes", changes);
            senders.broadcast(batched, ClusterRelay.encode(json, message), null, finished -> {});
        }
    }

    /** The shop's sockets whose devices hear presence in batches, or those that do not. */
    private Map<Connection, UnsentBytes.Backlog> socketsOf(String shopId, boolean batched) {
        Map<Connection, UnsentBytes.Backlog> chosen = new HashMap<>();
        sockets.of(shopId).forEach((connection, backlog) -> {
            if ((connection.wireVersion() >= RealtimeHub.PRESENCE_BATCHES_SINCE) == batched) {
                chosen.put(connection, backlog);
            }
        });
        return chosen;
    }
}
