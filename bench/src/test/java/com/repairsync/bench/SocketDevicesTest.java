package com.repairsync.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The socket-only stand-ins read what a WebSocket server may send, however TCP splits it. */
class SocketDevicesTest {
    private final BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    private ServerSocket server;
    private SocketDevices devices;

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0);
        devices = new SocketDevices("http://127.0.0.1:" + server.getLocalPort(), new SocketDevices.Listener() {
            @Override
            public void text(int device, String message) {
                heard.add(device + " text " + message);
            }

            @Override
            public void closed(int device, String reason) {
                heard.add(device + " closed " + reason);
            }
        });
    }

    @AfterEach
    void stop() throws IOException {
        devices.close();
        server.close();
    }

    @Test
    void messagesSplitAcrossReadsLargeAndFragmentedArriveWhole() throws Exception {
        try (Socket peer = accept(7, "Bearer token-7")) {
            OutputStream out = peer.getOutputStream();
            byte[] small = frame(0x81, "{\"type\":\"cursor\",\"cursor\":1}");
            out.write(small, 0, 3); // a frame in two writes
            out.flush();
            Thread.sleep(20);
            out.write(small, 3, small.length - 3);
            String large = "x".repeat(200_000) + "é";
            out.write(frame(0x81, large)); // bigger than the reader's first buffer
            out.write(frame(0x01, "first "));
            out.write(frame(0x00, "second "));
            out.write(frame(0x80, "last"));
            out.flush();

            assertThat(next()).isEqualTo("7 text {\"type\":\"cursor\",\"cursor\":1}");
            assertThat(next()).isEqualTo("7 text " + large);
            assertThat(next()).isEqualTo("7 text first second last");
        }
    }

    @Test
    void aPingIsAnsweredWithAMaskedPongOfTheSamePayload() throws Exception {
        try (Socket peer = accept(1, "Bearer t")) {
            peer.getOutputStream().write(new byte[] {(byte) 0x89, 2, 'h', 'i'});
            peer.getOutputStream().flush();
            InputStream in = peer.getInputStream();
            byte[] pong = in.readNBytes(8);
            assertThat(pong[0] & 0xff).isEqualTo(0x8A);
            assertThat(pong[1] & 0xff).isEqualTo(0x80 | 2);
            assertThat(new byte[] {(byte) (pong[6] ^ pong[2]), (byte) (pong[7] ^ pong[3])})
                    .isEqualTo("hi".getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void textThatIsNotUtf8AndACloseFrameCloseTheSocket() throws Exception {
        try (Socket peer = accept(3, "Bearer t")) {
            peer.getOutputStream().write(new byte[] {(byte) 0x81, 2, (byte) 0xC3, (byte) 0x28});
            peer.getOutputStream().flush();
            assertThat(next()).isEqualTo("3 closed a text frame that is not UTF-8");
        }
        try (Socket peer = accept(4, "Bearer t")) {
            byte[] reason = "bye".getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream close = new ByteArrayOutputStream();
            close.write(new byte[] {(byte) 0x88, (byte) (2 + reason.length), 0x03, (byte) 0xE8});
            close.write(reason);
            peer.getOutputStream().write(close.toByteArray());
            peer.getOutputStream().flush();
            assertThat(next()).isEqualTo("4 closed 1000 bye");
        }
    }

    @Test
    void aRefusedUpgradeThrowsWithTheStatusLine() throws Exception {
        Thread refuser = new Thread(() -> {
            try (Socket peer = server.accept()) {
                readHead(peer.getInputStream());
                peer.getOutputStream().write("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n".getBytes());
                peer.getOutputStream().flush();
                Thread.sleep(200);
            } catch (IOException | InterruptedException ignored) {
                // the test checks the client side
            }
        });
        refuser.start();
        assertThatThrownBy(() -> devices.open(9, "bad"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("device 9")
                .hasMessageContaining("401 Unauthorized");
        refuser.join();
    }

    /** Accepts device {@code device}'s socket, checks its upgrade request and switches protocols. */
    private Socket accept(int device, String authorization) throws Exception {
        BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
        Thread acceptor = new Thread(() -> {
            try {
                Socket peer = server.accept();
                String head = readHead(peer.getInputStream());
                assertThat(head).startsWith("GET /v1/realtime HTTP/1.1");
                assertThat(head).contains("Upgrade: websocket", "Authorization: " + authorization);
                peer.getOutputStream()
                        .write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                peer.getOutputStream().flush();
                accepted.add(peer);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        acceptor.start();
        devices.open(device, authorization.substring("Bearer ".length()));
        Socket peer = accepted.poll(5, TimeUnit.SECONDS);
        assertThat(peer).as("the server side of the socket").isNotNull();
        return peer;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before the end of the request head");
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** An unmasked server frame with the given first byte (FIN and opcode). */
    private static byte[] frame(int first, String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(first);
        if (payload.length < 126) {
            frame.write(payload.length);
        } else if (payload.length < 65_536) {
            frame.write(126);
            frame.write(payload.length >> 8);
            frame.write(payload.length);
        } else {
            frame.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >> shift));
            }
        }
        frame.write(payload);
        return frame.toByteArray();
    }

    private String next() throws InterruptedException {
        String message = heard.poll(5, TimeUnit.SECONDS);
        assertThat(message).as("a message within 5 s").isNotNull();
        return message;
    }
}
