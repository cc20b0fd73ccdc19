package com.repairsync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.protocol.WireVersions;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.MutableClock;
import com.repairsync.testkit.WsProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Presence over real sockets: a device of wire version 7 hears arrivals and departures as batches
 * ({@code "event":"changes"}), a device of version 6 hears each as its own event, and both know
 * the same devices online.
 */
class PresenceBatchesIT {
    private static final Duration GENEROUS = Duration.ofSeconds(10);
    private static final int ARRIVING = 5;

    @RegisterExtension
    static final TestServer server = TestServer.start(MutableClock.atNow(), Map.of());

    private static WsProbe connect(Device device, int wireVersion) {
        return WsProbe.connect(
                server.http().client(),
                server.realtimeUri(null),
                device.accessToken(),
                Map.of(WireVersions.PROTOCOL_HEADER, Integer.toString(wireVersion)));
    }

    @Test
    void aNewDeviceHearsBatchesAnOldOneSingleEventsAndBothKnowWhoIsOnline() {
        Shop shop = server.createShop();
        Device newer = shop.adminDevice("new tablet");
        Device older = shop.adminDevice("old tablet");
        List<Device> arriving = new ArrayList<>();
        for (int i = 0; i < ARRIVING; i++) {
            arriving.add(shop.adminDevice("arriving " + i));
        }
        try (WsProbe batched = connect(newer, 7);
                WsProbe single = connect(older, 6)) {
            List<WsProbe> opened = new ArrayList<>();
            try {
                arriving.forEach(device -> opened.add(connect(device, 7)));
                Set<String> everyone = new TreeSet<>(List.of(newer.deviceId(), older.deviceId()));
                arriving.forEach(device -> everyone.add(device.deviceId()));
                awaitOnline(batched, everyone);
                awaitOnline(single, everyone);
            } finally {
                opened.forEach(WsProbe::close);
            }
            Set<String> watchers = new TreeSet<>(List.of(newer.deviceId(), older.deviceId()));
            awaitOnline(batched, watchers);
            awaitOnline(single, watchers);

            assertThat(events(batched))
                    .as("a version 7 device hears changes in batches only")
                    .containsOnly("snapshot", "changes");
            assertThat(events(single))
                    .as("a version 6 device hears one event per change, as before")
                    .contains("online", "offline")
                    .doesNotContain("changes");
        }
    }

    private static void awaitOnline(WsProbe socket, Set<String> expected) {
        Awaitility.await()
                .alias("presence folds to " + expected.size() + " devices")
                .atMost(GENEROUS)
                .until(() -> online(socket).equals(expected));
    }

    private static List<String> events(WsProbe socket) {
        return socket.messages().stream()
                .filter(m -> m.path("type").asText().equals("presence"))
                .map(m -> m.path("event").asText())
                .toList();
    }

    /** Who is online after every presence message the socket heard, as a device folds them. */
    private static Set<String> online(WsProbe socket) {
        Set<String> online = new TreeSet<>();
        for (JsonNode message : socket.messages()) {
            if (!message.path("type").asText().equals("presence")) {
                continue;
            }
            if (message.path("event").asText().equals("snapshot")) {
                online.clear();
                message.path("online")
                        .forEach(who -> online.add(who.path("deviceId").asText()));
            } else if (message.path("event").asText().equals("changes")) {
                message.path("changes").forEach(change -> apply(online, change));
            } else {
                apply(online, message);
            }
        }
        return online;
    }

    private static void apply(Set<String> online, JsonNode change) {
        if (change.path("event").asText().equals("offline")) {
            online.remove(change.path("deviceId").asText());
        } else {
            online.add(change.path("deviceId").asText());
        }
    }
}
