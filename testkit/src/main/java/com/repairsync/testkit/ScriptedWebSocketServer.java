package com.repairsync.testkit;

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
 * which frames a client receives: fragmented messages, unknown types, pings, a close frame, bytes
 * split anywhere, or a dropped connection. The real server never fragments, so only this can show
 * that frames are assembled. It can also refuse the upgrade with a status line of the test's.
 */
public final class ScriptedWebSocketServer implements AutoCloseable {
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int FIN = 0x80;
    private static final int TEXT = 0x1;
    private static final int CONTINUATION = 0x0;
    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;

    private final ServerSocket listener;
    private final CompletableFuture<Map<String, String>> upgrade;
    private volatile Socket connection;

    private ScriptedWebSocketServer(String refusal) throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        upgrade = CompletableFuture.supplyAsync(() -> acceptUpgrade(refusal));
    }

    /** Starts listening on 127.0.0.1; the upgrade is accepted in the background. */
    public static ScriptedWebSocketServer start() {
        return start(null);
    }

    /**
     * Starts listening on 127.0.0.1 and answers the upgrade with {@code statusLine} (say {@code
     * "HTTP/1.1 401 Unauthorized"}) and an empty body instead of switching protocols.
     */
    public static ScriptedWebSocketServer refusing(String statusLine) {
        return start(statusLine);
    }

    private static ScriptedWebSocketServer start(String refusal) {
        try {
            return new ScriptedWebSocketServer(refusal);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /**
     * The upgrade request's headers, lower-case names, and its request line under {@code
     * ":request-line"}; waits for the handshake.
     */
    public Map<String, String> requestHeaders() {
        return upgrade.join();
    }

    /** Sends one frame of a text message; {@code first} and {@code last} place it in the message. */
    public void textFrame(String payload, boolean first, boolean last) {
        frame((last ? FIN : 0) | (first ? TEXT : CONTINUATION), payload.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a whole text message in one frame. */
    public void text(String payload) {
        textFrame(payload, true, true);
    }

    /** Sends a whole text message whose payload is these bytes, valid UTF-8 or not. */
    public void textBytes(byte[] payload) {
        frame(FIN | TEXT, payload);
    }

    /** Sends a ping with this payload (at most 125 bytes). */
    public void ping(byte[] payload) {
        frame(FIN | PING, payload);
    }

    /** The bytes a whole text message would be sent as, for a test that writes them in pieces. */
    public static byte[] textMessage(String payload) {
        return encode(FIN | TEXT, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes bytes as they are, flushed, so a test can split a frame across TCP writes. */
    public void raw(byte[] bytes, int offset, int length) {
        try {
            OutputStream out = requireConnection().getOutputStream();
            out.write(bytes, offset, length);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the client's next frame and returns its opcode and unmasked payload. */
    public Frame readFrame() {
        try {
            InputStream in = requireConnection().getInputStream();
            int first = readByte(in);
            int second = readByte(in);
            long length = second & 0x7F;
            if (length == 126) {
                length = (readByte(in) << 8) | readByte(in);
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | readByte(in);
                }
            }
            byte[] mask = (second & 0x80) != 0 ? in.readNBytes(4) : null;
            byte[] payload = in.readNBytes((int) length);
            for (int i = 0; mask != null && i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
            return new Frame(first & 0x0F, mask != null, payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A frame the client sent: its opcode, whether it was masked (a client's must be), its payload. */
    public record Frame(int opcode, boolean masked, byte[] payload) {}

    private static int readByte(InputStream in) throws IOException {
        int next = in.read();
        if (next < 0) {
            throw new IOException("client closed the connection");
        }
        return next;
    }

    /** Sends a close frame with a status code and reason. */
    public void sendClose(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        frame(FIN | CLOSE, payload);
    }

    /** Drops the TCP connection without a close frame, as a network failure would. */
    public void drop() {
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

    private Map<String, String> acceptUpgrade(String refusal) {
        try {
            Socket socket = listener.accept();
            connection = socket;
            Map<String, String> headers = readHeaders(socket.getInputStream());
            String response = refusal != null
                    ? refusal + "\r\nContent-Length: 0\r\n\r\n"
                    : "HTTP/1.1 101 Switching Protocols\r\n"
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

    private void frame(int firstByte, byte[] payload) {
        byte[] frame = encode(firstByte, payload);
        raw(frame, 0, frame.length);
    }

    /** An unmasked frame (servers never mask), with the 7-, 16- or 64-bit length its payload needs. */
    private static byte[] encode(int firstByte, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(firstByte);
        if (payload.length < 126) {
            frame.write(payload.length);
        } else if (payload.length < 65_536) {
            frame.write(126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >> shift) & 0xFF);
            }
        }
        frame.writeBytes(payload);
        return frame.toByteArray();
    }

    private Socket requireConnection() {
        requestHeaders();
        return connection;
    }
}
