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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Who acts on a device reaches the shop's sockets on this node and, through the cluster's own
 * {@code online} message, on the other nodes; a socket opened later sees it in its snapshot.
 */
class ActingPresenceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SOON = Duration.ofSeconds(5);

    @Test
    void aSwitchOnOneNodeReachesTheShopOnTheOtherAndLaterSnapshots() {
        AtomicReference<RealtimeHub> toB = new AtomicReference<>();
        AtomicReference<RealtimeHub> toA = new AtomicReference<>();
        RealtimeHub a = new RealtimeHub(JSON, "a", message -> toB.get().receive(message), 1 << 20);
        RealtimeHub b = new RealtimeHub(JSON, "b", message -> toA.get().receive(message), 1 << 20);
        toB.set(b);
        toA.set(a);
        try {
            Socket desk = new Socket("shop", "manager-1", "desk");
            Socket sameNode = new Socket("shop", "admin-1", "office");
            Socket otherNode = new Socket("shop", "admin-1", "tablet");
            Socket otherShop = new Socket("elsewhere", "admin-9", "till");
            a.opened(desk, () -> 1, "history-1");
            a.opened(sameNode, () -> 1, "history-1");
            b.opened(otherNode, () -> 1, "history-1");
            b.opened(otherShop, () -> 1, "history-1");

            a.acting(desk, "tech-7");

            for (Socket heard : List.of(sameNode, otherNode, desk)) {
                await().atMost(SOON).untilAsserted(() -> assertThat(heard.acting())
                        .as(heard.principal().deviceId())
                        .anySatisfy(m -> {
                            assertThat(m.path("deviceId").asText()).isEqualTo("desk");
                            assertThat(m.path("employeeId").asText()).isEqualTo("tech-7");
                        }));
            }
            Socket later = new Socket("shop", "admin-1", "laptop");
            b.opened(later, () -> 1, "history-1");
            await().atMost(SOON)
                    .untilAsserted(() -> assertThat(later.snapshotOf("desk")).isEqualTo("tech-7"));
            assertThat(otherShop.acting()).as("another shop hears nothing").isEmpty();

            a.acting(desk, "tech-7"); // the same again: nothing new to tell
            a.acting(desk, "manager-1");
            await().atMost(SOON)
                    .untilAsserted(() -> assertThat(otherNode.acting()).hasSize(2));
            assertThat(otherNode.acting().get(1).path("employeeId").asText()).isEqualTo("manager-1");
        } finally {
            a.closeAll(1001, "test over");
            b.closeAll(1001, "test over");
        }
    }

    /** A socket that keeps every message it is sent. */
    private static final class Socket implements RealtimeHub.Connection {
        private final Principal principal;
        private final List<JsonNode> sent = new CopyOnWriteArrayList<>();

        Socket(String shopId, String employeeId, String deviceId) {
            this.principal = new Principal(shopId, employeeId, Role.ADMIN, deviceId, Instant.MAX);
        }

        List<JsonNode> acting() {
            return sent.stream()
                    .filter(m -> m.path("event").asText().equals("acting"))
                    .toList();
        }

        String snapshotOf(String deviceId) {
            for (JsonNode message : sent) {
                if (message.path("event").asText().equals("snapshot")) {
                    for (JsonNode who : message.path("online")) {
                        if (who.path("deviceId").asText().equals(deviceId)) {
                            return who.path("employeeId").asText();
                        }
                    }
                }
            }
            return null;
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
        public void send(String text, Runnable finished) {
            try {
                sent.add(JSON.readTree(text));
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
