package com.repairsync.server.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection, for requests no well-behaved client
 * sends: bytes that are not UTF-8, bodies shorter than their Content-Length, odd methods and paths.
 */
final class RawHttp {
    private static final int TIMEOUT_MILLIS = 10_000;

    /**
     * The status of an answer that was lost because the server closed the connection while the
     * request was still being sent: it refused the request before reading all of it.
     */
    static final int CLOSED_WHILE_SENDING = 0;

    /** What the server answered; {@code status} -1 if it closed without an answer. */
    record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    /**
     * Sends a request head and body. With {@code cutBodyAt} ≥ 0 only that many body bytes are sent
     * before the socket's output is shut, while Content-Length still declares the whole body.
     */
    Answer send(String method, String target, Map<String, String> headers, byte[] body, int cutBodyAt)
            throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            head.append("Host: 127.0.0.1:").append(port).append("\r\n");
            head.append("Connection: close\r\n");
            headers.forEach((name, value) ->
                    head.append(name).append(": ").append(value).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                if (body != null) {
                    out.write(body, 0, cutBodyAt >= 0 ? Math.min(cutBodyAt, body.length) : body.length);
                }
                out.flush();
                if (cutBodyAt >= 0) {
                    socket.shutdownOutput();
                }
            } catch (IOException refusedEarly) {
                // The server answered (415, 413...) and closed before reading the whole body.
                try {
                    return read(socket.getInputStream());
                } catch (IOException answerLost) {
                    return new Answer(CLOSED_WHILE_SENDING, Map.of(), "");
                }
            }
            return read(socket.getInputStream());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int headEnd = -1;
        try {
            while (headEnd < 0) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                all.write(buffer, 0, n);
                headEnd = indexOf(all.toByteArray(), "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            if (headEnd < 0) {
                return new Answer(-1, Map.of(), all.toString(StandardCharsets.ISO_8859_1));
            }
            String head = new String(all.toByteArray(), 0, headEnd, StandardCharsets.ISO_8859_1);
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].substring(9, 12));
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(
                            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
            }
            if (status == 101) {
                return new Answer(status, headers, ""); // a WebSocket opened; nothing more to read
            }
            byte[] rest = java.util.Arrays.copyOfRange(all.toByteArray(), headEnd + 4, all.size());
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(rest);
            body.write(in.readAllBytes());
            byte[] raw = body.toByteArray();
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                raw = dechunk(raw);
            }
            return new Answer(status, headers, new String(raw, StandardCharsets.UTF_8));
        } catch (SocketTimeoutException e) {
            throw new IOException(
                    "no complete answer within " + TIMEOUT_MILLIS + " ms; got: "
                            + all.toString(StandardCharsets.ISO_8859_1),
                    e);
        }
    }

    private static byte[] dechunk(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < raw.length) {
            int lineEnd = indexOf(java.util.Arrays.copyOfRange(raw, at, raw.length), new byte[] {'\r', '\n'});
            if (lineEnd < 0) {
                break;
            }
            String sizeText = new String(raw, at, lineEnd, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size = Integer.parseInt(sizeText, 16);
            if (size == 0) {
                break;
            }
            at += lineEnd + 2;
            out.write(raw, at, Math.min(size, raw.length - at));
            at += size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
