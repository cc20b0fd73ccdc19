package com.repairsync.client.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A one-connection WebSocket server that speaks just enough RFC 6455 for a test to script exactly
 * which frames a client receives: fragmented messages, unknown types, a close frame or a dropped
 * connection. The real server never fragments, so only this can show that frames are assembled.
 */
final class ScriptedWebSocketServer implements AutoCloseable {
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int FIN = 0x80;
    private static final int TEXT = 0x1;
    private static final int CONTINUATION = 0x0;
    private static final int CLOSE = 0x8;

    private final ServerSocket listener;
    private final CompletableFuture<Map<String, String>> upgrade;
    private volatile Socket connection;

    private ScriptedWebSocketServer() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        upgrade = CompletableFuture.supplyAsync(this::acceptUpgrade);
    }

    /** Starts listening on 127.0.0.1; the upgrade is accepted in the background. */
    static ScriptedWebSocketServer start() {
        try {
            return new ScriptedWebSocketServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** The upgrade request's headers, lower-case names; waits for the handshake. */
    Map<String, String> requestHeaders() {
        return upgrade.join();
    }

    /** Sends one frame of a text message; {@code first} and {@code last} place it in the message. */
    void textFrame(String payload, boolean first, boolean last) {
        frame((last ? FIN : 0) | (first ? TEXT : CONTINUATION), payload.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a whole text message in one frame. */
    void text(String payload) {
        textFrame(payload, true, true);
    }

    /** Sends a close frame with a status code and reason. */
    void sendClose(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        frame(FIN | CLOSE, payload);
    }

    /** Drops the TCP connection without a close frame, as a network failure would. */
    void drop() {
        try {
            requireConnection().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        Socket current = connection;
        if (current != null) {
            current.close();
        }
    }

    private Map<String, String> acceptUpgrade() {
        try {
            Socket socket = listener.accept();
            connection = socket;
            Map<String, String> headers = readHeaders(socket.getInputStream());
            String response = "HTTP/1.1 101 Switching Protocols\r\n"
                    + "Upgrade: websocket\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + acceptKey(headers.get("sec-websocket-key")) + "\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(response.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return headers;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("client closed before finishing the upgrade request");
            }
            head.write(next);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
        headers.put(":request-line", lines[0]);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(
                        lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
        }
        return headers;
    }

    private static String acceptKey(String key) {
        try {
            byte[] sha1 =
                    MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes an unmasked frame (servers never mask); payloads here stay under 64 KiB. */
    private void frame(int firstByte, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(firstByte);
        if (payload.length < 126) {
            frame.write(payload.length);
        } else {
            frame.write(126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xFF);
        }
        frame.writeBytes(payload);
        try {
            OutputStream out = requireConnection().getOutputStream();
            out.write(frame.toByteArray());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Socket requireConnection() {
        requestHeaders();
        return connection;
    }
}
