package com.repairsync.server.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.server.testing.TestServer;
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
        WireHttp http = new WireHttp(server.http().baseUrl());
        List<String> mismatches = new ArrayList<>();
        for (JsonNode node : fixture.withArray("exchanges")) {
            ObjectNode exchange = (ObjectNode) node;
            String name = exchange.path("name").asText();
            ObjectNode answer = http.replay(values, exchange);
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
}
