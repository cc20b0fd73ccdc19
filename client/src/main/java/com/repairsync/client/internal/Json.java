package com.repairsync.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.repairsync.protocol.WireInstant;
import java.time.Instant;
import java.util.Map;

/** JSON of the device: records and outbox payloads are stored as their wire JSON. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {}

    public static String write(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode JSON", e);
        }
    }

    public static ObjectNode object(String text) {
        return text == null ? null : (ObjectNode) tree(text);
    }

    public static JsonNode tree(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON in the device database: " + e.getMessage(), e);
        }
    }

    /** The wire JSON of a canonical field value (String, Long, Boolean, Instant or null). */
    public static JsonNode wire(Object value) {
        return value instanceof Instant instant
                ? MAPPER.valueToTree(WireInstant.format(instant))
                : MAPPER.valueToTree(value);
    }

    /** An object of canonical values in wire form. */
    public static ObjectNode wireObject(Map<String, Object> values) {
        ObjectNode node = MAPPER.createObjectNode();
        values.forEach((name, value) -> node.set(name, wire(value)));
        return node;
    }
}
