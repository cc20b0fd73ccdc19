package com.repairsync.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.protocol.FileUpload;
import com.repairsync.protocol.Sha256;
import com.repairsync.protocol.WireVersions;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

/** The file lane as a device of this protocol version uses it: small files uploaded whole, records pushed. */
public final class FileUploads {
    private static final String PROTOCOL = Integer.toString(WireVersions.CURRENT);

    private FileUploads() {}

    /** PNG bytes of the given size: the signature, then a pattern. */
    public static byte[] png(int size, int seed) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(signature, 0, bytes, 0, Math.min(size, signature.length));
        return bytes;
    }

    /** Uploads a file of at most one chunk; returns its hash once the server holds it. */
    public static String upload(TestServer server, Device device, byte[] file) {
        String hash = Sha256.of(file);
        JsonHttp.Response begun = server.http()
                .send(request(server, device, "/v1/files/" + hash)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"size\":" + file.length + "}"))
                        .build());
        assertThat(begun.status()).as("%s", begun).isEqualTo(200);
        JsonHttp.Response put = server.http()
                .send(request(server, device, "/v1/files/" + hash + "/chunks/0")
                        .header("Content-Type", "application/octet-stream")
                        .header(FileUpload.CHUNK_HASH_HEADER, hash)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(file))
                        .build());
        assertThat(put.body().path("complete").asBoolean()).as("%s", put).isTrue();
        return hash;
    }

    /** Pushes one mutation as a device of this protocol version; the response body. */
    public static JsonNode push(TestServer server, Device device, Mutations mutation) {
        var node = mutation.build().put("hlc", device.nextHlc().toString()).put("actorId", device.employeeId());
        String body;
        try {
            body = JsonHttp.JSON.writeValueAsString(Map.of("deviceId", device.deviceId(), "mutations", List.of(node)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        JsonHttp.Response response = server.http()
                .send(request(server, device, "/v1/sync/push")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.body();
    }

    private static HttpRequest.Builder request(TestServer server, Device device, String path) {
        return server.http().request(path, device.accessToken()).header(WireVersions.PROTOCOL_HEADER, PROTOCOL);
    }
}
