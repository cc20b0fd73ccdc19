package com.repairsync.server.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Replays one recorded HTTP exchange as a version-1 device sends it (no version headers): the
 * request filled in from the run's values, what the answer gives captured, and the answer in the
 * form it is recorded (status, content type, generalized body).
 */
final class WireHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    WireHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Sends the exchange's {@code request}, captures its {@code capture} members, returns today's answer. */
    ObjectNode replay(WireValues values, ObjectNode exchange) throws IOException, InterruptedException {
        HttpResponse<String> response =
                client.send(request(values, exchange.path("request")), HttpResponse.BodyHandlers.ofString());
        JsonNode body = parse(response);
        capture(values, exchange.path("capture"), body);
        return answer(values, exchange, response, body);
    }

    private HttpRequest request(WireValues values, JsonNode request) {
        String path = values.fill(request.path("path").asText());
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path));
        if (request.hasNonNull("token")) {
            builder.header(
                    "Authorization",
                    "Bearer " + values.fill(request.path("token").asText()));
        }
        String body = null;
        if (request.has("body")) {
            body = values.fill(request.path("body")).toString();
        } else if (request.has("rawBody")) {
            body = request.path("rawBody").asText();
        }
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        return builder.method(
                        request.path("method").asText(),
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** The body as JSON; an NDJSON stream as an array of its lines; null when empty or not JSON. */
    private static JsonNode parse(HttpResponse<String> response) throws IOException {
        String text = response.body();
        if (text == null || text.isBlank()) {
            return null;
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (type.startsWith("application/x-ndjson")) {
            ArrayNode lines = JSON.createArrayNode();
            for (String line : text.split("\n")) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
            return lines;
        }
        return type.contains("json") ? JSON.readTree(text) : null;
    }

    /** Captures each {@code name: /json/pointer} of the answer's body as a value of the run. */
    static void capture(WireValues values, JsonNode captures, JsonNode body) {
        captures.fields().forEachRemaining(entry -> {
            JsonNode value = body == null ? null : body.at(entry.getValue().asText());
            if (value == null || !value.isTextual()) {
                throw new AssertionError("no text at " + entry.getValue().asText() + " in the answer, to capture as "
                        + entry.getKey() + ": " + body);
            }
            values.capture(entry.getKey(), value.asText());
        });
    }

    private static ObjectNode answer(
            WireValues values, ObjectNode exchange, HttpResponse<String> response, JsonNode body) {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("status", response.statusCode());
        response.headers()
                .firstValue("Content-Type")
                .filter(type -> !response.body().isEmpty()) // an empty answer's type is Jetty's choice
                .ifPresent(type -> answer.put("contentType", type.split(";")[0].trim()));
        if (!exchange.path("statusOnly").asBoolean() && body != null) {
            answer.set("body", values.generalize(body));
        }
        return answer;
    }
}
