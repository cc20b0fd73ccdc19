package com.repairsync.bench.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;

/** Folds presence messages into the set of device ids online, as the SDK's presence board does. */
final class PresenceFold {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PresenceFold() {}

    /** Applies one presence message (snapshot, single event or a batch of changes) to {@code online}. */
    static void apply(Set<String> online, String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("presence message is not JSON: " + text, e);
        }
        synchronized (online) {
            switch (message.path("event").asText()) {
                case "snapshot" -> {
                    online.clear();
                    message.path("online")
                            .forEach(who -> online.add(who.path("deviceId").asText()));
                }
                case "changes" -> message.path("changes").forEach(change -> applyOne(online, change));
                default -> applyOne(online, message);
            }
        }
    }

    private static void applyOne(Set<String> online, JsonNode change) {
        String deviceId = change.path("deviceId").asText();
        switch (change.path("event").asText()) {
            case "online", "acting" -> online.add(deviceId);
            case "offline" -> online.remove(deviceId);
            default -> {
                // an event newer than this fold: ignored, as a device ignores it
            }
        }
    }
}
