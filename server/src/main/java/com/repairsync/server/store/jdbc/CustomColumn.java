package com.repairsync.server.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.CustomValues;
import com.repairsync.protocol.JsonMappers;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code custom} column of the tables of entities that take custom fields: every custom value
 * of the record as one JSON object by field name, in name order, null values left out; exactly the
 * {@code custom} member of the record's wire JSON, so a pull splices it in as it is. In a {@link
 * com.repairsync.protocol.merge.RecordState} the same values are keyed {@code custom.<name>}.
 */
final class CustomColumn {
    static final String COLUMN = "custom";
    static final String EMPTY = "{}";

    private static final ObjectMapper JSON = JsonMappers.shared();

    private CustomColumn() {}

    /** The column's text for a record's values: its {@code custom.*} keys, by name. */
    static String write(Map<String, Object> values) {
        TreeMap<String, Object> custom = null;
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            if (entry.getValue() != null && CustomValues.isKey(entry.getKey())) {
                if (custom == null) {
                    custom = new TreeMap<>();
                }
                custom.put(CustomValues.nameOf(entry.getKey()), entry.getValue());
            }
        }
        if (custom == null) {
            return EMPTY;
        }
        try {
            return JSON.writeValueAsString(custom);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("custom values are strings, numbers and booleans", e);
        }
    }

    /** Adds the column's values to {@code values}, keyed {@code custom.<name>}. */
    static void read(String text, Map<String, Object> values) {
        if (text == null || text.equals(EMPTY)) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> entries = parse(text).fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            JsonNode value = entry.getValue();
            Object canonical;
            if (value.isIntegralNumber()) {
                canonical = value.longValue();
            } else if (value.isBoolean()) {
                canonical = value.booleanValue();
            } else if (value.isTextual()) {
                canonical = value.textValue();
            } else {
                continue; // null, or nothing a custom value is
            }
            values.put(CustomValues.key(entry.getKey()), canonical);
        }
    }

    /** The column's text without the values of the {@code hidden} fields. */
    static String without(String text, Set<String> hidden) {
        if (hidden.isEmpty() || text == null || text.equals(EMPTY)) {
            return text == null ? EMPTY : text;
        }
        // A name is a key as "name": (names are letters and digits, never escaped): a record without
        // a value of a hidden field is spliced as it is, unparsed.
        if (hidden.stream().noneMatch(name -> text.contains("\"" + name + "\":"))) {
            return text;
        }
        ObjectNode custom = parse(text);
        custom.remove(hidden);
        return custom.toString();
    }

    /**
     * A record's JSON with the {@code custom} member appended, as the last member. The record's JSON
     * is an object the database rendered, so it ends with its closing brace.
     */
    static String splice(String recordJson, String custom) {
        int end = recordJson.lastIndexOf('}');
        return recordJson.substring(0, end) + ",\"" + COLUMN + "\":" + custom + "}";
    }

    private static ObjectNode parse(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            // refused below, without quoting values
        }
        throw new IllegalStateException("a custom column holds no JSON object (" + text.length() + " characters)");
    }
}
