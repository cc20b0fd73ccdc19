package com.repairsync.server.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.server.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server still speaks version 1 of the wire: the requests recorded in {@code
 * wire/v1/exchanges.json}, as devices of that release send them, get the answers recorded there
 * (every recorded member with its value; members added later are allowed). Old devices stay in
 * shops for months; this is what keeps them syncing while the wire grows.
 */
class WireVersion1IT {
    private static final Path FIXTURE = Path.of("src/test/resources/wire/v1/exchanges.json");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @RegisterExtension
    static final TestServer server = TestServer.start();

    @Test
    void everyRecordedExchangeGetsItsRecordedAnswer() throws Exception {
        ObjectNode fixture = (ObjectNode) JSON.readTree(FIXTURE.toFile());
        boolean recording = Boolean.getBoolean("repairsync.recordWire");
        WireValues values = new WireValues(System.currentTimeMillis());
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<String> mismatches = new ArrayList<>();
        for (JsonNode node : fixture.withArray("exchanges")) {
            ObjectNode exchange = (ObjectNode) node;
            String name = exchange.path("name").asText();
            HttpResponse<String> response = client.send(request(values, exchange.path("request")), ofString());
            JsonNode body = parse(response);
            capture(values, exchange.path("capture"), body);
            ObjectNode answer = answer(values, exchange, response, body);
            if (recording) {
                exchange.set("answer", answer);
            } else {
                WireMatch.differences(name, exchange.path("answer"), answer).forEach(mismatches::add);
            }
        }
        if (recording) {
            Files.writeString(FIXTURE, JSON.writeValueAsString(fixture) + "\n");
        }
        assertThat(mismatches).as("version-1 answers that changed").isEmpty();
    }

    private static HttpRequest request(WireValues values, JsonNode request) {
        String path = values.fill(request.path("path").asText());
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(server.http().baseUrl() + path));
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

    private static HttpResponse.BodyHandler<String> ofString() {
        return HttpResponse.BodyHandlers.ofString();
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

    private static void capture(WireValues values, JsonNode captures, JsonNode body) {
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
