package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.client.transport.ForwardingSyncTransport;
import com.repairsync.client.transport.HttpSyncTransport;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.client.transport.TokenSource;
import com.repairsync.protocol.PullResponse;
import com.repairsync.protocol.PushRequest;
import com.repairsync.protocol.PushResponse;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.Mutations;
import com.repairsync.testkit.ScriptedWebSocketServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A device meets what a newer server may say on its realtime socket: messages of a type it does not
 * know (or of no type, or not an object) and the messages it knows with members it does not. None
 * is fatal: the unknown ones are ignored, the known ones are heard (a commit's changes stored with
 * the record's unknown fields kept, presence shown), the one socket stays open and reading, and
 * what the device queued stays queued and is pushed, with nothing sent to the failed queue.
 *
 * <p>The device's HTTP goes to a real server; its socket goes to a {@link ScriptedWebSocketServer},
 * which sends exactly the frames the test writes (and answers one connection, so a reconnect would
 * show as a second socket that never opens).
 */
class UnknownRealtimeMessagesIT {
    private static final Duration GENEROUS = Duration.ofSeconds(15);

    @RegisterExtension
    static final TestServer server = TestServer.start();

    @Test
    void unknownTypesAndMembersOnTheSocketNeverStopTheDeviceOrItsQueue() throws Exception {
        Shop shop = server.createShop();
        Device office = shop.adminDevice("office");
        // Closed in reverse: held pushes are released before the device closes.
        try (Devices devices = new Devices(server);
                ScriptedWebSocketServer ws = ScriptedWebSocketServer.start();
                Split split = new Split(ws.baseUrl())) {
            RepairSyncDevice desk = devices.joined(
                    shop,
                    "desk",
                    Devices.fastOptions()
                            .withKeepAliveInterval(Duration.ofMinutes(1)) // the script answers no pings
                            .withTransport(split::wrap));
            assertThat(ws.requestHeaders()).containsKey("authorization");
            await().atMost(GENEROUS)
                    .until(() ->
                            split.pullsAfterOpen.get() > 0 && !desk.syncState().syncing());

            // A commit's changes with members this device does not know: stored without a pull.
            String katherine = UUID.randomUUID().toString();
            long cursor = office.pushOk(
                            List.of(Mutations.upsert("customers", katherine).field("firstName", "Katherine")))
                    .get("cursor")
                    .asLong();
            JsonNode page = office.pull("cursor=" + (cursor - 1)).body();
            ObjectNode change = (ObjectNode) page.get("changes").get(0).deepCopy();
            change.put("origin", "node-b");
            ((ObjectNode) change.get("record")).put("loyaltyTier", "gold");
            ObjectNode changes = object().put("type", "changes")
                    .put("from", cursor - 1)
                    .put("cursor", cursor)
                    .put("serverHlc", page.get("serverHlc").asText())
                    .put("compressed", false);
            changes.putArray("changes").add(change);
            ws.text(changes.toString());
            await().atMost(GENEROUS)
                    .untilAsserted(() -> assertThat(desk.customers().get(katherine))
                            .hasValueSatisfying(
                                    customer -> assertThat(customer.firstName()).isEqualTo("Katherine")));
            assertThat(split.pulledRecords).as("carried, not pulled").doesNotContain(katherine);

            // Writes queue while pushes are held; the socket meanwhile hears what it does not know.
            split.holdPushes();
            String rita = desk.customers().create(Map.of("firstName", "Rita"));
            String sam = desk.customers().create(Map.of("firstName", "Sam"));
            assertThat(split.pushHeld.await(GENEROUS.toSeconds(), TimeUnit.SECONDS))
                    .isTrue();
            ws.text("{\"type\":\"hello\",\"protocol\":2,\"features\":[\"typing\"]}");
            ws.text("{\"type\":\"typing\",\"deviceId\":\"d-2\",\"recordId\":\"" + rita + "\"}");
            ws.text("{\"type\":{\"nested\":true}}");
            ws.text("{}");
            ws.text("[\"not\",\"an\",\"object\"]");
            ws.text("{\"type\":\"refused\",\"request\":\"typing\",\"code\":\"brand_new_code\",\"message\":\"later\"}");
            ws.text("{\"type\":\"cursor\",\"cursor\":" + cursor + ",\"node\":\"node-b\",\"reason\":{\"commit\":1}}");
            ws.text(
                    "{\"type\":\"presence\",\"event\":\"snapshot\",\"since\":\"2026-11-24T09:00:00Z\",\"online\":["
                            + "{\"deviceId\":\"d-9\",\"deviceName\":\"Bench tablet\",\"employeeId\":\"e-9\",\"battery\":0.8}]}");
            ws.text("{\"type\":\"presence\",\"event\":\"away\",\"deviceId\":\"d-9\"}");
            ws.text("{\"type\":\"presence\",\"event\":\"online\",\"deviceId\":\"d-10\",\"deviceName\":\"Counter\","
                    + "\"employeeId\":\"e-10\",\"platform\":\"android\"}");
            await().atMost(GENEROUS).untilAsserted(() -> assertThat(desk.presence())
                    .extracting(Presence.OnlineDevice::deviceId)
                    .as("the last message heard, the unknown presence event changed nothing")
                    .containsExactly("d-9", "d-10"));

            assertThat(desk.syncState().pendingCount()).as("still queued").isEqualTo(2);
            assertThat(desk.syncState().failedCount()).isZero();
            assertThat(desk.syncState().online()).isTrue();
            assertThat(split.socketsOpened).as("never reconnected").hasValue(1);
            assertThat(split.socket.isOpen()).isTrue();

            split.releasePushes();
            await().atMost(GENEROUS).until(() -> desk.syncState().pendingCount() == 0);
            assertThat(desk.syncState().failedCount()).isZero();
            assertThat(desk.failedMutations()).isEmpty();
            assertThat(desk.status("customers", rita)).isEqualTo(SyncStatus.SYNCED);
            assertThat(desk.status("customers", sam)).isEqualTo(SyncStatus.SYNCED);
            Device.Snapshot onServer = office.pullAll(0);
            assertThat(onServer.record("customers", rita).get("firstName").asText())
                    .isEqualTo("Rita");
            assertThat(onServer.record("customers", sam).get("firstName").asText())
                    .isEqualTo("Sam");
            assertThat(split.socketsOpened).hasValue(1);
            assertThat(split.socket.isOpen()).isTrue();
        }
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /**
     * The device's transport: HTTP to the real server, the realtime socket to the script. Counts
     * sockets and the pulls after the first, notes every record a pull brought, and holds pushes
     * when asked.
     */
    private static final class Split implements AutoCloseable {
        private final String socketUrl;
        final AtomicInteger socketsOpened = new AtomicInteger();
        final AtomicInteger pullsAfterOpen = new AtomicInteger();
        final Set<String> pulledRecords = ConcurrentHashMap.newKeySet();
        final CountDownLatch pushHeld = new CountDownLatch(1);
        private volatile CountDownLatch held = new CountDownLatch(0);
        volatile SyncTransport.RealtimeConnection socket;

        Split(String socketUrl) {
            this.socketUrl = socketUrl;
        }

        void holdPushes() {
            held = new CountDownLatch(1);
        }

        void releasePushes() {
            held.countDown();
        }

        SyncTransport wrap(String url, TokenSource tokens) {
            HttpSyncTransport realtime = new HttpSyncTransport(socketUrl, tokens);
            return new ForwardingSyncTransport(new HttpSyncTransport(url, tokens)) {
                @Override
                public PushResponse push(PushRequest request) {
                    CountDownLatch hold = held;
                    if (hold.getCount() > 0) {
                        pushHeld.countDown();
                        try {
                            hold.await(GENEROUS.toSeconds(), TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return super.push(request);
                }

                @Override
                public PullResponse pull(PullQuery query) {
                    boolean afterOpen = socket != null;
                    PullResponse answer = super.pull(query);
                    answer.changes().forEach(change -> pulledRecords.add(change.recordId()));
                    if (afterOpen) {
                        pullsAfterOpen.incrementAndGet();
                    }
                    return answer;
                }

                @Override
                public RealtimeConnection openRealtime(RealtimeListener listener) {
                    socketsOpened.incrementAndGet();
                    RealtimeConnection opened = realtime.openRealtime(listener);
                    socket = opened;
                    return opened;
                }

                @Override
                public void close() {
                    realtime.close();
                    super.close();
                }
            };
        }

        @Override
        public void close() {
            releasePushes(); // a failed test must not leave the device's worker waiting
        }
    }
}
