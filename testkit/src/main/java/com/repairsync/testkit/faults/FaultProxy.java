package com.repairsync.testkit.faults;

import com.repairsync.protocol.NamedThreads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * A TCP proxy between devices and a server that injects network faults, switchable while traffic
 * flows (the test harness's own Toxiproxy). Everything that speaks TCP goes through it: HTTP
 * requests and the realtime WebSocket alike.
 *
 * <p>Each {@link Fault} acts on the next bytes that cross the proxy, on connections already open
 * and on new ones: {@link #set(Fault)} while a request is in flight hits that request. Random
 * choices (jitter, where a reset cuts a stream) come from one {@link Random} seeded by the caller;
 * thread scheduling still decides which connection meets which choice, so a replay hits the same
 * kinds of faults, not the same bytes.
 *
 * <p>The proxy also sees the first line of each HTTP request and the status of its answer: {@link
 * #onAnswer} runs a hook after the server answered and before the device gets the answer, the
 * window a crash-safe device must survive.
 */
public final class FaultProxy implements AutoCloseable {
    /** What the proxy does to traffic. */
    public enum Fault {
        /** Forwards bytes as they come. */
        NONE,
        /** Delays every chunk by {@link #latency} plus up to {@link #jitter}. */
        LATENCY,
        /** Forwards at most {@link #bytesPerSecond} in each direction of a connection. */
        BANDWIDTH,
        /** Forwards part of the next request chunk, then resets both sides. */
        RESET_REQUEST,
        /** Forwards part of the next response chunk, then resets both sides. */
        RESET_RESPONSE,
        /** Accepts connections and swallows every byte in both directions, answering nothing. */
        BLACK_HOLE,
        /**
         * Requests reach the server, but its answer is swallowed and the server side is closed
         * while the device's side stays open and silent: the server did the work, the device
         * never hears.
         */
        HALF_OPEN,
        /** Stops listening (connections are refused) and resets the open ones. */
        REFUSE
    }

    private static final int CHUNK = 16 * 1024;

    private final InetSocketAddress target;
    private final Random random;
    private final AtomicReference<Fault> fault = new AtomicReference<>(Fault.NONE);
    private final Map<Fault, AtomicLong> struck = new EnumMap<>(Fault.class);
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private volatile BiConsumer<String, Integer> answerHook = (request, status) -> {};
    private volatile Duration latency = Duration.ofMillis(50);
    private volatile Duration jitter = Duration.ofMillis(100);
    private volatile int bytesPerSecond = 64 * 1024;
    private volatile ServerSocket listener;
    /** Keeps the port bound, without listening, while the proxy refuses (see {@link #holdPort}). */
    private volatile Socket portHold;

    private volatile Thread acceptor;

    private volatile boolean closed;
    private final int port;

    private FaultProxy(InetSocketAddress target, long seed) {
        this.target = target;
        this.random = new Random(seed);
        for (Fault kind : Fault.values()) {
            struck.put(kind, new AtomicLong());
        }
        this.listener = listen(0);
        this.port = listener.getLocalPort();
        this.acceptor = startAccepting(listener);
    }

    /**
     * Starts a proxy on a free loopback port in front of {@code host:port}.
     *
     * @param seed seeds the random choices of jitter and cut points
     */
    public static FaultProxy start(String host, int port, long seed) {
        return new FaultProxy(new InetSocketAddress(host, port), seed);
    }

    /** The port devices connect to. */
    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}, the server URL to give devices. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The fault now in force. */
    public Fault fault() {
        return fault.get();
    }

    /** Switches to a fault; it acts on the next bytes of every connection, open or new. */
    public synchronized void set(Fault next) {
        if (closed) {
            throw new IllegalStateException("fault proxy on port " + port + " is closed");
        }
        Fault previous = fault.getAndSet(next);
        if (next == Fault.REFUSE && previous != Fault.REFUSE) {
            struck.get(Fault.REFUSE).incrementAndGet();
            stopListening();
            portHold = holdPort(port);
            links.forEach(Link::reset);
        } else if (previous == Fault.REFUSE && next != Fault.REFUSE) {
            listener = listen(port); // binds beside the hold: neither socket listened before
            closeQuietly(portHold);
            portHold = null;
            acceptor = startAccepting(listener);
        }
    }

    /** Sets the delay of {@link Fault#LATENCY}: {@code base} plus a uniform random part up to {@code jitter}. */
    public FaultProxy latency(Duration base, Duration jitter) {
        this.latency = base;
        this.jitter = jitter;
        return this;
    }

    /** Sets the rate of {@link Fault#BANDWIDTH}, per direction and connection. */
    public FaultProxy bandwidth(int bytesPerSecond) {
        if (bytesPerSecond < 20) {
            throw new IllegalArgumentException("bandwidth must be at least 20 bytes/s, got " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
        return this;
    }

    /**
     * Runs {@code hook} with an HTTP request line ({@code "POST /v1/sync/push HTTP/1.1"}) and the
     * status of its answer after the server answered and before the answer is forwarded. A hook
     * that kills the device process makes the device die in exactly that window.
     */
    public void onAnswer(BiConsumer<String, Integer> hook) {
        this.answerHook = hook;
    }

    /**
     * Runs {@code action} once, on the {@code nth} 2xx answer to a request for {@code path} (its
     * query ignored), before the device gets that answer; replaces any earlier hook.
     */
    public void onNthSuccess(String path, int nth, Runnable action) {
        AtomicLong seen = new AtomicLong();
        onAnswer((request, status) -> {
            if (status / 100 == 2 && path.equals(pathOf(request)) && seen.incrementAndGet() == nth) {
                action.run();
            }
        });
    }

    /** Removes the answer hook. */
    public void clearAnswerHook() {
        onAnswer((request, status) -> {});
    }

    private static String pathOf(String requestLine) {
        String[] parts = requestLine.split(" ");
        if (parts.length < 2) {
            return "";
        }
        int query = parts[1].indexOf('?');
        return query < 0 ? parts[1] : parts[1].substring(0, query);
    }

    /** Resets every open connection now, whatever the fault. */
    public void resetAll() {
        links.forEach(Link::reset);
    }

    /** How many times each fault struck (a chunk delayed, a stream cut, a connection swallowed). */
    public Map<Fault, Long> struck() {
        Map<Fault, Long> counts = new EnumMap<>(Fault.class);
        struck.forEach((kind, count) -> counts.put(kind, count.get()));
        return counts;
    }

    /** Connections accepted so far. */
    public long accepted() {
        return accepted.get();
    }

    /** Connections open now. */
    public int openConnections() {
        return links.size();
    }

    @Override
    public synchronized void close() {
        closed = true;
        stopListening();
        closeQuietly(portHold);
        links.forEach(Link::reset);
    }

    // ------------------------------------------------------------------ accepting

    private static ServerSocket listen(int port) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException("fault proxy cannot listen on port " + port, e);
        }
    }

    /**
     * Binds a socket that never listens to the proxy's port, so connects are refused while no other
     * program (any test binding port 0 on this machine) can be given the port and answer in the
     * proxy's place. Both sockets reuse the address, so the listener binds again beside the hold.
     */
    private static Socket holdPort(int port) {
        Socket hold = new Socket();
        try {
            hold.setReuseAddress(true);
            hold.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return hold;
        } catch (IOException e) {
            closeQuietly(hold);
            throw new UncheckedIOException("fault proxy lost port " + port + " to another program while refusing", e);
        }
    }

    /**
     * Closes the listener and waits for its accept thread to end. Closing a socket that a thread is
     * blocked on only marks it: the kernel keeps it listening, and completes connects, until that
     * thread wakes, which on a loaded machine can be milliseconds later.
     */
    private void stopListening() {
        closeQuietly(listener);
        try {
            acceptor.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "interrupted while the fault proxy on port " + port + " stopped listening", e);
        }
        if (acceptor.isAlive()) {
            throw new IllegalStateException("fault proxy on port " + port + " still accepts 10 s after closing");
        }
    }

    private Thread startAccepting(ServerSocket socket) {
        return NamedThreads.daemon("fault-proxy-accept-" + port).start(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket device = socket.accept();
                    accepted.incrementAndGet();
                    NamedThreads.daemon("fault-proxy-connect").start(() -> open(device));
                } catch (IOException stopped) {
                    return; // REFUSE or close() closed the listener
                }
            }
        });
    }

    private void open(Socket device) {
        if (fault.get() == Fault.BLACK_HOLE) {
            struck.get(Fault.BLACK_HOLE).incrementAndGet();
            Link link = new Link(device, null);
            links.add(link);
            NamedThreads.daemon("fault-proxy-black-hole").start(() -> swallow(link));
            return;
        }
        Socket server = new Socket();
        try {
            server.setTcpNoDelay(true);
            device.setTcpNoDelay(true);
            server.connect(target, 5_000);
        } catch (IOException e) {
            // the server is down: the device sees its connection reset
            reset(device);
            closeQuietly(server);
            return;
        }
        Link link = new Link(device, server);
        links.add(link);
        NamedThreads.daemon("fault-proxy-up").start(() -> pump(link, true));
        NamedThreads.daemon("fault-proxy-down").start(() -> pump(link, false));
    }

    // ------------------------------------------------------------------ forwarding

    /** One proxied connection: the device's socket, the server's, and the HTTP exchange in flight. */
    private final class Link {
        final Socket device;
        final Socket server;
        volatile String requestLine;
        volatile boolean answering;
        volatile boolean halfOpen;

        Link(Socket device, Socket server) {
            this.device = device;
            this.server = server;
        }

        void reset() {
            FaultProxy.reset(device);
            FaultProxy.reset(server);
            links.remove(this);
        }

        void closeGently() {
            closeQuietly(device);
            closeQuietly(server);
            links.remove(this);
        }
    }

    private void pump(Link link, boolean upstream) {
        Socket from = upstream ? link.device : link.server;
        Socket to = upstream ? link.server : link.device;
        byte[] buffer = new byte[CHUNK];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            while (true) {
                int read = in.read(buffer);
                if (read < 0) {
                    link.closeGently();
                    return;
                }
                if (!forward(link, upstream, buffer, read, out)) {
                    return;
                }
            }
        } catch (IOException e) {
            if (!link.halfOpen || upstream) {
                link.reset();
            }
        }
    }

    /** Forwards one chunk under the fault now in force; false once the connection is finished. */
    private boolean forward(Link link, boolean upstream, byte[] buffer, int length, OutputStream out)
            throws IOException {
        if (link.halfOpen) {
            return upstream; // the device's bytes vanish; the server side is gone
        }
        if (upstream) {
            noteRequest(link, buffer, length);
        } else {
            noteAnswer(link, buffer, length);
        }
        Fault now = fault.get();
        switch (now) {
            case LATENCY -> {
                struck.get(now).incrementAndGet();
                pause(latency.toMillis() + (jitter.isZero() ? 0 : nextInt((int) jitter.toMillis() + 1)));
                out.write(buffer, 0, length);
            }
            case BANDWIDTH -> {
                struck.get(now).incrementAndGet();
                throttle(buffer, length, out);
            }
            case RESET_REQUEST, RESET_RESPONSE -> {
                if (upstream != (now == Fault.RESET_REQUEST)) {
                    out.write(buffer, 0, length);
                    break;
                }
                struck.get(now).incrementAndGet();
                out.write(buffer, 0, nextInt(length));
                out.flush();
                link.reset();
                return false;
            }
            case BLACK_HOLE -> {
                struck.get(now).incrementAndGet();
                return true; // swallowed; the connection stays open and silent
            }
            case HALF_OPEN -> {
                if (upstream) {
                    out.write(buffer, 0, length);
                    return true;
                }
                struck.get(now).incrementAndGet();
                link.halfOpen = true;
                closeQuietly(link.server);
                return false; // the device's socket stays open; nobody will ever write to it
            }
            case REFUSE -> {
                link.reset();
                return false;
            }
            default -> out.write(buffer, 0, length);
        }
        out.flush();
        return true;
    }

    private void throttle(byte[] buffer, int length, OutputStream out) throws IOException {
        int slice = Math.max(1, bytesPerSecond / 20);
        for (int offset = 0; offset < length; offset += slice) {
            int size = Math.min(slice, length - offset);
            out.write(buffer, offset, size);
            out.flush();
            pause(TimeUnit.SECONDS.toMillis(1) * size / bytesPerSecond);
        }
    }

    private void noteRequest(Link link, byte[] buffer, int length) {
        if (link.requestLine == null || link.answering) {
            String line = firstLine(buffer, length);
            if (line.endsWith("HTTP/1.1") || line.endsWith("HTTP/1.0")) {
                link.requestLine = line;
                link.answering = false;
            }
        }
    }

    private void noteAnswer(Link link, byte[] buffer, int length) {
        String request = link.requestLine;
        if (request == null || link.answering) {
            return;
        }
        String line = firstLine(buffer, length);
        if (line.startsWith("HTTP/1.")) {
            link.answering = true;
            int status = Integer.parseInt(line.substring(9, Math.min(line.length(), 12)));
            answerHook.accept(request, status);
        }
    }

    private static String firstLine(byte[] buffer, int length) {
        int end = 0;
        while (end < length && end < 2048 && buffer[end] != '\r' && buffer[end] != '\n') {
            end++;
        }
        return new String(buffer, 0, end, StandardCharsets.ISO_8859_1);
    }

    private void swallow(Link link) {
        byte[] buffer = new byte[CHUNK];
        try (InputStream in = link.device.getInputStream()) {
            while (in.read(buffer) >= 0) {
                // a black hole answers nothing
            }
        } catch (IOException ignored) {
            // reset by the device or by close()
        } finally {
            links.remove(link);
            closeQuietly(link.device);
        }
    }

    private int nextInt(int bound) {
        synchronized (random) {
            return bound <= 0 ? 0 : random.nextInt(bound);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reset(Socket socket) {
        if (socket == null || socket.isClosed()) {
            return;
        }
        try {
            socket.setSoLinger(true, 0); // close with RST, not FIN
        } catch (SocketException ignored) {
            // already broken: closing is all that is left
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing is best effort
        }
    }
}
