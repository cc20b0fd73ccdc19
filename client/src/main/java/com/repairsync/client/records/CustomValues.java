package com.repairsync.client.records;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The values of a shop's own fields on a record ({@link CustomFields}, wire version 8), by field
 * name, as this device holds them: only those the acting role may see, and none for a field without
 * a value. Values are in canonical Java form: text, a choice and a date ({@code 2027-03-01}) as
 * String, a number and money (cents) as Long, yes/no as Boolean. A field this device does not know
 * (declared on a newer server) is kept as its JSON text.
 */
public final class CustomValues {
    /** No custom values. */
    public static final CustomValues NONE = new CustomValues(Map.of());

    private final Map<String, Object> values;

    private CustomValues(Map<String, Object> values) {
        this.values = values;
    }

    /** The values of a record's {@code custom} member; none for a missing or malformed one. */
    @JsonCreator
    static CustomValues fromJson(JsonNode member) {
        if (member == null || !member.isObject() || member.isEmpty()) {
            return NONE;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = member.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            Object value = canonical(field.getValue());
            if (value != null) {
                values.put(field.getKey(), value);
            }
        }
        return new CustomValues(Collections.unmodifiableMap(values));
    }

    private static Object canonical(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isIntegralNumber()) {
            return value.longValue();
        }
        return value.toString();
    }

    /** The value of a field, or null when it has none. */
    public Object get(String name) {
        return values.get(name);
    }

    /** The value of a field as text (a number or yes/no written out), if it has one. */
    public Optional<String> text(String name) {
        return Optional.ofNullable(values.get(name)).map(String::valueOf);
    }

    /** The value of a number or money field, if it has one. */
    public Optional<Long> number(String name) {
        return values.get(name) instanceof Long number ? Optional.of(number) : Optional.empty();
    }

    /** The value of a yes/no field, if it has one. */
    public Optional<Boolean> yesNo(String name) {
        return values.get(name) instanceof Boolean yes ? Optional.of(yes) : Optional.empty();
    }

    /** Whether the field has a value. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** Every value, by field name (unmodifiable). */
    @JsonValue
    public Map<String, Object> asMap() {
        return values;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CustomValues that && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
