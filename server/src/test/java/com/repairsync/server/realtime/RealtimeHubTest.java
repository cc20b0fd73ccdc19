package com.repairsync.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.protocol.Role;
import com.repairsync.server.auth.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The hub's senders write in parallel, yet every socket hears its messages in the order sent; each
 * commit's fan-out is reported once every socket was handed it.
 */
class RealtimeHubTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everySocketHearsEveryCommitInOrderWhileSendersShareTheWork() throws Exception {
        RealtimeHub hub = new RealtimeHub(JSON);
        int sockets = 64;
        int commits = 200;
        CountDownLatch heardAll = new CountDownLatch(sockets);
        Set<String> senderThreads = ConcurrentHashMap.newKeySet();
        List<Recording> connections = new ArrayList<>();
        try {
            for (int i = 0; i < sockets; i++) {
                Recording connection = new Recording("device-" + i, commits, heardAll, senderThreads);
                connections.add(connection);
                hub.opened(connection, () -> 0, "history-1");
            }
            for (int seq = 1; seq <= commits; seq++) {
                hub.committed("shop", seq - 1, seq, null, "hlc");
            }
            assertThat(heardAll.await(10, TimeUnit.SECONDS))
                    .as("every socket heard every commit")
                    .isTrue();
            for (Recording connection : connections) {
                assertThat(connection.cursors())
                        .as(connection.principal().deviceId())
                        .isSorted()
                        .hasSize(commits);
                assertThat(connection.firstType)
                        .as("the cursor comes before everything else")
                        .isEqualTo("cursor");
            }
            if (Runtime.getRuntime().availableProcessors() > 1) {
                assertThat(senderThreads).as("threads that sent").hasSizeGreaterThan(1);
            }
        } finally {
            hub.closeAll(1001, "test over");
        }
    }

    @Test
    void eachCommitReportsItsFanoutOnceEverySocketWasHandedIt() throws Exception {
        RealtimeHub hub = new RealtimeHub(JSON);
        BlockingQueue<Long> fanouts = new LinkedBlockingQueue<>();
        List<Recording> connections = new ArrayList<>();
        List<Integer> heardWhenReported = Collections.synchronizedList(new ArrayList<>());
        hub.observeFanouts(nanos -> {
            heardWhenReported.add(connections.stream()
                    .mapToInt(connection -> connection.cursors().size())
                    .min()
                    .orElseThrow());
            fanouts.add(nanos);
        });
        int commits = 20;
        try {
            for (int i = 0; i < 16; i++) {
                Recording connection =
                        new Recording("device-" + i, commits, new CountDownLatch(1), ConcurrentHashMap.newKeySet());
                connections.add(connection);
                hub.opened(connection, () -> 0, "history-1");
            }
            hub.committed("a shop with no sockets", 0, 1, null, "hlc");
            for (int seq = 1; seq <= commits; seq++) {
                hub.committed("shop", seq - 1, seq, null, "hlc");
                Long nanos = fanouts.poll(10, TimeUnit.SECONDS);
                assertThat(nanos).as("the fan-out of commit " + seq).isNotNull().isNotNegative();
                assertThat(heardWhenReported.get(seq - 1))
                        .as("every socket had commit " + seq + " when its fan-out was reported")
                        .isEqualTo(seq);
            }
            assertThat(fanouts)
                    .as("one report per commit; none for presence or a shop without sockets")
                    .isEmpty();
        } finally {
            hub.closeAll(1001, "test over");
        }
    }

    /** A socket that records the cursors of the commits it hears. */
    private static final class Recording implements RealtimeHub.Connection {
        private final Principal principal;
        private final int expected;
        private final CountDownLatch heardAll;
        private final Set<String> senderThreads;
        private final List<Long> cursors = Collections.synchronizedList(new ArrayList<>());
        private volatile String firstType;

        Recording(String deviceId, int expected, CountDownLatch heardAll, Set<String> senderThreads) {
            this.principal = new Principal("shop", "employee", Role.ADMIN, deviceId, Instant.MAX);
            this.expected = expected;
            this.heardAll = heardAll;
            this.senderThreads = senderThreads;
        }

        List<Long> cursors() {
            return List.copyOf(cursors);
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
            finished.run();
            try {
                var message = JSON.readTree(text);
                if (firstType == null) {
                    firstType = message.path("type").asText();
                }
                senderThreads.add(Thread.currentThread().getName());
                if (message.path("type").asText().equals("cursor")
                        && message.path("cursor").asLong() > 0) {
                    cursors.add(message.path("cursor").asLong());
                    if (cursors.size() == expected) {
                        heardAll.countDown();
                    }
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close(int status, String reason) {}
    }
}
