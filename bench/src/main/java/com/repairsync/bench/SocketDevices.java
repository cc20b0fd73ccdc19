package com.repairsync.bench;

import com.repairsync.protocol.NamedThreads;
import com.repairsync.protocol.WireVersions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Stand-ins for devices that run on hardware of their own: raw WebSocket connections (RFC 6455)
 * to the realtime endpoint, all read by one selector thread, that hand each text message over and
 * store nothing. The server serves them exactly as it serves SDK devices; this machine spends a few
 * microseconds per message on them instead of a device's worker, HTTP client and database. Text
 * is decoded strictly, so a frame the server garbled would show up as a closed socket.
 *
 * <p>Each message is stamped with the time the read that completed it returned. The reader first
 * reads every socket the selector found ready, then decodes and hands over what they held, so a
 * socket's stamp does not wait for the listener's work on the sockets read before it: on devices
 * of their own, that work would run in parallel.
 */
public final class SocketDevices implements AutoCloseable {
    /** What the sockets hear; called on the reader thread. */
    public interface Listener {
        /** @param arrivedNanos {@link System#nanoTime()} when the message's last bytes were read */
        void text(int device, String message, long arrivedNanos);

        void closed(int device, String reason);
    }

    private static final int OP_CONTINUATION = 0x0;
    private static final int OP_TEXT = 0x1;
    private static final int OP_CLOSE = 0x8;
    private static final int OP_PING = 0x9;

    private final URI realtime;
    private final int wireVersion;
    private final Listener listener;
    private final Selector selector;
    private final Queue<Connection> joining = new ConcurrentLinkedQueue<>();
    private final Thread reader;
    private final SecureRandom random = new SecureRandom();
    private volatile boolean closing;

    /**
     * Stand-ins that speak the wire version this code speaks ({@link WireVersions#CURRENT}), as an
     * up-to-date SDK device does.
     *
     * @param serverUrl the server's base URL ({@code http://host:port})
     */
    public SocketDevices(String serverUrl, Listener listener) throws IOException {
        this(serverUrl, WireVersions.CURRENT, listener);
    }

    /**
     * Stand-ins that name {@code wireVersion} in their handshake, as a device of that SDK would (an
     * older one hears presence one event at a time).
     *
     * @param serverUrl the server's base URL ({@code http://host:port})
     */
    public SocketDevices(String serverUrl, int wireVersion, Listener listener) throws IOException {
        this.wireVersion = wireVersion;
        URI base = URI.create(serverUrl);
        this.realtime = URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/v1/realtime");
        this.listener = listener;
        this.selector = Selector.open();
        this.reader = NamedThreads.daemon("socket-devices").start(this::readLoop);
    }

