package com.repairsync.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.cli.Terminal;
import com.repairsync.protocol.CustomValues;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A record as the command line shows it: wire field names, and its sync status in lower case. */
final class RecordView {
    private RecordView() {}

    static ObjectNode of(Object record) {
        ObjectNode node = (ObjectNode) Terminal.tree(record);
        JsonNode status = node.get("syncStatus");
        if (status != null && status.isTextual()) {
            node.put("syncStatus", status.asText().toLowerCase(Locale.ROOT));
        }
        JsonNode pinHash = node.remove("pinHash");
        if (pinHash != null) {
            node.put("hasPin", !pinHash.isNull()); // the hash is a secret's stand-in: never printed
        }
        return node;
    }

    /** The record's view with only the custom values {@code shown} shows. */
    static ObjectNode of(Object record, Viewers.CustomShown shown) {
        ObjectNode node = of(record);
        if (node.get(CustomValues.MEMBER) instanceof ObjectNode custom) {
            java.util.List<String> names = new java.util.ArrayList<>();
            custom.fieldNames().forEachRemaining(names::add);
            names.stream().filter(name -> !shown.shows(name)).forEach(custom::remove);
        }
        return node;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    /**
     * Every field, one per line, for {@code show}; the shop's own fields (the {@code custom} member)
     * one per line too, as {@code custom.NAME}.
     */
    static void print(Terminal terminal, ObjectNode record) {
        Map<String, String> lines = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = record.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals(CustomValues.MEMBER) && field.getValue().isObject()) {
                field.getValue()
                        .fields()
                        .forEachRemaining(
                                custom -> lines.put(CustomValues.key(custom.getKey()), text(custom.getValue())));
            } else {
                lines.put(field.getKey(), text(field.getValue()));
            }
        }
        int width = lines.keySet().stream().mapToInt(String::length).max().orElse(0);
        lines.forEach((name, value) -> terminal.line(String.format("%-" + width + "s  %s", name, value)));
    }

    /** A custom value of a record view, as text ("" when it has none). */
    static String custom(JsonNode view, String name) {
        return text(view.path(CustomValues.MEMBER), name);
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? "" : value.asText();
    }
}
