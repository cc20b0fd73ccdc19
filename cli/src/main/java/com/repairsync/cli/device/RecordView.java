package com.repairsync.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.cli.Terminal;
import java.util.Iterator;
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

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    /** Every field, one per line, for {@code show}. */
    static void print(Terminal terminal, ObjectNode record) {
        int width = 0;
        for (Iterator<String> names = record.fieldNames(); names.hasNext(); ) {
            width = Math.max(width, names.next().length());
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = record.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String value = field.getValue().isNull() ? "" : field.getValue().asText();
            terminal.line(String.format("%-" + width + "s  %s", field.getKey(), value));
        }
    }
}
