package com.repairsync.server.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message between server nodes: {@code {"t":type,"node":sender,...}} with a shop and cursor
 * ({@code commit}), a device ({@code online}, {@code offline}), sign-ins that ended ({@code ended}:
 * a shop and an employee or a device) or nothing more ({@code hello},
 * {@code state-begin}, {@code state-end}, {@code beat}, {@code bye}).
 */
record ClusterMessage(
        String type, String node, String shop, long seq, String deviceId, Map<String, Object> who, String reason) {

    /** @throws IllegalArgumentException if the text is not such a message */
    static ClusterMessage parse(ObjectMapper json, String text) {
        JsonNode tree;
        try {
            tree = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cluster message is not JSON: " + text, e);
        }
        String type = required(tree, "t", text);
        String node = required(tree, "node", text);
        Map<String, Object> who = new LinkedHashMap<>();
        for (String field : new String[] {"employeeId", "deviceId", "deviceName"}) {
            if (tree.hasNonNull(field)) {
                who.put(field, tree.get(field).asText());
            }
        }
        return new ClusterMessage(
                type,
                node,
                tree.path("shop").asText(null),
                tree.path("seq").asLong(),
                tree.path("deviceId").asText(null),
                who,
                tree.path("reason").asText(null));
    }

    private static String required(JsonNode tree, String field, String text) {
        if (!tree.hasNonNull(field)) {
            throw new IllegalArgumentException("cluster message without " + field + ": " + text);
        }
        return tree.get(field).asText();
    }
}
