package com.repairsync.client.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.protocol.PullResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads {@code GET /v1/sync/pull/stream}: pages as they arrive, one JSON object per line
 * (NDJSON), parsed ahead on the transport's executor while the caller stores the last one.
 */
final class PullStreamReader {
    private static final String NDJSON_TYPE = "application/x-ndjson";
    /** Pages parsed ahead of the one being stored. */
    private static final int PAGES_READ_AHEAD = 8;

    private final HttpExchange exchange;
    private final ObjectMapper json;
    private final ExecutorService executor;

    PullStreamReader(HttpExchange exchange, ObjectMapper json, ExecutorService executor) {
        this.exchange = exchange;
        this.json = json;
        this.executor = executor;
    }

    /**
     * Asks for up to {@code pages} pages and hands them to {@code store}; returns the last one, or
     * null if the server predates the stream (404), which the caller then asks page by page.
     */
    PullResponse read(String accessToken, SyncTransport.PullQuery query, int pages, Consumer<PullResponse> store) {
        HttpRequest request = exchange.request(
                        "/v1/sync/pull/stream?" + HttpExchange.queryString(query) + "&pages=" + pages, accessToken)
                .setHeader("Accept", NDJSON_TYPE + ", application/problem+json")
                .GET()
                .build();
        HttpExchange.Streaming streaming = exchange.stream(request);
        HttpResponse<?> response = streaming.response();
        try (StreamedBody body = streaming.body()) {
            if (response.statusCode() == 404) {
                body.readAllBytes();
                return null;
            }
            if (response.statusCode() / 100 != 2) {
                byte[] bytes = body.readAllBytes();
                throw exchange.failures()
                        .failure(HttpExchange.decode(
                                new HttpReply(request.uri(), response.statusCode(), response.headers(), bytes)));
            }
            return readPages(
                    request.uri(),
                    response,
                    HttpReply.gzipped(response.headers()) ? new GZIPInputStream(body, 64 * 1024) : body,
                    store);
        } catch (IOException e) {
            throw HttpFailures.offline(request.uri(), e);
        }
    }

    /**
     * Hands the stream's pages to {@code store} in order. A reader on the transport's executor
     * parses ahead (at most {@value #PAGES_READ_AHEAD} pages) while the caller stores, so parsing,
     * storing and the server's reading of the next pages overlap; pages that arrived meanwhile are
     * handed over together (see {@link PageHandover}).
     */
    private PullResponse readPages(URI uri, HttpResponse<?> response, InputStream in, Consumer<PullResponse> store) {
        BlockingQueue<Object> parsed = new ArrayBlockingQueue<>(PAGES_READ_AHEAD);
        Future<?> reader = executor.submit(() -> parse(uri, response.statusCode(), in, parsed));
        PullResponse last;
        try {
            last = PageHandover.handOver(parsed, store);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OfflineException("interrupted while reading " + uri, e);
        } catch (IOException e) {
            throw HttpFailures.offline(uri, e);
        } finally {
            reader.cancel(true);
        }
        if (last == null) {
            throw HttpFailures.unreadableStream(uri, response.statusCode(), "the stream has no page");
        }
        return last;
    }

    /** Reader thread: parses pages into {@code parsed}, then how the stream ended. */
    private Void parse(URI uri, int status, InputStream in, BlockingQueue<Object> parsed) throws InterruptedException {
        Object outcome = PageHandover.END_OF_PAGES;
        try (MappingIterator<PullResponse> pages =
                json.readerFor(PullResponse.class).readValues(in)) {
            while (pages.hasNextValue()) {
                PullResponse page = pages.nextValue();
                if (page == null || page.changes() == null) {
                    throw HttpFailures.unreadableStream(uri, status, "a page is null or has no changes");
                }
                parsed.put(page);
            }
        } catch (InterruptedException stopped) {
            return null; // the caller stopped reading (it failed, or gave up)
        } catch (JsonProcessingException e) {
            outcome = HttpFailures.unreadableStream(uri, status, e.getOriginalMessage());
        } catch (IOException | RuntimeException e) {
            outcome = e;
        }
        parsed.put(outcome);
        return null;
    }
}
