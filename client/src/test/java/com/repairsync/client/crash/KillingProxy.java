package com.repairsync.client.crash;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A plain HTTP proxy between a device process and the server that can kill the device at an exact
 * moment: after the server answered a request, before the device got the answer. That is the
 * window a crash-safe device must survive (the server applied a push, rotated a token...) and the
 * one a random kill hits only by luck. WebSockets are not proxied: devices behind it run without
 * auto-sync.
 */
final class KillingProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of(
            "host", "connection", "content-length", "transfer-encoding", "expect", "upgrade", "keep-alive", "te");

    /** Kills the device on the {@code nth} successful answer to a path (1-based). */
    private record Trap(String path, int nth, Runnable kill, AtomicInteger seen) {}

    private final String target;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "killing-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final AtomicReference<Trap> trap = new AtomicReference<>();
    private final AtomicInteger sprung = new AtomicInteger();

    KillingProxy(String targetBaseUrl) {
        this.target =
                targetBaseUrl.endsWith("/") ? targetBaseUrl.substring(0, targetBaseUrl.length() - 1) : targetBaseUrl;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::forward);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Arms the trap: the nth 2xx answer to {@code path} runs {@code kill} before the device sees it. */
    void killOn(String path, int nth, Runnable kill) {
        trap.set(new Trap(path, nth, kill, new AtomicInteger()));
    }

    void disarm() {
        trap.set(null);
    }

    /** How many times a trap killed a device. */
    int sprung() {
        return sprung.get();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create(target + path + (query == null ? "" : "?" + query)))
                    .timeout(Duration.ofSeconds(30))
                    .method(
                            exchange.getRequestMethod(),
                            body.length == 0
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<byte[]> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                exchange.sendResponseHeaders(502, -1);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            Trap armed = trap.get();
            if (armed != null
                    && armed.path().equals(path)
                    && response.statusCode() / 100 == 2
                    && armed.seen().incrementAndGet() == armed.nth()) {
                // The server has done its part; the device dies before it hears about it.
                sprung.incrementAndGet();
                armed.kill().run();
            }
            for (Map.Entry<String, List<String>> header :
                    response.headers().map().entrySet()) {
                String name = header.getKey();
                if (!name.startsWith(":") && !HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                    exchange.getResponseHeaders().put(name, header.getValue());
                }
            }
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        } catch (IOException deviceGone) {
            // the device was killed while we answered it: exactly what the trap is for
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
