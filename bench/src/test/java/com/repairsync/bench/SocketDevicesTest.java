package com.repairsync.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.repairsync.testkit.ScriptedWebSocketServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The socket-only stand-ins read what a WebSocket server may send, however TCP splits it. */
class SocketDevicesTest {
    private final BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    private final BlockingQueue<long[]> stamps = new LinkedBlockingQueue<>();

    @Test
    void messagesSplitAcrossReadsLargeAndFragmentedArriveWhole() throws Exception {
        try (ScriptedWebSocketServer server = ScriptedWebSocketServer.start();
                SocketDevices devices = devicesOf(server)) {
            devices.open(7, "token-7");
            assertThat(server.requestHeaders())
                    .containsEntry(":request-line", "GET /v1/realtime HTTP/1.1")
                    .containsEntry("upgrade", "websocket")
                    .containsEntry("authorization", "Bearer token-7");

            byte[] small = ScriptedWebSocketServer.textMessage("{\"type\":\"cursor\",\"cursor\":1}");
            server.raw(small, 0, 3); // a frame in two writes
            Thread.sleep(20);
            long beforeRest = System.nanoTime();
            server.raw(small, 3, small.length - 3);
            String large = "x".repeat(200_000) + "é";
            server.text(large); // bigger than the reader's first buffer
            server.textFrame("first ", true, false);
            server.textFrame("second ", false, false);
            server.textFrame("last", false, true);

            assertThat(next()).isEqualTo("7 text {\"type\":\"cursor\",\"cursor\":1}");
            long[] arrival = stamps.take(); // {arrived, handed over}
            assertThat(arrival[0])
                    .as("stamped by the read that completed the frame")
                    .isBetween(beforeRest, arrival[1]);
            assertThat(next()).isEqualTo("7 text " + large);
            assertThat(next()).isEqualTo("7 text first second last");
        }
    }

    @Test
    void aPingIsAnsweredWithAMaskedPongOfTheSamePayload() throws Exception {
        try (ScriptedWebSocketServer server = ScriptedWebSocketServer.start();
                SocketDevices devices = devicesOf(server)) {
            devices.open(1, "t");
            server.ping("hi".getBytes(StandardCharsets.US_ASCII));

            ScriptedWebSocketServer.Frame pong = server.readFrame();
            assertThat(pong.opcode()).isEqualTo(0xA);
            assertThat(pong.masked()).isTrue();
            assertThat(pong.payload()).isEqualTo("hi".getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void textThatIsNotUtf8ClosesTheSocket() throws Exception {
        try (ScriptedWebSocketServer server = ScriptedWebSocketServer.start();
                SocketDevices devices = devicesOf(server)) {
            devices.open(3, "t");
            server.textBytes(new byte[] {(byte) 0xC3, (byte) 0x28});
            assertThat(next()).isEqualTo("3 closed a text frame that is not UTF-8");
        }
    }

    @Test
    void aCloseFrameClosesTheSocketWithItsCodeAndReason() throws Exception {
        try (ScriptedWebSocketServer server = ScriptedWebSocketServer.start();
                SocketDevices devices = devicesOf(server)) {
            devices.open(4, "t");
            server.sendClose(1000, "bye");
            assertThat(next()).isEqualTo("4 closed 1000 bye");
        }
    }

    @Test
    void aRefusedUpgradeThrowsWithTheStatusLine() throws Exception {
        try (ScriptedWebSocketServer server = ScriptedWebSocketServer.refusing("HTTP/1.1 401 Unauthorized");
                SocketDevices devices = devicesOf(server)) {
            assertThatThrownBy(() -> devices.open(9, "bad"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("device 9")
                    .hasMessageContaining("401 Unauthorized");
        }
    }

    private SocketDevices devicesOf(ScriptedWebSocketServer server) throws IOException {
        return new SocketDevices(server.baseUrl(), new SocketDevices.Listener() {
            @Override
            public void text(int device, String message, long arrivedNanos) {
                stamps.add(new long[] {arrivedNanos, System.nanoTime()});
                heard.add(device + " text " + message);
            }

            @Override
            public void closed(int device, String reason) {
                heard.add(device + " closed " + reason);
            }
        });
    }

    private String next() throws InterruptedException {
        String message = heard.poll(5, TimeUnit.SECONDS);
        assertThat(message).as("a message within 5 s").isNotNull();
        return message;
    }
}
