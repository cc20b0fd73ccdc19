package com.repairsync.bench.scenario;

import com.repairsync.protocol.NamedThreads;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The baseline of the attachments scenario: the same photo files sent as raw request bodies, one
 * {@code POST} per photo with {@code java.net.http} (HTTP/1.1, as the SDK's transport), {@code
 * concurrency} at a time, to the server JVM's raw sink, which writes each to a file and forces it
 * to the disk. No hashing, no chunks, no database.
 */
final class PlainUpload {
    /** What the baseline sent: bytes, seconds from the first request to the last answer, failures. */
    record Result(long bytes, double seconds, int failed) {}

    private PlainUpload() {}

    static Result send(String sinkUrl, List<Path> photos, int concurrency) throws Exception {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService senders =
                Executors.newFixedThreadPool(concurrency, NamedThreads.numberedDaemons("plain-upload"));
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long bytes = 0;
        for (Path photo : photos) {
            bytes += java.nio.file.Files.size(photo);
        }
        try {
            long start = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                running.add(senders.submit(() -> {
                    for (int index; (index = next.getAndIncrement()) < photos.size(); ) {
                        HttpRequest request = HttpRequest.newBuilder(URI.create(sinkUrl + "/photo-" + index))
                                .POST(HttpRequest.BodyPublishers.ofFile(photos.get(index)))
                                .header("Content-Type", "image/jpeg")
                                .build();
                        int status = client.send(request, HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                        if (status != 204) {
                            failed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> sender : running) {
                sender.get();
            }
            return new Result(bytes, (System.nanoTime() - start) / 1e9, failed.get());
        } finally {
            senders.shutdownNow();
        }
    }
}
