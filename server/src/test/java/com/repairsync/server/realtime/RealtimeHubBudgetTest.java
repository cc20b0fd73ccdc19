package com.repairsync.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.protocol.Change;
import com.repairsync.protocol.RecordText;
import com.repairsync.protocol.Role;
import com.repairsync.server.auth.Principal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hub's unsent budget: a socket that does not read is told to resync and closed once its
 * unsent messages pass its budget, queues nothing more, and its bytes are released once the
 * transport gives its messages up; sockets that keep up are never dropped, however large a
 * message or however full the node.
 */
class RealtimeHubBudgetTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration GENEROUS = Duration.ofSeconds(10);

    private RealtimeHub hub;

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.closeAll(1001, "test over");
        }
    }

    private RealtimeHub hub(long perSocket, long perNode) {
        hub = new RealtimeHub(JSON, "local", ClusterLink.NONE, new UnsentBytes(perSocket, perNode));
        return hub;
    }

    @Test
    void aSocketThatDoesNotReadIsToldToResyncClosedAndFreed() {
        hub(4096, 1 << 20);
        FakeSocket stalled = FakeSocket.stalled("shop", "employee", "stalled");
        FakeSocket reader = FakeSocket.reading("shop", "employee", "reader");
        hub.opened(stalled, () -> 0, "history-1");
        hub.opened(reader, () -> 0, "history-1");
        int commits = 300;
        for (int seq = 1; seq <= commits; seq++) {
            hub.committed("shop", seq - 1, seq, null, "hlc");
            reader.awaitCursors(seq);
        }
        await().atMost(GENEROUS).until(() -> !stalled.closes().isEmpty());

        assertThat(stalled.closes())
                .containsExactly("1013 too slow: unsent messages passed the budget; pull to resync");
        assertThat(stalled.texts()).contains(RESYNC);
        assertThat(stalled.cursorsHeard()).as("not every commit reached it").isLessThan(commits);
        assertThat(charged(stalled))
                .as("all it was ever handed fits its budget")
                .isLessThanOrEqualTo(4096);
        assertThat(hub.unsentBytes()).as("its messages wait in the transport").isPositive();
        assertThat(reader.closes()).isEmpty();

        stalled.failPending(); // the transport disconnects it: its frames fail
        hub.closed(stalled);
        await().atMost(GENEROUS)
                .untilAsserted(() ->
                        assertThat(hub.unsentBytes()).as("every byte released").isZero());
        assertThat(hub.openSockets()).isEqualTo(1);
    }

    @Test
    void aMessageLargerThanTheBudgetStillReachesASocketThatKeepsUp() {
        hub(200, 1 << 20);
        FakeSocket reader = FakeSocket.reading("shop", "employee", "reader");
        hub.opened(reader, () -> 0, "history-1");
        for (int seq = 1; seq <= 50; seq++) {
            hub.committed("shop", seq - 1, seq, List.of(customer(seq, 1000)), "hlc");
            reader.awaitChanges(seq);
        }
        assertThat(reader.closes()).isEmpty();
        await().atMost(GENEROUS)
                .untilAsserted(() -> assertThat(hub.unsentBytes()).isZero());
    }

    @Test
    void theNodeBudgetDropsSocketsThatFallBehindButNotOneThatKeepsUp() {
        long perNode = 2000;
        hub(1 << 20, perNode);
        List<FakeSocket> stalled = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            FakeSocket socket = FakeSocket.stalled("shop", "employee", "stalled-" + i);
            stalled.add(socket);
            hub.opened(socket, () -> 0, "history-1");
        }
        FakeSocket reader = FakeSocket.reading("shop", "employee", "reader");
        hub.opened(reader, () -> 0, "history-1");
        int commits = 20;
        for (int seq = 1; seq <= commits; seq++) {
            hub.committed("shop", seq - 1, seq, List.of(customer(seq, 3000)), "hlc");
            reader.awaitChanges(seq);
        }
        await().atMost(GENEROUS).until(() -> stalled.stream()
                .allMatch(socket -> !socket.closes().isEmpty()));

        assertThat(reader.closes()).as("the socket that keeps up").isEmpty();
        long charged =
                stalled.stream().mapToLong(RealtimeHubBudgetTest::charged).sum();
        assertThat(charged)
                .as("past the node's budget only while each holds no more than a small backlog")
                .isLessThanOrEqualTo(perNode + stalled.size() * UnsentBytes.SMALL_BACKLOG);
        stalled.forEach(socket -> {
            socket.failPending();
            hub.closed(socket);
        });
        await().atMost(GENEROUS)
                .untilAsserted(() ->
                        assertThat(hub.unsentBytes()).as("every byte released").isZero());
    }

    /** A one-change commit's change: a customer whose notes are {@code notes} characters long. */
    private static Change customer(long seq, int notes) {
        return new Change(
                "customers",
                "c" + seq,
                seq,
                false,
                RecordText.of("{\"id\":\"c" + seq + "\",\"notes\":\"" + "n".repeat(notes) + "\"}"));
    }

    @Test
    void closeSocketsClosesTheMatchingSocketsOfOneShopAndTheyHearNothingMore() {
        hub(1 << 20, 1 << 24);
        FakeSocket mine1 = FakeSocket.reading("shop", "signed-out", "tablet");
        FakeSocket mine2 = FakeSocket.reading("shop", "signed-out", "laptop");
        FakeSocket colleague = FakeSocket.reading("shop", "colleague", "desk");
        FakeSocket elsewhere = FakeSocket.reading("other shop", "signed-out", "phone");
        for (FakeSocket socket : List.of(mine1, mine2, colleague, elsewhere)) {
            hub.opened(socket, () -> 0, "history-1");
        }

        int closed =
                hub.closeSockets("shop", principal -> principal.employeeId().equals("signed-out"), 1008, "signed out");

        assertThat(closed).isEqualTo(2);
        assertThat(mine1.closes()).containsExactly("1008 signed out");
        assertThat(mine2.closes()).containsExactly("1008 signed out");
        assertThat(colleague.closes()).isEmpty();
        assertThat(elsewhere.closes()).isEmpty();
        int heardBefore = mine1.texts().size();
        hub.committed("shop", 0, 1, null, "hlc");
        await().atMost(GENEROUS).until(() -> colleague.cursorsHeard() == 1);
        assertThat(mine1.texts()).hasSize(heardBefore);
        assertThat(hub.closeSockets("no such shop", principal -> true, 1008, "x"))
                .isZero();
    }

    private static final String RESYNC = "{\"type\":\"resync\"}";

    private static long bytes(List<String> texts) {
        return texts.stream()
                .mapToLong(text -> text.getBytes(StandardCharsets.UTF_8).length)
                .sum();
    }

    /** The bytes of every message a socket was handed but the resync notice, which is not charged. */
    private static long charged(FakeSocket socket) {
        return bytes(
                socket.texts().stream().filter(text -> !text.equals(RESYNC)).toList());
    }

    /** A socket whose transport writes at once ({@link #reading}) or never ({@link #stalled}). */
    private static final class FakeSocket implements RealtimeHub.Connection {
        private final Principal principal;
        private final boolean writes;
        private final List<String> texts = new ArrayList<>();
        private final List<Runnable> pending = new ArrayList<>();
        private final List<String> closes = new ArrayList<>();
        private boolean failed;

        private FakeSocket(Principal principal, boolean writes) {
            this.principal = principal;
            this.writes = writes;
        }

        static FakeSocket reading(String shop, String employee, String device) {
            return new FakeSocket(new Principal(shop, employee, Role.ADMIN, device, Instant.MAX), true);
        }

        static FakeSocket stalled(String shop, String employee, String device) {
            return new FakeSocket(new Principal(shop, employee, Role.ADMIN, device, Instant.MAX), false);
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
        public synchronized void send(String text, Runnable finished) {
            texts.add(text);
            notifyAll();
            if (writes || failed) {
                finished.run();
            } else {
                pending.add(finished);
            }
        }

        @Override
        public synchronized void close(int status, String reason) {
            closes.add(status + " " + reason);
        }

        /** Fails every message still queued, as a transport does when the connection drops. */
        void failPending() {
            List<Runnable> failed;
            synchronized (this) {
                this.failed = true;
                failed = new ArrayList<>(pending);
                pending.clear();
            }
            failed.forEach(Runnable::run);
        }

        synchronized List<String> texts() {
            return List.copyOf(texts);
        }

        synchronized List<String> closes() {
            return List.copyOf(closes);
        }

        /** Waits until {@code count} commits' cursors were handed to this socket. */
        synchronized void awaitCursors(long count) {
            awaitHeard(count, "cursor");
        }

        /** Waits until {@code count} commits' changes were handed to this socket. */
        synchronized void awaitChanges(long count) {
            awaitHeard(count, "changes");
        }

        private synchronized void awaitHeard(long count, String type) {
            long deadline = System.nanoTime() + GENEROUS.toNanos();
            while (texts.stream().filter(text -> isNew(text, type)).count() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(principal.deviceId() + " was not handed " + count + " " + type
                            + " messages within " + GENEROUS + "; got " + texts);
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }

        synchronized long cursorsHeard() {
            return texts.stream().filter(text -> isNew(text, "cursor")).count();
        }

        private static boolean isNew(String text, String type) {
            try {
                var message = JSON.readTree(text);
                return message.path("type").asText().equals(type)
                        && message.path("cursor").asLong() > 0;
            } catch (java.io.IOException e) {
                throw new AssertionError("the hub sent non-JSON: " + text, e);
            }
        }
    }
}
