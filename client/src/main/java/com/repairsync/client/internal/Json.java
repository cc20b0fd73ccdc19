package com.repairsync.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.repairsync.protocol.CustomValues;
import com.repairsync.protocol.JsonMappers;
import com.repairsync.protocol.WireInstant;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/** JSON of the device: records and outbox payloads are stored as their wire JSON. */
public final class Json {
    /**
     * The wire mapper with java.time support, for the record classes ({@code Instant}
     * fields). Instants it writes keep Jackson's default form; wire values are formatted by
     * {@link WireInstant} before they reach it ({@link #wire}).
     */
    public static final ObjectMapper MAPPER = JsonMappers.wire().registerModule(new JavaTimeModule());

    private Json() {}

    public static String write(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof ObjectNode record) {
            String flat = writeFlat(record);
            if (flat != null) {
                return flat;
            }
        }
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode JSON", e);
        }
    }

    /**
     * The same text Jackson writes for an object whose values are all strings, whole numbers,
     * booleans or nulls (every record and mutation payload), written directly: the generic
     * writer was a quarter of storing a pulled page. Null for any other object.
     */
    static String writeFlat(ObjectNode object) {
        StringBuilder text = new StringBuilder(32 + object.size() * 40);
        text.append('{');
        boolean first = true;
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (!first) {
                text.append(',');
            }
            first = false;
            quote(text, field.getKey());
            text.append(':');
            switch (value.getNodeType()) {
                case STRING -> quote(text, value.textValue());
                case BOOLEAN -> text.append(value.booleanValue());
                case NULL -> text.append("null");
                case NUMBER -> {
                    if (!value.isIntegralNumber() || value.isBigInteger()) {
                        return null;
                    }
                    text.append(value.longValue());
                }
                default -> {
                    return null;
                }
            }
        }
        return text.append('}').toString();
    }

    /**
     * Appends a JSON string. Nearly every value needs no escape, and appending it whole is about
     * twice as fast as Jackson's character-by-character encoder, which takes over from the first
     * character that needs one (a control character, a quote or a backslash, as Jackson escapes).
     */
    private static void quote(StringBuilder text, String value) {
        text.append('"');
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                text.append(value, 0, i);
                JsonStringEncoder.getInstance().quoteAsString(value.substring(i), text);
                text.append('"');
                return;
            }
        }
        text.append(value).append('"');
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

    /**
     * An object of canonical values in wire form; custom values (keys {@code custom.<name>}) go into
     * the {@code custom} member by name, a null one kept as null (it clears the value).
     */
    public static ObjectNode wireObject(Map<String, Object> values) {
        ObjectNode node = MAPPER.createObjectNode();
        values.forEach((name, value) -> {
            if (CustomValues.isKey(name)) {
                customMember(node).set(CustomValues.nameOf(name), wire(value));
            } else {
                node.set(name, wire(value));
            }
        });
        return node;
    }

    /** The object's {@code custom} member, added empty if it has none (or a non-object one). */
    static ObjectNode customMember(ObjectNode node) {
        return node.get(CustomValues.MEMBER) instanceof ObjectNode custom
                ? custom
                : node.putObject(CustomValues.MEMBER);
    }

    /**
     * Sets an upsert's fields on a record's values: each field replaces the one held, but the {@code
     * custom} member merges by name, as the server merges it; a null custom value is removed when
     * {@code nullRemoves} (a record's view) and kept as null otherwise (a mutation's fields, where it
     * clears the value).
     */
    public static ObjectNode setFields(ObjectNode target, ObjectNode fields, boolean nullRemoves) {
        for (Iterator<Map.Entry<String, JsonNode>> entries = fields.fields(); entries.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (CustomValues.MEMBER.equals(entry.getKey()) && entry.getValue() instanceof ObjectNode custom) {
                ObjectNode held = customMember(target);
                for (Iterator<Map.Entry<String, JsonNode>> values = custom.fields(); values.hasNext(); ) {
                    Map.Entry<String, JsonNode> value = values.next();
                    if (nullRemoves && value.getValue().isNull()) {
                        held.remove(value.getKey());
                    } else {
                        held.set(value.getKey(), value.getValue().deepCopy());
                    }
                }
            } else {
                target.set(entry.getKey(), entry.getValue());
            }
        }
        return target;
    }

    /**
     * The value of a field of a record or a mutation's fields: a built-in one by name, a custom one
     * ({@code custom.<name>}) from the {@code custom} member; null when it has none.
     */
    public static JsonNode valueOf(ObjectNode record, String key) {
        if (record == null) {
            return null;
        }
        if (CustomValues.isKey(key) && !record.has(key)) {
            JsonNode custom = record.get(CustomValues.MEMBER);
            return custom == null ? null : custom.get(CustomValues.nameOf(key));
        }
        return record.get(key);
    }

    /**
     * Removes fields, built-in ones by name and custom ones ({@code custom.<name>}) from the {@code
     * custom} member, which goes when it is left empty.
     */
    public static void removeFields(ObjectNode fields, java.util.Collection<String> keys) {
        for (String key : keys) {
            if (CustomValues.isKey(key) && fields.get(CustomValues.MEMBER) instanceof ObjectNode custom) {
                custom.remove(CustomValues.nameOf(key));
                if (custom.isEmpty()) {
                    fields.remove(CustomValues.MEMBER);
                }
            }
            fields.remove(key);
        }
    }
}
