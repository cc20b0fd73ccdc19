package com.repairsync.protocol;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The namespace of a shop's own fields' values (wire version 8). On the wire they travel in the
 * record's {@code custom} member, an object by field name, so they never collide with a built-in
 * field: {@code "custom": {"accessories": "charger, case"}}. An upsert's {@code custom} names only
 * the values it sets (null clears one). Inside a record's state, its field HLCs and its history
 * each value is a field of its own, keyed {@code custom.<name>}, and merges as one.
 */
public final class CustomValues {
    /** The record member holding the custom values. */
    public static final String MEMBER = "custom";
    /** The prefix of a custom value's key in a record's state, field HLCs and history. */
    public static final String PREFIX = "custom.";

    private CustomValues() {}

    /** The state key of the custom field {@code name}: {@code custom.<name>}. */
    public static String key(String name) {
        return PREFIX + name;
    }

    /** Whether a state key is a custom value's. */
    public static boolean isKey(String key) {
        return key.startsWith(PREFIX);
    }

    /** The field name of a custom value's state key. */
    public static String nameOf(String key) {
        if (!isKey(key)) {
            throw new IllegalArgumentException(key + " is not a custom value's key");
        }
        return key.substring(PREFIX.length());
    }

    /**
     * The {@code custom} member of the custom values among {@code state} (keys {@code custom.<name>},
     * canonical values: String, Long, Boolean); other keys and null values are left out.
     */
    public static ObjectNode toWire(Map<String, Object> state) {
        ObjectNode custom = JsonNodeFactory.instance.objectNode();
        state.forEach((key, value) -> {
            if (!isKey(key) || value == null) {
                return;
            }
            String name = nameOf(key);
            if (value instanceof Long number) {
                custom.put(name, number);
            } else if (value instanceof Boolean bool) {
                custom.put(name, bool);
            } else {
                custom.put(name, value.toString());
            }
        });
        return custom;
    }
}
