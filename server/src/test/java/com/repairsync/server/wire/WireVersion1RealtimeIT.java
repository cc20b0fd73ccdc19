package com.repairsync.server.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.server.testing.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server still speaks version 1 of the realtime wire: the steps recorded in {@code
 * wire/v1/realtime.json} (HTTP set-up, opening sockets, what devices say on them, closing them, a
 * shutdown), replayed as devices of that release take them against a fresh server over a real
 * WebSocket, give the handshake answers, messages and closes recorded there, each socket's messages
 * in the order recorded. As for {@link WireVersion1IT}, every recorded member must keep its value
 * and members added later are allowed; so are messages of a type version 1 does not know, which
 * its devices ignore ({@link WireSocket}).
 */
class WireVersion1RealtimeIT {
    private static final Path FIXTURE = Path.of("src/test/resources/wire/v1/realtime.json");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Duration GENEROUS = Duration.ofSeconds(10);

    @RegisterExtension
    static final TestServer server = TestServer.start();

    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, WireSocket> sockets = new HashMap<>();

    @Test
    void everyRecordedRealtimeStepGetsItsRecordedAnswer() throws Exception {
        ObjectNode fixture = (ObjectNode) JSON.readTree(FIXTURE.toFile());
        boolean recording = Boolean.getBoolean("repairsync.recordWire");
        WireValues values = new WireValues(System.currentTimeMillis());
        fixture.path("given")
                .fields()
                .forEachRemaining(
                        given -> values.capture(given.getKey(), given.getValue().asText()));
        Set<String> versionOneTypes = recording ? null : recordedTypes(fixture);
        WireHttp http = new WireHttp(server.http().baseUrl());
        List<String> mismatches = new ArrayList<>();
        try {
            for (JsonNode node : fixture.withArray("steps")) {
                ObjectNode step = (ObjectNode) node;
                String name = step.path("name").asText();
                JsonNode answer = run(step, values, http, versionOneTypes);
                if (answer == null && !expectsAnswer(step)) {
                    continue; // a step that only does something
                }
                if (answer == null) {
                    if (recording) {
                        throw new AssertionError(name + ": nothing heard within " + GENEROUS);
                    }
                    mismatches.add(name + ": nothing heard within " + GENEROUS + ", was " + step.path("answer"));
                    break; // every later message of this socket would be compared with the wrong one
                }
                if (recording) {
                    step.set("answer", answer);
                } else {
                    WireMatch.differences(name, step.path("answer"), answer).forEach(mismatches::add);
                }
            }
        } finally {
            sockets.values().forEach(WireSocket::abort);
        }
        if (recording) {
            Files.writeString(FIXTURE, JSON.writeValueAsString(fixture) + "\n");
        }
        assertThat(mismatches).as("version-1 realtime answers that changed").isEmpty();
    }

    /** Runs one step; its answer as recorded, or null for a step that has none (or heard nothing). */
    private JsonNode run(ObjectNode step, WireValues values, WireHttp http, Set<String> versionOneTypes)
            throws Exception {
        if (step.has("request")) {
            return http.replay(values, step);
        }
        if (step.has("open")) {
            return open(values, step.path("open"));
        }
        if (step.has("send")) {
            JsonNode send = step.path("send");
            socket(send.path("socket").asText())
                    .send(values.fill(send.path("text").asText()));
            return null;
        }
        if (step.has("receive")) {
            JsonNode message = socket(step.path("receive").asText()).next(versionOneTypes, GENEROUS);
            return message == null ? null : values.generalize(message);
        }
        if (step.has("close")) {
            socket(step.path("close").asText()).closeNormally();
            return null;
        }
        if (step.has("closed")) {
            ObjectNode close = socket(step.path("closed").asText()).closing(versionOneTypes, GENEROUS);
            return close == null ? null : values.generalize(close);
        }
        if (step.has("stopServer")) {
            server.stop();
            return null;
        }
        throw new IllegalArgumentException("a step of no known kind: " + step);
    }

    private static boolean expectsAnswer(JsonNode step) {
        return step.has("receive") || step.has("closed") || step.has("open") || step.has("request");
    }

    /**
     * Opens a socket as a version-1 device does, the token in the Authorization header ({@code
     * token}) or the query ({@code queryToken}); the answer is the handshake's status, and for a
     * refused one its content type and problem body.
     */
    private JsonNode open(WireValues values, JsonNode open) {
        String header =
                open.hasNonNull("token") ? values.fill(open.path("token").asText()) : null;
        String query = open.hasNonNull("queryToken")
                ? values.fill(open.path("queryToken").asText())
                : null;
        ObjectNode answer = JSON.createObjectNode();
        try {
            sockets.put(open.path("socket").asText(), WireSocket.open(client, server.realtimeUri(query), header));
            return answer.put("status", 101);
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof WebSocketHandshakeException refused)) {
                throw e;
            }
            HttpResponse<?> response = refused.getResponse();
            answer.put("status", response.statusCode());
            response.headers()
                    .firstValue("Content-Type")
                    .ifPresent(type -> answer.put("contentType", type.split(";")[0].trim()));
            String body = bodyText(response.body());
            if (!body.isBlank()) {
                try {
                    answer.set("body", values.generalize(JSON.readTree(body)));
                } catch (java.io.IOException notJson) {
                    answer.put("body", body);
                }
            }
            return answer;
        }
    }

    private static String bodyText(Object body) {
        if (body instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return body == null ? "" : body.toString();
    }

    private WireSocket socket(String name) {
        WireSocket socket = sockets.get(name);
        if (socket == null) {
            throw new IllegalStateException("no socket " + name + " was opened by an earlier step");
        }
        return socket;
    }

    /** The message types version 1 sends: those of the recorded messages. */
    private static Set<String> recordedTypes(JsonNode fixture) {
        Set<String> types = new HashSet<>();
        for (JsonNode step : fixture.path("steps")) {
            if (step.has("receive")) {
                types.add(step.path("answer").path("type").asText());
            }
            step.path("answer")
                    .path("unheard")
                    .forEach(message -> types.add(message.path("type").asText()));
        }
        return types;
    }
}
