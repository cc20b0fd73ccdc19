package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The presence board folds single events as before, and a batch of changes (wire version 7) one
 * change at a time, so listeners hear what a server before batches would have told them.
 */
class PresenceBoardTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Presence.OnlineDevice DESK = new Presence.OnlineDevice("desk", "Front desk", "owner");
    private static final Presence.OnlineDevice TABLET = new Presence.OnlineDevice("tablet", "Tablet", "tech-1");

    private final PresenceBoard board = new PresenceBoard();
    private final List<Presence> heard = new CopyOnWriteArrayList<>();

    @Test
    void aBatchIsHeardAsItsChangesInTurn() throws Exception {
        heardWithDeskAndTablet();

        board.heard(JSON.readTree("""
                {"type":"presence","event":"changes","changes":[
                  {"event":"online","employeeId":"tech-2","deviceId":"laptop","deviceName":"Laptop"},
                  {"event":"acting","employeeId":"tech-9","deviceId":"tablet","deviceName":"Tablet"},
                  {"event":"offline","employeeId":"owner","deviceId":"desk","deviceName":"Front desk"},
                  {"event":"something-newer","deviceId":"x"}
                ]}"""));

        assertThat(heard).extracting(Presence::event).containsExactly("snapshot", "online", "acting", "offline");
        assertThat(heard.get(2).device()).isEqualTo(new Presence.OnlineDevice("tablet", "Tablet", "tech-9"));
        assertThat(board.online())
                .containsExactly(
                        new Presence.OnlineDevice("tablet", "Tablet", "tech-9"),
                        new Presence.OnlineDevice("laptop", "Laptop", "tech-2"));
    }

    @Test
    void aBatchRepeatingWhatTheSnapshotShowedChangesNothing() throws Exception {
        heardWithDeskAndTablet();

        board.heard(JSON.readTree("""
                {"type":"presence","event":"changes","changes":[
                  {"event":"online","employeeId":"owner","deviceId":"desk","deviceName":"Front desk"},
                  {"event":"offline","employeeId":"x","deviceId":"gone-already","deviceName":"Gone"}
                ]}"""));

        assertThat(board.online()).containsExactlyInAnyOrder(DESK, TABLET);
    }

    @Test
    void singleEventsStillFoldAsBefore() throws Exception {
        heardWithDeskAndTablet();

        board.heard(JSON.readTree(
                "{\"type\":\"presence\",\"event\":\"offline\",\"employeeId\":\"tech-1\",\"deviceId\":\"tablet\","
                        + "\"deviceName\":\"Tablet\"}"));

        assertThat(heard.get(heard.size() - 1).device()).isEqualTo(TABLET);
        assertThat(board.online()).containsExactly(DESK);
    }

    private void heardWithDeskAndTablet() throws Exception {
        board.addListener(heard::add);
        board.heard(JSON.readTree("""
                {"type":"presence","event":"snapshot","online":[
                  {"employeeId":"owner","deviceId":"desk","deviceName":"Front desk"},
                  {"employeeId":"tech-1","deviceId":"tablet","deviceName":"Tablet"}
                ]}"""));
    }
}
