package com.repairsync.server.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The realtime replay's rules without a network: what it skips, what it sorts, and that a changed,
 * missing or extra message of version 1 fails it.
 */
class WireSocketTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> VERSION_ONE = Set.of("cursor", "changes", "presence", "refused");

    private final WireSocket socket = new WireSocket();

    @Test
    void aMessageOfATypeVersionOneDoesNotKnowIsSkippedAndTheOthersKeepTheirOrder() throws Exception {
        socket.heard("{\"type\":\"cursor\",\"cursor\":1}");
        socket.heard("{\"type\":\"hello\",\"protocol\":2}");
        socket.heard("{\"type\":\"presence\",\"event\":\"online\",\"deviceId\":\"d\"}");

        assertThat(socket.next(VERSION_ONE, Duration.ZERO).path("type").asText())
                .isEqualTo("cursor");
        assertThat(socket.next(VERSION_ONE, Duration.ZERO).path("type").asText())
                .isEqualTo("presence");
        assertThat(socket.next(VERSION_ONE, Duration.ZERO))
                .as("nothing more heard")
                .isNull();
    }

    @Test
    void recordingKeepsEveryMessage() throws Exception {
        socket.heard("{\"type\":\"hello\",\"protocol\":2}");

        assertThat(socket.next(null, Duration.ZERO).path("type").asText()).isEqualTo("hello");
    }

    @Test
    void aSnapshotsDevicesAreComparedSortedByName() throws Exception {
        socket.heard("{\"type\":\"presence\",\"event\":\"snapshot\",\"online\":[{\"deviceName\":\"Tablet\"},"
                + "{\"deviceName\":\"Desk\",\"extra\":1}]}");

        JsonNode snapshot = socket.next(VERSION_ONE, Duration.ZERO);

        assertThat(snapshot.get("online").findValuesAsText("deviceName")).containsExactly("Desk", "Tablet");
        assertThat(WireMatch.differences(
                        "snapshot",
                        json(
                                "{\"type\":\"presence\",\"online\":[{\"deviceName\":\"Desk\"},{\"deviceName\":\"Tablet\"}]}"),
                        snapshot))
                .as("a member added to a device is allowed")
                .isEmpty();
    }

    @Test
    void aChangedOrMissingMemberOfAHeardMessageFailsTheReplay() throws Exception {
        WireValues values = new WireValues(0);
        values.capture("customerId", "d1a8c3e2-5b4f-4a6e-8c7d-9e0f1a2b3c4d");
        JsonNode recorded = json("{\"type\":\"changes\",\"from\":1,\"cursor\":2,\"serverHlc\":\"{{hlc}}\",\"changes\":"
                + "[{\"recordId\":\"{{customerId}}\",\"record\":{\"updatedAt\":\"{{instant}}\"}}]}");
        socket.heard("{\"type\":\"changes\",\"from\":1,\"cursor\":3,\"serverHlc\":"
                + "\"001795544461204-00000-server\",\"changes\":[{\"recordId\":\"d1a8c3e2-5b4f-4a6e-8c7d-9e0f1a2b3c4d\","
                + "\"record\":{\"updatedAt\":\"2026-11-25T09:30:00.123Z\",\"loyalty\":\"gold\"}}],\"more\":true}");

        JsonNode heard = values.generalize(socket.next(VERSION_ONE, Duration.ZERO));

        assertThat(WireMatch.differences("changes", recorded, heard)).containsExactly("changes /cursor: was 2, now 3");
        assertThat(WireMatch.differences(
                        "cursor", json("{\"type\":\"cursor\",\"cursor\":2}"), json("{\"type\":\"cursor\"}")))
                .containsExactly("cursor /cursor: missing, was 2");
    }

    @Test
    void aMessageLeftUnheardBeforeACloseFailsTheReplay() throws Exception {
        socket.heard("{\"type\":\"hello\"}");
        socket.heardClose(1008, "sign-in ended");
        JsonNode recorded = json("{\"code\":1008,\"reason\":\"sign-in ended\",\"unheard\":[]}");

        assertThat(WireMatch.differences("closed", recorded, socket.closing(VERSION_ONE, Duration.ZERO)))
                .as("a message of a later type is no news to an old device")
                .isEmpty();

        WireSocket told = new WireSocket();
        told.heard("{\"type\":\"cursor\",\"cursor\":4}");
        told.heardClose(1008, "sign-in ended");
        assertThat(WireMatch.differences("closed", recorded, told.closing(VERSION_ONE, Duration.ZERO)))
                .singleElement()
                .asString()
                .startsWith("closed /unheard: was [], now [");
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