    /**
     * Opens device {@code device}'s socket: the upgrade handshake runs on the calling thread, then
     * the reader thread takes the connection over.
     *
     * @throws IOException if the connection fails or the server does not switch protocols
     */
    public void open(int device, String accessToken) throws IOException {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress(realtime.getHost(), realtime.getPort()));
        try {
            channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            byte[] nonce = new byte[16];
            random.nextBytes(nonce);
            String request = "GET " + realtime.getRawPath() + " HTTP/1.1\r\n"
                    + "Host: " + realtime.getHost() + ":" + realtime.getPort() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\n"
                    + WireVersions.PROTOCOL_HEADER + ": " + wireVersion + "\r\n"
                    + "Authorization: Bearer " + accessToken + "\r\n\r\n";
            writeFully(channel, ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer in = ByteBuffer.allocate(16 * 1024); // grows for a larger frame
            int headersEnd;
            while ((headersEnd = headersEnd(in)) < 0) {
                if (!in.hasRemaining() || channel.read(in) < 0) {
                    throw new IOException("the server closed the upgrade of device " + device);
                }
            }
            String head = new String(in.array(), 0, headersEnd, StandardCharsets.ISO_8859_1);
            if (!head.startsWith("HTTP/1.1 101")) {
                throw new IOException("the server refused the socket of device " + device + ": "
                        + head.lines().findFirst().orElse(head));
            }
            // Frames that came with the handshake's answer stay in the buffer for the reader.
            in.flip().position(headersEnd + 4);
            in.compact();
            channel.configureBlocking(false);
            joining.add(new Connection(device, channel, in));
            selector.wakeup();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static int headersEnd(ByteBuffer in) {
        byte[] bytes = in.array();
        for (int i = 0; i + 3 < in.position(); i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void readLoop() {
        List<Connection> read = new ArrayList<>();
        try {
            while (!closing) {
                selector.select();
                for (Connection connection; (connection = joining.poll()) != null; ) {
                    connection.channel.register(selector, SelectionKey.OP_READ, connection);
                    connection.readAt = System.nanoTime();
                    connection.frames(); // anything that came with the handshake
                }
                // Read every ready socket first, then decode: see the class comment.
                for (SelectionKey key : selector.selectedKeys()) {
                    Connection connection = (Connection) key.attachment();
                    try {
                        if (connection.channel.read(connection.in) < 0) {
                            connection.closed("the server closed the connection");
                        } else {
                            connection.readAt = System.nanoTime();
                            read.add(connection);
                        }
                    } catch (IOException e) {
                        connection.closed("read failed: " + e.getMessage());
                    }
                }
                selector.selectedKeys().clear();
                for (Connection connection : read) {
                    try {
                        connection.frames();
                    } catch (IOException e) {
                        connection.closed("handling a frame failed: " + e.getMessage());
                    }
                }
                read.clear();
            }
        } catch (IOException | RuntimeException e) {
            if (!closing) {
                throw new IllegalStateException("socket devices' reader failed", e);
            }
        }
    }

    /** Closes every socket (without telling the listener) and stops the reader. */
    @Override
    public void close() throws IOException {
        closing = true;
        selector.wakeup();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        for (Connection connection; (connection = joining.poll()) != null; ) {
            connection.channel.close();
        }
        selector.close();
    }

    private static void writeFully(SocketChannel channel, ByteBuffer out) throws IOException {
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                Thread.onSpinWait();
            }
        }
    }

    /** One device's socket: its unread bytes and the text message it is assembling. */
    private final class Connection {
        private final int device;
        private final SocketChannel channel;
        private ByteBuffer in;
        private final CharsetDecoder utf8 = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        /** Payload of a text message whose last frame has not come yet, or null. */
        private java.io.ByteArrayOutputStream fragments;

        private boolean done;

        /** When the last read returned: the arrival time of the messages it completed. */
        private long readAt;

        Connection(int device, SocketChannel channel, ByteBuffer in) {
            this.device = device;
            this.channel = channel;
            this.in = in;
        }

        /** Handles every complete frame in the buffer; keeps a partial one for the next read. */
        void frames() throws IOException {
            in.flip();
            while (!done && in.remaining() >= 2) {
                int start = in.position();
                int first = in.get() & 0xff;
                int second = in.get() & 0xff;
                long length = second & 0x7f;
                if (length == 126) {
                    if (in.remaining() < 2) {
                        in.position(start);
                        break;
                    }
                    length = in.getShort() & 0xffff;
                } else if (length == 127) {
                    if (in.remaining() < 8) {
                        in.position(start);
                        break;
                    }
                    length = in.getLong();
                }
                if ((second & 0x80) != 0 || length > 16 * 1024 * 1024) {
                    closed("a frame no server sends (masked, or " + length + " bytes)");
                    return;
                }
                if (in.remaining() < length) {
                    int frameSize = in.position() - start + (int) length;
                    in.position(start);
                    if (in.capacity() < frameSize) {
                        grow(frameSize);
                        return; // grow() left the buffer ready for the next read
                    }
                    break;
                }
                byte[] payload = new byte[(int) length];
                in.get(payload);
                frame(first & 0x80, first & 0x0f, payload);
            }
            in.compact();
        }

        private void grow(int frameSize) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(in.capacity() * 2, frameSize * 2));
            bigger.put(in); // from the start of the partial frame
            in = bigger;
        }

        private void frame(int fin, int opcode, byte[] payload) throws IOException {
            switch (opcode) {
                case OP_TEXT, OP_CONTINUATION -> {
                    if (opcode == OP_TEXT && fin != 0) {
                        text(payload);
                    } else {
                        if (fragments == null) {
                            fragments = new java.io.ByteArrayOutputStream();
                        }
                        fragments.write(payload);
                        if (fin != 0) {
                            byte[] whole = fragments.toByteArray();
                            fragments = null;
                            text(whole);
                        }
                    }
                }
                case OP_PING -> send(0xA, payload);
                case OP_CLOSE -> {
                    int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                    String reason = payload.length > 2
                            ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8)
                            : "";
                    closed(code + " " + reason);
                }
                default -> {
                    // pong or binary: nothing for a device
                }
            }
        }

        private void text(byte[] payload) {
            String message;
            try {
                CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(payload));
                message = chars.toString();
            } catch (CharacterCodingException e) {
                closed("a text frame that is not UTF-8");
                return;
            }
            listener.text(device, message, readAt);
        }

        /** Sends a control frame, masked as a client must. */
        private void send(int opcode, byte[] payload) throws IOException {
            ByteBuffer out = ByteBuffer.allocate(6 + payload.length);
            out.put((byte) (0x80 | opcode)).put((byte) (0x80 | payload.length));
            byte[] mask = new byte[4];
            random.nextBytes(mask);
            out.put(mask);
            for (int i = 0; i < payload.length; i++) {
                out.put((byte) (payload[i] ^ mask[i % 4]));
            }
            writeFully(channel, out.flip());
        }

        void closed(String reason) {
            if (done) {
                return;
            }
            done = true;
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            listener.closed(device, reason);
        }
    }
}
