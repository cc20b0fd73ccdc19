package com.repairsync.server.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class WireMatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aMemberAddedLaterIsAllowed() throws Exception {
        assertThat(WireMatch.differences("x", json("{\"a\":1}"), json("{\"a\":1,\"b\":2}")))
                .isEmpty();
    }

    @Test
    void aChangedRemovedOrReorderedValueIsNamedWithItsPath() throws Exception {
        JsonNode recorded =
                json("{\"status\":200,\"body\":{\"results\":[{\"status\":\"applied\"},{\"seq\":2}],\"n\":1}}");
        assertThat(WireMatch.differences(
                        "push",
                        recorded,
                        json("{\"status\":200,\"body\":{\"results\":[{\"status\":\"rejected\"},{\"seq\":2}]}}")))
                .containsExactly(
                        "push /body/results/0/status: was \"applied\", now \"rejected\"",
                        "push /body/n: missing, was 1");
        assertThat(WireMatch.differences(
                        "push", recorded, json("{\"status\":200,\"body\":{\"results\":[{\"seq\":2}],\"n\":1}}")))
                .hasSize(1);
        assertThat(WireMatch.differences("push", recorded, json("{\"status\":201}")))
                .containsExactly("push /status: was 200, now 201", "push /body: missing, was " + recorded.get("body"));
    }

    @Test
    void anExchangeWithoutARecordedAnswerFails() {
        assertThat(WireMatch.differences("new", com.fasterxml.jackson.databind.node.MissingNode.getInstance(), null))
                .singleElement()
                .asString()
                .contains("no answer recorded");
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
