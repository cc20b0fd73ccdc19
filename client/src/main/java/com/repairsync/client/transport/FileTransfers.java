package com.repairsync.client.transport;

import com.repairsync.protocol.FileUpload;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * The file lane over HTTP (wire version 5): starting or resuming an upload, sending a chunk, and
 * downloading a file from an offset. Uploads go as their own requests, beside the pushes and pulls
 * on the same client, so a large file never waits in front of a record.
 */
final class FileTransfers {
    private static final String OCTETS = "application/octet-stream";

    private final HttpExchange exchange;

    FileTransfers(HttpExchange exchange) {
        this.exchange = exchange;
    }

    FileUpload begin(String token, String hash, long size) {
        String path = "/v1/files/" + HttpExchange.encode(hash);
        return exchange.read(exchange.exchange(exchange.post(path, Map.of("size", size), token)), FileUpload.class);
    }

    FileUpload chunk(String token, String hash, int index, byte[] bytes, String chunkSha256) {
        HttpRequest request = exchange.request("/v1/files/" + HttpExchange.encode(hash) + "/chunks/" + index, token)
                .header("Content-Type", OCTETS)
                .header(FileUpload.CHUNK_HASH_HEADER, chunkSha256)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        return exchange.read(exchange.exchange(request), FileUpload.class);
    }

    /** Streams the file from {@code from} into {@code reader}; a stall longer than the request timeout ends it. */
    <T> T download(String token, String hash, long from, SyncTransport.FileReader<T> reader) {
        HttpRequest.Builder builder = exchange.request("/v1/files/" + HttpExchange.encode(hash), token)
                .setHeader("Accept", OCTETS + ", */*")
                .setHeader("Accept-Encoding", "identity");
        if (from > 0) {
            builder.header("Range", "bytes=" + from + "-");
        }
        HttpRequest request = builder.GET().build();
        HttpExchange.Streaming streaming = exchange.stream(request);
        HttpResponse<?> response = streaming.response();
        try (StreamedBody body = streaming.body()) {
            int status = response.statusCode();
            if (status / 100 != 2) {
                throw exchange.failures()
                        .failure(HttpExchange.decode(
                                new HttpReply(request.uri(), status, response.headers(), body.readAllBytes())));
            }
            if (from > 0 && status != 206) {
                body.skipNBytes(from); // a server that ignores Range sends the whole file
            }
            return reader.read(body, size(response, from, status));
        } catch (IOException e) {
            throw HttpFailures.offline(request.uri(), e);
        }
    }

    /** The whole file's size: after the slash of a 206's Content-Range, else the Content-Length. */
    private static long size(HttpResponse<?> response, long from, int status) {
        if (status == 206) {
            String range = response.headers().firstValue("Content-Range").orElse("");
            int slash = range.lastIndexOf('/');
            if (slash >= 0) {
                try {
                    return Long.parseLong(range.substring(slash + 1).strip());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return response.headers().firstValueAsLong("Content-Length").orElse(-1);
    }
}
