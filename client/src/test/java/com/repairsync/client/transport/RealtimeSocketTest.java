package com.repairsync.client.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.client.transport.SyncTransport.RealtimeListener;
import com.repairsync.protocol.PullResponse;
import java.io.IOException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The races a real socket makes rare: a close heard from both sides, an error after a close, a
 * listener that throws. Driven through the JDK listener methods with a fake {@link WebSocket}.
 */
class RealtimeSocketTest {
    private final Events events = new Events();
    private final List<RealtimeSocket> forgotten = new ArrayList<>();
    /** Read as {@link HttpSyncTransport} reads: members a newer server adds are ignored. */
    private final RealtimeSocket socket = new RealtimeSocket(
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES), events, forgotten::add);

    @Test
    void aCloseFollowedByAnErrorAndAClientCloseIsHeardOnce() {
        FakeWebSocket webSocket = new FakeWebSocket();
        socket.onOpen(webSocket);

        socket.onClose(webSocket, 1001, "server shutting down");
        socket.onError(webSocket, new IOException("connection reset"));
        socket.close();

        assertThat(events.closes).containsExactly("1001 server shutting down");
        assertThat(forgotten).containsExactly(socket);
        assertThat(socket.isOpen()).isFalse();
        assertThat(webSocket.closeFramesSent)
                .as("no close frame after the server's")
                .isZero();
    }

    @Test
    void theServersAnswerToOurCloseIsNotHeardTwice() {
        FakeWebSocket webSocket = new FakeWebSocket();
        webSocket.echoClose = socket;
        socket.onOpen(webSocket);

        socket.close();

        assertThat(events.closes).containsExactly("1000 echo");
        assertThat(webSocket.closeFramesSent).isEqualTo(1);
        assertThat(webSocket.aborted).isTrue();
    }

    @Test
    void aClientCloseIsHeardAsNormalClosure() {
        FakeWebSocket webSocket = new FakeWebSocket();
        socket.onOpen(webSocket);
        assertThat(socket.isOpen()).isTrue();

        socket.close();
        socket.close();

        assertThat(events.closes).containsExactly("1000 closed by the client");
        assertThat(webSocket.closeFramesSent).isEqualTo(1);
    }

    @Test
    void anErrorIsHeardAsAbnormalClosure() {
        FakeWebSocket webSocket = new FakeWebSocket();
        socket.onOpen(webSocket);

        socket.onError(webSocket, new IOException("connection reset"));

        assertThat(events.closes).containsExactly("1006 connection reset");
    }

    @Test
    void aSilentServerIsPingedAndGivenUpOnlyWhenThePingGoesUnanswered() {
        FakeWebSocket webSocket = new FakeWebSocket();
        socket.onOpen(webSocket);
        java.time.Duration instant = java.time.Duration.ofNanos(1);

        assertThat(socket.keepAlive(java.time.Duration.ofHours(1))).isTrue();
        assertThat(webSocket.pingsSent).as("heard from just now").isZero();

        assertThat(socket.keepAlive(instant)).isTrue();
        assertThat(webSocket.pingsSent).isEqualTo(1);
        socket.onPong(webSocket, ByteBuffer.allocate(0));
        assertThat(socket.keepAlive(instant))
                .as("the pong answered: ping again")
                .isTrue();
        assertThat(webSocket.pingsSent).isEqualTo(2);
        assertThat(events.closes).isEmpty();

        assertThat(socket.keepAlive(instant)).as("that ping is unanswered").isFalse();
        assertThat(webSocket.aborted).isTrue();
        assertThat(socket.isOpen()).isFalse();
        assertThat(events.closes).singleElement().asString().startsWith("1006 nothing heard from the server");
        assertThat(socket.keepAlive(instant)).isFalse();
        assertThat(events.closes).hasSize(1);
    }

    @Test
    void aCheckThatRunsLateStillPingsBeforeGivingUp() {
        FakeWebSocket webSocket = new FakeWebSocket();
        socket.onOpen(webSocket);
        java.time.Duration instant = java.time.Duration.ofNanos(1);

        // However long the silence, the first check only asks.
        assertThat(socket.keepAlive(instant)).isTrue();
        assertThat(webSocket.pingsSent).isEqualTo(1);
        assertThat(webSocket.aborted).isFalse();
        socket.onPing(webSocket, ByteBuffer.allocate(0)); // the server's own ping answers as well
        assertThat(socket.keepAlive(java.time.Duration.ofHours(1))).isTrue();
        assertThat(events.closes).isEmpty();
    }

    @Test
    void aMessageSplitAnywhereIsAssembledAndAThrowingListenerDoesNotStopTheSocket() {
        FakeWebSocket webSocket = new FakeWebSocket();
        socket.onOpen(webSocket);
        events.failOnCursor = 5;

        String message = "{\"type\":\"cursor\",\"cursor\":5}";
        for (int i = 0; i < message.length(); i++) {
            socket.onText(webSocket, message.substring(i, i + 1), i == message.length() - 1);
        }
        socket.onText(webSocket, "{\"type\":\"cursor\",\"cursor\":6}", true);

        assertThat(events.cursors).containsExactly(5L, 6L);
        assertThat(webSocket.requested)
                .as("one more message asked for after each part")
                .isEqualTo(message.length() + 2);
    }

    @Test
    void aChangesMessageIsHeardAsAPageAndAMalformedOneAsItsCursor() {
        FakeWebSocket webSocket = new FakeWebSocket();
        socket.onOpen(webSocket);

        socket.onText(
                webSocket,
                "{\"type\":\"changes\",\"from\":7,\"cursor\":8,\"serverHlc\":\"0001-h\",\"changes\":[{\"entity\":"
                        + "\"customers\",\"recordId\":\"c1\",\"seq\":8,\"deleted\":false,\"record\":{\"id\":\"c1\"}}]}",
                true);
        socket.onText(webSocket, "{\"type\":\"changes\",\"from\":8,\"cursor\":9,\"changes\":\"nonsense\"}", true);

        assertThat(events.carried).containsExactly("7->8 customers/c1@8 hlc 0001-h");
        assertThat(events.cursors).containsExactly(9L);
    }

    /** Wire version 6: a carried change says when its record was erased; its tombstone comes without values. */
    @Test
    void aCarriedChangeOfAnErasedRecordIsHeardAsErased() {
        FakeWebSocket webSocket = new FakeWebSocket();
        socket.onOpen(webSocket);

        socket.onText(
                webSocket,
                "{\"type\":\"changes\",\"from\":7,\"cursor\":8,\"changes\":[{\"entity\":\"customers\","
                        + "\"recordId\":\"c1\",\"seq\":8,\"deleted\":true,\"record\":null,\"erased\":true}]}",
                true);

        assertThat(events.carried).containsExactly("7->8 customers/c1@8 hlc null");
        assertThat(events.erased).containsExactly(true);
        assertThat(events.records).containsExactly("null");
    }

    @Test
    void aResyncNoticeIsHeardAsAShopAheadOfAnyCursorAndTheCloseThatFollowsOnce() {
        FakeWebSocket webSocket = new FakeWebSocket();
        socket.onOpen(webSocket);
        socket.onText(webSocket, "{\"type\":\"cursor\",\"cursor\":41}", true);

        socket.onText(webSocket, "{\"type\":\"resync\"}", true);
        socket.onClose(webSocket, 1013, "too slow: unsent messages passed the budget; pull to resync");
        socket.onError(webSocket, new IOException("connection reset"));

        assertThat(events.cursors)
                .as("past any cursor a device holds, so it pulls")
                .containsExactly(41L, Long.MAX_VALUE);
        assertThat(events.closes).containsExactly("1013 too slow: unsent messages passed the budget; pull to resync");
        assertThat(forgotten).containsExactly(socket);
        assertThat(socket.isOpen()).isFalse();
    }

    @Test
    void messagesOfAnUnknownTypeOrShapeAreIgnoredAndTheSocketReadsOn() {
        FakeWebSocket webSocket = new FakeWebSocket();
        socket.onOpen(webSocket);
        List<String> unknown = List.of(
                "{\"type\":\"hello\",\"protocol\":2,\"features\":[\"typing\"]}",
                "{\"type\":{\"nested\":true}}",
                "{\"type\":7}",
                "{}",
                "[\"an\",\"array\"]",
                "null",
                "42",
                "",
                "{\"type\":\"cursor\",\"cursor\":9.5}",
                "{\"type\":\"changes\"}",
                "{\"type\":\"refused\",\"request\":\"typing\",\"code\":\"brand_new_code\"}");

        unknown.forEach(text -> socket.onText(webSocket, text, true));
        socket.onText(webSocket, "{\"type\":\"cursor\",\"cursor\":12}", true);

        assertThat(events.cursors).as("only the cursor that is one").containsExactly(12L);
        assertThat(events.carried).isEmpty();
        assertThat(events.presence).isEmpty();
        assertThat(events.closes).isEmpty();
        assertThat(socket.isOpen()).isTrue();
        assertThat(webSocket.requested)
                .as("the next message asked for after each")
                .isEqualTo(1 + unknown.size() + 1);
    }

    @Test
    void knownMessagesWithMembersAddedLaterAreHeardAndARecordKeepsItsUnknownFields() {
        FakeWebSocket webSocket = new FakeWebSocket();
        socket.onOpen(webSocket);

        socket.onText(webSocket, "{\"type\":\"cursor\",\"cursor\":7,\"node\":\"b\",\"reason\":{\"commit\":1}}", true);
        socket.onText(
                webSocket,
                "{\"type\":\"changes\",\"from\":7,\"cursor\":8,\"serverHlc\":\"0001-h\",\"compressed\":false,"
                        + "\"changes\":[{\"entity\":\"customers\",\"recordId\":\"c1\",\"seq\":8,\"deleted\":false,"
                        + "\"origin\":\"v9\",\"record\":{\"id\":\"c1\",\"loyaltyTier\":\"gold\"}}]}",
                true);
        socket.onText(
                webSocket, "{\"type\":\"presence\",\"event\":\"online\",\"deviceId\":\"d-2\",\"battery\":0.8}", true);

        assertThat(events.cursors).containsExactly(7L);
        assertThat(events.carried).containsExactly("7->8 customers/c1@8 hlc 0001-h");
        assertThat(events.records).singleElement().asString().contains("\"loyaltyTier\":\"gold\"");
        assertThat(events.presence).singleElement().satisfies(message -> assertThat(
                        message.path("battery").asDouble())
                .isEqualTo(0.8));
        assertThat(socket.isOpen()).isTrue();
    }

    /** Records listener calls; throws once on a chosen cursor, after recording it. */
    private static final class Events implements RealtimeListener {
        final List<String> carried = new ArrayList<>();
        final List<Long> cursors = new ArrayList<>();
        final List<String> closes = new ArrayList<>();
        final List<String> records = new ArrayList<>();
        final List<Boolean> erased = new ArrayList<>();
        final List<JsonNode> presence = new ArrayList<>();
        long failOnCursor = -1;

        @Override
        public void changes(long fromCursor, PullResponse page) {
            page.changes().forEach(change -> records.add(String.valueOf(change.record())));
            page.changes().forEach(change -> erased.add(change.erased()));
            page.changes()
                    .forEach(change -> carried.add(fromCursor + "->" + page.cursor() + " " + change.entity() + "/"
                            + change.recordId() + "@" + change.seq() + " hlc " + page.serverHlc()));
        }

        @Override
        public void cursor(long cursor) {
            cursors.add(cursor);
            if (cursor == failOnCursor) {
                throw new IllegalStateException("listener bug");
            }
        }

        @Override
        public void presence(JsonNode message) {
            presence.add(message);
        }

        @Override
        public void closed(int statusCode, String reason) {
            closes.add(statusCode + " " + reason);
        }
    }

    /** A WebSocket that records what is asked of it; optionally answers a close like a server. */
    private static final class FakeWebSocket implements WebSocket {
        int closeFramesSent;
        int pingsSent;
        long requested;
        boolean aborted;
        RealtimeSocket echoClose;

        @Override
        public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
            closeFramesSent++;
            if (echoClose != null) {
                echoClose.onClose(this, statusCode, "echo");
            }
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public void request(long n) {
            requested += n;
        }

        @Override
        public void abort() {
            aborted = true;
        }

        @Override
        public boolean isInputClosed() {
            return aborted;
        }

        @Override
        public boolean isOutputClosed() {
            return aborted || closeFramesSent > 0;
        }

        @Override
        public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
            pingsSent++;
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public String getSubprotocol() {
            return "";
        }
    }
}
