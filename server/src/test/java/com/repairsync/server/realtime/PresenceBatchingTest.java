package com.repairsync.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.protocol.Role;
import com.repairsync.server.auth.Principal;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A mass reconnect through the hub: a device of wire version 7 hears each window's arrivals and
 * departures in one message, an older device hears each as before, and both end up with the same
 * list of who is online.
 */
class PresenceBatchingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SOON = Duration.ofSeconds(5);
    private static final int RETURNING = 120;

    private final PresenceBatchesTest.ManualTimer timer = new PresenceBatchesTest.ManualTimer();
    private final RealtimeHub hub =
            new RealtimeHub(JSON, "local", ClusterLink.NONE, new UnsentBytes(1 << 20, 1 << 26), timer);

    @AfterEach
    void stop() {
        hub.closeAll(1001, "test over");
    }

    @Test
    void aMassReconnectCostsABatchedDeviceOneMessagePerWindowAndAnOldDeviceOnePerArrival() {
        Socket batched = new Socket("watcher-7", 7);
        Socket old = new Socket("watcher-6", 6);
        hub.opened(batched, () -> 1, "history-1");
        hub.opened(old, () -> 1, "history-1");
        timer.fireAll();
        await().alias("both watchers hear each other")
                .atMost(SOON)
                .until(() -> batched.online().size() == 2 && old.online().size() == 2);
        int batchedBefore = batched.presenceMessages();
        int oldBefore = old.presenceMessages();

        List<Socket> returning = new ArrayList<>();
        for (int i = 0; i < RETURNING; i++) {
            Socket device = new Socket("device-" + i, 7);
            returning.add(device);
            hub.opened(device, () -> 1, "history-1");
        }
        timer.fireAll();

        await().alias("both watchers see every device back")
                .atMost(SOON)
                .until(() ->
                        batched.online().size() == RETURNING + 2 && old.online().size() == RETURNING + 2);
        assertThat(batched.presenceMessages() - batchedBefore)
                .as("one window, one message")
                .isEqualTo(1);
        assertThat(old.presenceMessages() - oldBefore)
                .as("one event per arrival")
                .isEqualTo(RETURNING);
        assertThat(old.online()).isEqualTo(batched.online());
        Socket last = returning.get(RETURNING - 1);
        await().alias("the last device back knows everyone")
                .atMost(SOON)
                .until(() -> last.online().size() == RETURNING + 2);

        returning.forEach(hub::closed);
        timer.fireAll();
        await().alias("both watchers see them go")
                .atMost(SOON)
                .until(() -> batched.online().size() == 2 && old.online().size() == 2);
        assertThat(batched.presenceMessages() - batchedBefore).isEqualTo(2);
    }

    @Test
    void aDeviceThatComesAndGoesWithinAWindowIsAnnouncedGone() {
        Socket watcher = new Socket("watcher", 7);
        hub.opened(watcher, () -> 1, "history-1");
        timer.fireAll();
        Socket flapping = new Socket("flapping", 7);

        hub.opened(flapping, () -> 1, "history-1");
        hub.closed(flapping);
        timer.fireAll();

        await().alias("the batch arrives").atMost(SOON).until(() -> watcher.presenceMessages() == 3);
        assertThat(watcher.online()).containsExactly("watcher");
        JsonNode batch = watcher.messages.get(watcher.messages.size() - 1);
        assertThat(batch.path("changes")).hasSize(1);
        assertThat(batch.path("changes").get(0).path("event").asText()).isEqualTo("offline");
    }

    /** A socket of a device of the shop that folds the presence it hears as a device would. */
    private static final class Socket implements RealtimeHub.Connection {
        private final Principal principal;
        private final int wireVersion;
        private final List<JsonNode> messages = new CopyOnWriteArrayList<>();

        Socket(String deviceId, int wireVersion) {
            this.principal = new Principal("shop", "employee", Role.ADMIN, deviceId, Instant.MAX);
            this.wireVersion = wireVersion;
        }

        /** Presence messages heard: the snapshot included. */
        int presenceMessages() {
            return (int) messages.stream()
                    .filter(m -> m.path("type").asText().equals("presence"))
                    .count();
        }

        /** Who is online after every presence message heard, in order. */
        synchronized Set<String> online() {
            Set<String> online = new LinkedHashSet<>();
            for (JsonNode message : messages) {
                if (!message.path("type").asText().equals("presence")) {
                    continue;
                }
                switch (message.path("event").asText()) {
                    case "snapshot" -> {
                        online.clear();
                        message.path("online")
                                .forEach(who -> online.add(who.path("deviceId").asText()));
                    }
                    case "changes" -> message.path("changes").forEach(change -> apply(online, change));
                    default -> apply(online, message);
                }
            }
            return online;
        }

        private static void apply(Set<String> online, JsonNode change) {
            String deviceId = change.path("deviceId").asText();
            switch (change.path("event").asText()) {
                case "online", "acting" -> online.add(deviceId);
                case "offline" -> online.remove(deviceId);
                default -> throw new IllegalStateException("unknown presence change " + change);
            }
        }

        @Override
        public Principal principal() {
            return principal;
        }

        @Override
        public String deviceName() {
            return principal.deviceId();
        }

        @Override
        public int wireVersion() {
            return wireVersion;
        }

        @Override
        public void send(String text, Runnable finished) {
            try {
                messages.add(JSON.readTree(text));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } finally {
                finished.run();
            }
        }

        @Override
        public void close(int status, String reason) {}
    }
}
