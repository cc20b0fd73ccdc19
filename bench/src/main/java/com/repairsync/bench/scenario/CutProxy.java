package com.repairsync.bench.scenario;

import com.repairsync.protocol.NamedThreads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP proxy in front of the server that counts every byte a device sends through it (requests
 * with their headers, chunks, the realtime socket) and can cut the connection carrying a chosen
 * byte: the bytes before it reach the server, then both sides of that connection are closed, as a
 * dropped network would. The attachments scenario measures what resuming a cut upload resends.
 */
final class CutProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final ExecutorService threads = Executors.newCachedThreadPool(NamedThreads.numberedDaemons("cut-proxy"));
    private long upstream;
    private long cutAt = Long.MAX_VALUE;
    private int cuts;

    private CutProxy(ServerSocket listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
        threads.execute(this::accept);
    }

    /** A proxy to the server at {@code url} on a free loopback port. */
    static CutProxy to(String url) throws IOException {
        URI uri = URI.create(url);
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        return new CutProxy(listener, new InetSocketAddress(uri.getHost(), uri.getPort()));
    }

    String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** Starts counting again from zero, and cuts the connection that carries byte {@code index} (from 0). */
    synchronized void countAndCutAt(long index) {
        upstream = 0;
        cutAt = index;
        cuts = 0;
    }

    /** Bytes the device sent since {@link #countAndCutAt}, the cut connection's up to the cut. */
    synchronized long upstreamBytes() {
        return upstream;
    }

    synchronized int cuts() {
        return cuts;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket device = listener.accept();
                Socket server = new Socket(target.getAddress(), target.getPort());
                device.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                threads.execute(() -> pumpUp(device, server));
                threads.execute(() -> pump(server, device));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Device to server, counted; ends both sockets at the cut. */
    private void pumpUp(Socket device, Socket server) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = device.getInputStream()) {
            OutputStream out = server.getOutputStream();
            for (int read; (read = in.read(buffer)) >= 0; ) {
                int pass = take(read);
                out.write(buffer, 0, pass);
                if (pass < read) {
                    out.flush();
                    break;
                }
            }
        } catch (IOException e) {
            // the other side closed
        } finally {
            closeBoth(device, server);
        }
    }

    /** How many of {@code read} bytes go through: all, or those before the cut (then the cut is spent). */
    private synchronized int take(int read) {
        long before = upstream;
        if (before + read > cutAt) {
            int pass = (int) (cutAt - before);
            upstream += pass;
            cutAt = Long.MAX_VALUE;
            cuts++;
            return pass;
        }
        upstream += read;
        return read;
    }

    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            for (int read; (read = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, read);
            }
        } catch (IOException e) {
            // the other side closed
        } finally {
            closeBoth(from, to);
        }
    }

    private static void closeBoth(Socket a, Socket b) {
        try {
            a.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            b.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        threads.shutdownNow();
    }
}
