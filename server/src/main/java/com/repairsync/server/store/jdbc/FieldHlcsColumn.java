package com.repairsync.server.store.jdbc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.protocol.Hlc;
import com.repairsync.protocol.JsonMappers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/** The field_hlcs column of a record table: the HLC of each field's last write, as JSON text. */
final class FieldHlcsColumn {
    private static final ObjectMapper JSON = JsonMappers.shared();
    /**
     * Reads field_hlcs, whose keys are HLCs, nearly all distinct: interning or canonicalizing them
     * as Jackson does for field names by default only fills its symbol table (it tripled a pull
     * page's reading time).
     */
    private static final JsonFactory HLC_COLUMN = JsonFactory.builder()
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .build();

    private FieldHlcsColumn() {}

    /**
     * The field_hlcs column, grouped by clock: {@code {"hlc":["field",...],...}}, HLCs and the
     * fields under each in sorted order, exactly as Jackson writes such a sorted map. A record
     * written by one mutation has one HLC for all its fields, and an HLC names its device (a
     * UUID): one entry per field took two thirds of a ticket's row. Written by hand, since this
     * runs for every stored record (Jackson was 7% of a push's server time); text that JSON must
     * escape goes through Jackson.
     *
     * <p>Rows written before this form keep {@code {"field":"hlc",...}}; both are read.
     */
    static String write(Map<String, Hlc> hlcs) {
        TreeMap<String, List<String>> byHlc = byHlc(hlcs);
        StringBuilder json = new StringBuilder(2 + byHlc.size() * 64 + hlcs.size() * 16).append('{');
        for (Map.Entry<String, List<String>> group : byHlc.entrySet()) {
            if (needsEscaping(group.getKey())) {
                return escapedHlcsToJson(byHlc);
            }
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(group.getKey()).append("\":[");
            List<String> fields = group.getValue();
            for (int i = 0; i < fields.size(); i++) {
                if (needsEscaping(fields.get(i))) {
                    return escapedHlcsToJson(byHlc);
                }
                json.append(i > 0 ? ",\"" : "\"").append(fields.get(i)).append('"');
            }
            json.append(']');
        }
        return json.append('}').toString();
    }

    /** The fields of each HLC, both in sorted order. */
    private static TreeMap<String, List<String>> byHlc(Map<String, Hlc> hlcs) {
        String[] fields = hlcs.keySet().toArray(new String[0]);
        Arrays.sort(fields);
        TreeMap<String, List<String>> byHlc = new TreeMap<>();
        Hlc last = null;
        List<String> lastFields = null;
        for (String field : fields) {
            Hlc hlc = hlcs.get(field);
            if (!hlc.equals(last)) { // fields of one mutation share one Hlc: skip re-rendering it
                last = hlc;
                lastFields = byHlc.computeIfAbsent(hlc.toString(), text -> new ArrayList<>(4));
            }
            lastFields.add(field);
        }
        return byHlc;
    }

    private static boolean needsEscaping(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20) {
                return true;
            }
        }
        return false;
    }

    private static String escapedHlcsToJson(TreeMap<String, List<String>> byHlc) {
        try {
            return JSON.writeValueAsString(byHlc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode field HLCs", e);
        }
    }

    /**
     * The latest HLC in a field_hlcs column, found by streaming over the JSON and comparing the
     * wire text (zero-padded, so text order is clock order) instead of decoding a map.
     */
    static String latest(String json) {
        String[] latest = {null};
        readHlcs(json, (hlc, field) -> {
            if (latest[0] == null || hlc.compareTo(latest[0]) > 0) {
                latest[0] = hlc;
            }
        });
        return latest[0];
    }

    static Map<String, Hlc> read(String json) {
        Map<String, Hlc> hlcs = new HashMap<>();
        Map<String, Hlc> parsed = new HashMap<>(4);
        try {
            readHlcs(json, (hlc, field) -> hlcs.put(field, parsed.computeIfAbsent(hlc, Hlc::parse)));
        } catch (IllegalArgumentException notAnHlc) {
            throw corrupt(json, notAnHlc);
        }
        return hlcs;
    }

    /**
     * Streams a field_hlcs column in either form to {@code each}, once per field.
     *
     * @throws IllegalStateException naming the column if it is neither form
     */
    private static void readHlcs(String json, BiConsumer<String, String> each) {
        try (JsonParser parser = HLC_COLUMN.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw corrupt(json, null);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING) { // {"field":"hlc"}, the first form
                    each.accept(parser.getText(), name);
                } else if (value == JsonToken.START_ARRAY) { // {"hlc":["field",...]}
                    JsonToken field;
                    while ((field = parser.nextToken()) == JsonToken.VALUE_STRING) {
                        each.accept(name, parser.getText());
                    }
                    if (field != JsonToken.END_ARRAY) {
                        throw corrupt(json, null);
                    }
                } else {
                    throw corrupt(json, null);
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw corrupt(json, null);
            }
        } catch (IOException e) {
            throw corrupt(json, e);
        }
    }

    private static IllegalStateException corrupt(String json, Exception cause) {
        return new IllegalStateException("corrupt field_hlcs column: " + json, cause);
    }
}
