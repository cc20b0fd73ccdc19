package com.repairsync.server.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.protocol.NamedThreads;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's voice on the {@link ClusterLink}: builds the messages it publishes (each naming the
 * node) and says it is alive every {@link #HEARTBEAT}. A single node ({@link ClusterLink#NONE})
 * publishes nothing and has no heartbeat.
 */
final class ClusterRelay {
    private static final Logger log = LoggerFactory.getLogger(ClusterRelay.class);

    /** How often a node says it is alive, and after how many silent beats it is presumed dead. */
    static final Duration HEARTBEAT = Duration.ofSeconds(5);

    static final int MISSED_BEATS = 3;

    private final ObjectMapper json;
    private final String node;
    private final ClusterLink cluster;
    private ScheduledExecutorService heart;

    ClusterRelay(ObjectMapper json, String node, ClusterLink cluster) {
        this.json = json;
        this.node = node;
        this.cluster = cluster;
    }

    /** This node's name among the others. */
    String node() {
        return node;
    }

    /** Publishes a beat every {@link #HEARTBEAT} and runs {@code afterBeat} after each (no-op for one node). */
    void startHeartbeat(Runnable afterBeat) {
        if (cluster == ClusterLink.NONE) {
            return;
        }
        heart = Executors.newSingleThreadScheduledExecutor(NamedThreads.daemon("realtime-heartbeat"));
        long period = HEARTBEAT.toMillis();
        heart.scheduleAtFixedRate(
                () -> {
                    try {
                        publish(message("beat"));
                        afterBeat.run();
                    } catch (RuntimeException e) {
                        log.warn("realtime heartbeat failed", e);
                    }
                },
                period,
                period,
                TimeUnit.MILLISECONDS);
    }

    /** Stops the heartbeat, for shutdown. */
    void stopHeartbeat() {
        if (heart != null) {
            heart.shutdownNow();
        }
    }

    /** A message of this node: its type ({@code t}), the node, then the given name/value pairs. */
    Map<String, Object> message(String type, Object... pairs) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("t", type);
        message.put("node", node);
        for (int i = 0; i < pairs.length; i += 2) {
            message.put((String) pairs[i], pairs[i + 1]);
        }
        return message;
    }

    /** A device online here with the employee acting on it. */
    Map<String, Object> online(String shopId, Map<String, Object> who) {
        Map<String, Object> message = message("online", "shop", shopId);
        message.putAll(who);
        return message;
    }

    void publish(Map<String, Object> message) {
        if (cluster != ClusterLink.NONE) {
            cluster.publish(encode(json, message));
        }
    }

    /** A realtime message as JSON text. */
    static String encode(ObjectMapper json, Map<String, Object> message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode realtime message", e);
        }
    }
}
