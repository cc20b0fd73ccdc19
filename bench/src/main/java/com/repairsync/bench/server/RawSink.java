package com.repairsync.bench.server;

import com.repairsync.protocol.NamedThreads;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The plain HTTP upload the attachments scenario compares the file lane with: {@code POST
 * /raw/<name>} writes the request's body to a new file under {@code <data>/raw-sink}, forces it to
 * the disk (the file lane forces every chunk it stores) and answers 204. Nothing is checked or
 * hashed. It runs in the server's JVM, started on the harness's request, so that it receives on
 * the same side of loopback as the server does.
 */
final class RawSink {
    private final HttpServer http;
    private final ExecutorService threads = Executors.newFixedThreadPool(8, NamedThreads.numberedDaemons("raw-sink"));
    private final Path folder;
    private final AtomicLong files = new AtomicLong();

    private RawSink(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
        this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        http.createContext("/raw/", this::store);
        http.setExecutor(threads);
        http.start();
    }

    /** Starts a sink writing into {@code folder}. */
    static RawSink start(Path folder) throws IOException {
        return new RawSink(folder);
    }

    int port() {
        return http.getAddress().getPort();
    }

    private void store(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Path target = folder.resolve("upload-" + files.incrementAndGet());
            byte[] buffer = new byte[256 * 1024];
            try (InputStream body = exchange.getRequestBody();
                    FileChannel out =
                            FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                for (int read; (read = body.read(buffer)) >= 0; ) {
                    ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, read);
                    while (bytes.hasRemaining()) {
                        out.write(bytes);
                    }
                }
                out.force(true);
            }
            exchange.sendResponseHeaders(204, -1);
        }
    }

    void stop() {
        http.stop(0);
        threads.shutdownNow();
    }
}
