package com.repairsync.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who of the shop is online, as the realtime socket last said, and the app's presence listeners.
 * Called on the transport thread; listeners must not block.
 */
final class PresenceBoard {
    private static final Logger log = LoggerFactory.getLogger(RepairSyncDevice.class);

    private final List<Consumer<Presence>> listeners = new CopyOnWriteArrayList<>();
    private volatile List<Presence.OnlineDevice> online = List.of();

    /** Devices online now (empty while the socket is closed). */
    List<Presence.OnlineDevice> online() {
        return online;
    }

    void addListener(Consumer<Presence> listener) {
        listeners.add(listener);
    }

    /**
     * A presence message from the socket: a snapshot, one change (online, offline, acting), or a
     * batch of changes (wire version 7: {@code "event":"changes"}), which listeners hear one change
     * at a time, in order, as a server before batches would have told them.
     */
    void heard(JsonNode message) {
        if (!"changes".equals(message.path("event").asText(""))) {
            update(Presences.apply(online, message));
            return;
        }
        for (JsonNode change : message.path("changes")) {
            String event = change.path("event").asText("");
            if (!event.equals("snapshot") && !event.equals("changes")) { // a batch holds changes only
                update(Presences.apply(online, change));
            }
        }
    }

    /** The socket closed or the device signed out: nobody is known to be online. */
    void disconnected() {
        update(new Presence("disconnected", null, List.of()));
    }

    private void update(Presence presence) {
        if (presence == null) {
            return;
        }
        online = presence.online();
        for (Consumer<Presence> listener : listeners) {
            try {
                listener.accept(presence);
            } catch (RuntimeException e) {
                log.warn("presence listener failed", e);
            }
        }
    }
}
