package com.repairsync.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stand-ins read which records a realtime message carries without building a tree. */
class RealtimeCarriedChangesTest {
    private final JsonFactory json = new JsonFactory();

    @Test
    void aChangesMessageYieldsEachEntityAndRecordIdWhateverTheMemberOrder() throws IOException {
        String message =
                "{\"changes\":[{\"entity\":\"customers\",\"seq\":8,\"record\":{\"id\":\"c1\",\"tags\":[1,{\"a\":2}]},"
                        + "\"recordId\":\"c1\"},{\"recordId\":\"t9\",\"deleted\":true,\"entity\":\"tickets\"}],"
                        + "\"from\":7,\"cursor\":9,\"serverHlc\":\"x\",\"type\":\"changes\"}";

        assertThat(carried(message)).containsExactly(List.of("customers", "c1"), List.of("tickets", "t9"));
    }

    @Test
    void otherMessagesCarryNothing() throws IOException {
        assertThat(carried("{\"type\":\"cursor\",\"cursor\":12}")).isEmpty();
        assertThat(carried("{\"type\":\"presence\",\"event\":\"snapshot\",\"online\":[{\"deviceId\":\"d\"}]}"))
                .isEmpty();
    }

    @Test
    void aMessageThatIsNotAnObjectIsRefused() {
        assertThatThrownBy(() -> carried("[1,2]")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> carried("{\"type\":\"changes\",\"changes\":[")).isInstanceOf(IOException.class);
    }

    private List<List<String>> carried(String message) throws IOException {
        try (var parser = json.createParser(message)) {
            return StandInSockets.carriedChanges(parser).stream().map(List::of).toList();
        }
    }
}
