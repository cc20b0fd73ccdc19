package com.repairsync.server.security;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
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
 * HTTP/1.1 over a plain socket for requests no well-behaved client sends: bytes that are not UTF-8,
 * bodies shorter than their Content-Length, odd methods and paths. A {@link Connection} keeps its
 * socket open between requests as a pooled client does, so a server that closes a connection
 * without saying {@code Connection: close} shows up as the next request getting no answer.
 */
final class RawHttp {
    private static final int TIMEOUT_MILLIS = 10_000;

    /** The status of a request that got no answer: the connection closed or reset before any byte. */
    static final int NO_ANSWER = -1;

    /** What the server answered; {@code status} {@value #NO_ANSWER} if nothing. */
    record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        boolean closes() {
            return "close".equalsIgnoreCase(String.valueOf(header("connection")));
        }
    }

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    /** A connection that is opened on first use and kept open while the server keeps it. */
    Connection connection() {
        return new Connection();
    }

    /** One request on a fresh connection that is closed afterwards. */
    Answer send(String method, String target, Map<String, String> headers, byte[] body, int cutBodyAt)
            throws IOException {
        try (Connection connection = connection()) {
            return connection.exchange(method, target, headers, body, cutBodyAt);
        }
    }

    /** A persistent HTTP/1.1 connection; not thread-safe. */
    final class Connection implements AutoCloseable {
        private Socket socket;
        private InputStream in;
        private int exchanges;

        /** How many answers this connection has carried since it was last (re)opened. */
        int exchangesOnSocket() {
            return exchanges;
        }

        /**
         * Sends a request head and body and reads the answer. With {@code cutBodyAt} ≥ 0 only that
         * many body bytes are sent before the socket's output is shut, while Content-Length still
         * declares the whole body; the connection is closed afterwards. A failure to send is not an
         * error by itself (the server may answer and close before reading a body it refuses), but a
         * request that gets no answer at all is {@link #NO_ANSWER}.
         */
        Answer exchange(String method, String target, Map<String, String> headers, byte[] body, int cutBodyAt)
                throws IOException {
            if (socket == null) {
                socket = new Socket(InetAddress.getLoopbackAddress(), port);
                socket.setSoTimeout(TIMEOUT_MILLIS);
                in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
                exchanges = 0;
            }
            boolean upgrade = headers.keySet().stream().anyMatch("Upgrade"::equalsIgnoreCase);
            try {
                write(method, target, headers, body, cutBodyAt);
            } catch (IOException refusedEarly) {
                // The server answered (and closed) before reading the whole body: read that answer.
            }
            Answer answer;
            try {
                answer = read(in, "HEAD".equals(method));
            } catch (EOFException | java.net.SocketException noAnswer) {
                close();
                return new Answer(NO_ANSWER, Map.of(), noAnswer.toString());
            }
            exchanges++;
            if (answer.closes() || cutBodyAt >= 0 || upgrade || answer.status() == 101) {
                close();
            }
            return answer;
        }

        private void write(String method, String target, Map<String, String> headers, byte[] body, int cutBodyAt)
                throws IOException {
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            head.append("Host: 127.0.0.1:").append(port).append("\r\n");
            headers.forEach((name, value) ->
                    head.append(name).append(": ").append(value).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body, 0, cutBodyAt >= 0 ? Math.min(cutBodyAt, body.length) : body.length);
            }
            out.flush();
            if (cutBodyAt >= 0) {
                socket.shutdownOutput();
            }
        }

        @Override
        public void close() throws IOException {
            if (socket != null) {
                try {
                    socket.close();
                } finally {
                    socket = null;
                    in = null;
                    exchanges = 0;
                }
            }
        }
    }

    /** Reads one answer framed by Content-Length, chunked encoding or the end of the connection. */
    private static Answer read(InputStream in, boolean head) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        try {
            String statusLine = line(in, seen, true);
            int status = Integer.parseInt(statusLine.substring(9, 12));
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = line(in, seen, false); !line.isEmpty(); line = line(in, seen, false)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(
                            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).trim());
                }
            }
            byte[] body;
            if (head || status == 101 || status == 204 || status == 304) {
                body = new byte[0];
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = chunks(in, seen);
            } else if (headers.containsKey("content-length")) {
                body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
            } else {
                body = in.readAllBytes();
                headers.put("connection", "close"); // framed by the end of the connection
            }
            return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
        } catch (SocketTimeoutException e) {
            throw new IOException(
                    "no complete answer within " + TIMEOUT_MILLIS + " ms; got: "
                            + seen.toString(StandardCharsets.ISO_8859_1),
                    e);
        }
    }

    /** A CRLF-terminated line; EOF before the first byte of an answer is {@link EOFException}. */
    private static String line(InputStream in, ByteArrayOutputStream seen, boolean first) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (first && seen.size() == 0) {
                    throw new EOFException("the connection closed before any byte of an answer");
                }
                throw new IOException(
                        "the connection closed inside an answer after: " + seen.toString(StandardCharsets.ISO_8859_1));
            }
            seen.write(b);
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            previous = b;
        }
    }

    private static byte[] chunks(InputStream in, ByteArrayOutputStream seen) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int size = Integer.parseInt(line(in, seen, false).split(";")[0].trim(), 16);
            if (size == 0) {
                while (!line(in, seen, false).isEmpty()) {
                    // trailers, ignored
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            line(in, seen, false);
        }
    }
}
