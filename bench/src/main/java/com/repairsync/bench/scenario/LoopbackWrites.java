package com.repairsync.bench.scenario;

import com.repairsync.protocol.NamedThreads;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The floor under the server's CPU per socket per change: one thread of the harness writes a
 * WebSocket text frame of the same size to each of N loopback sockets, round after round, while one
 * selector thread reads them all (as the stand-ins are read), and its CPU per write is measured. On
 * loopback the kernel's receive path runs in the writer's system call, so this counts it as it
 * counts for the server. Nothing else is done per socket: no framing, queueing or accounting.
 */
final class LoopbackWrites {
    /** Pause between rounds, so the reader drains each round as it drains a change's messages. */
    private static final long ROUND_GAP_MILLIS = 10;

    private LoopbackWrites() {}

    /**
     * CPU microseconds of the writing thread per frame written, over {@code rounds} rounds of one
     * frame with a {@code payloadBytes} payload to each of {@code sockets} sockets.
     *
     * @throws IllegalArgumentException if a count is not positive
     */
    static double cpuMicrosPerWrite(int sockets, int rounds, int payloadBytes)
            throws IOException, InterruptedException {
        if (sockets < 1 || rounds < 1 || payloadBytes < 1) {
            throw new IllegalArgumentException("sockets, rounds and payload bytes must be positive, got " + sockets
                    + ", " + rounds + " and " + payloadBytes);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ByteBuffer frame = textFrame(payloadBytes);
        List<SocketChannel> writers = new ArrayList<>(sockets);
        List<SocketChannel> readers = new ArrayList<>(sockets);
        try (ServerSocketChannel listener = ServerSocketChannel.open();
                Selector selector = Selector.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), sockets);
            for (int i = 0; i < sockets; i++) {
                SocketChannel reader = SocketChannel.open(listener.getLocalAddress());
                readers.add(reader);
                SocketChannel writer = listener.accept();
                writer.setOption(StandardSocketOptions.TCP_NODELAY, true);
                writers.add(writer);
                reader.configureBlocking(false);
                reader.register(selector, SelectionKey.OP_READ);
            }
            AtomicReference<IOException> readFailure = new AtomicReference<>();
            Thread reading = NamedThreads.daemon("loopback-reader").start(() -> drain(selector, readFailure));
            try {
                long start = threads.getCurrentThreadCpuTime();
                long gaps = 0;
                for (int round = 0; round < rounds; round++) {
                    for (SocketChannel writer : writers) {
                        ByteBuffer bytes = frame.duplicate();
                        while (bytes.hasRemaining()) {
                            writer.write(bytes);
                        }
                    }
                    long gapStart = threads.getCurrentThreadCpuTime();
                    Thread.sleep(ROUND_GAP_MILLIS);
                    gaps += threads.getCurrentThreadCpuTime() - gapStart;
                }
                long cpu = threads.getCurrentThreadCpuTime() - start - gaps;
                if (readFailure.get() != null) {
                    throw new IOException("the loopback reader failed", readFailure.get());
                }
                return cpu / 1e3 / ((long) sockets * rounds);
            } finally {
                reading.interrupt();
                selector.wakeup();
                reading.join(5_000);
            }
        } finally {
            for (SocketChannel channel : writers) {
                channel.close();
            }
            for (SocketChannel channel : readers) {
                channel.close();
            }
        }
    }

    /** A server-to-client text frame (unmasked) of {@code payloadBytes} bytes of JSON-like text. */
    private static ByteBuffer textFrame(int payloadBytes) {
        int header = payloadBytes < 126 ? 2 : payloadBytes <= 0xFFFF ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocate(header + payloadBytes);
        frame.put((byte) 0x81); // FIN, text
        if (payloadBytes < 126) {
            frame.put((byte) payloadBytes);
        } else if (payloadBytes <= 0xFFFF) {
            frame.put((byte) 126).putShort((short) payloadBytes);
        } else {
            frame.put((byte) 127).putLong(payloadBytes);
        }
        while (frame.hasRemaining()) {
            frame.put((byte) 'x');
        }
        return frame.flip().asReadOnlyBuffer();
    }

    /** Reads and discards until interrupted; a failure before that is kept for the writer. */
    private static void drain(Selector selector, AtomicReference<IOException> failure) {
        ByteBuffer sink = ByteBuffer.allocate(64 * 1024);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    SocketChannel channel = (SocketChannel) key.channel();
                    while (channel.read(sink.clear()) > 0) {
                        // discard: only the writer's side is measured
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            if (!Thread.currentThread().isInterrupted()) {
                failure.set(e); // interrupted, it is the end: a read may fail as the sockets close
            }
        }
    }
}
