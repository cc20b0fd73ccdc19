package com.repairsync.server.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values of one replay of recorded exchanges: what earlier answers gave ({@code {{token}}}),
 * filled into requests, and the generalizing of answers, where a captured value becomes its name
 * and any id, instant, clock or token becomes its kind ({@code {{uuid}}}, {@code {{instant}}},
 * {@code {{hlc}}}, {@code {{jwt}}}, {@code {{secret}}}), so two runs give the same answer text.
 */
final class WireValues {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(hlc:)?([A-Za-z0-9]+)}}");
    private static final Pattern JWT = Pattern.compile("eyJ[\\w-]+\\.[\\w-]+\\.[\\w-]+");
    private static final Pattern HLC =
            Pattern.compile("\\d{15}-\\d{5}-(server|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final long startMillis;
    /** Captured values by name; the latest capture of a name wins. */
    private final Map<String, String> captured = new LinkedHashMap<>();

    WireValues(long startMillis) {
        this.startMillis = startMillis;
    }

    void capture(String name, String value) {
        captured.put(name, value);
    }

    /** A request string with {@code {{name}}} and {@code {{hlc:N}}} filled in. */
    String fill(String text) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value;
            if (matcher.group(1) != null) {
                long millis = startMillis + Long.parseLong(matcher.group(2));
                value = String.format("%015d-%05d-%s", millis, 0, captured.getOrDefault("deviceId", "server"));
            } else {
                value = captured.get(matcher.group(2));
                if (value == null) {
                    throw new IllegalStateException("no earlier answer gave {{" + matcher.group(2) + "}}");
                }
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** A request body with every string filled in. */
    JsonNode fill(JsonNode node) {
        return map(node, text -> new TextNode(fill(text)));
    }

    /** An answer with captured values named and volatile values replaced by their kind. */
    JsonNode generalize(JsonNode node) {
        return map(node, text -> new TextNode(generalize(text)));
    }

    private String generalize(String text) {
        for (Map.Entry<String, String> value : captured.entrySet()) {
            if (value.getValue().length() >= 8) {
                text = text.replace(value.getValue(), "{{" + value.getKey() + "}}");
            }
        }
        text = JWT.matcher(text).replaceAll("{{jwt}}");
        text = HLC.matcher(text).replaceAll("{{hlc}}");
        text = UUID.matcher(text).replaceAll("{{uuid}}");
        text = INSTANT.matcher(text).replaceAll("{{instant}}");
        return SECRET.matcher(text).matches() ? "{{secret}}" : text;
    }

    private static JsonNode map(JsonNode node, java.util.function.Function<String, JsonNode> strings) {
        if (node.isTextual()) {
            return strings.apply(node.asText());
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(field -> copy.set(field.getKey(), map(field.getValue(), strings)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(map(element, strings)));
            return copy;
        }
        return node;
    }
}
