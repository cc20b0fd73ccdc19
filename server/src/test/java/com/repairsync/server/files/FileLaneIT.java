package com.repairsync.server.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.FileUpload;
import com.repairsync.protocol.Sha256;
import com.repairsync.protocol.WireVersions;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The file lane end to end: chunked uploads that resume, dedupe within a shop, downloads (whole
 * and from an offset), every refusal a problem naming its reason with nothing half-stored, and the
 * records that name files: applied only once the shop holds the bytes, never sent to older devices.
 */
class FileLaneIT {
    private static final int CHUNK = FileUpload.DEFAULT_CHUNK_SIZE;
    private static final int SIZE = 2 * CHUNK + CHUNK / 2; // three chunks, the last one short
    private static final String PROTOCOL = Integer.toString(WireVersions.CURRENT);
    private static final int MISMATCH = ErrorCode.HASH_MISMATCH.httpStatus();

    @RegisterExtension
    static final TestServer server = TestServer.start(
            Clock.systemUTC(), Map.of("--max-attachment", "4MiB", "--attachment-quota", "8MiB", "--max-body", "64KiB"));

    private static final Random RANDOM = new Random(27);

    @Test
    void aFileUploadedInChunksResumesDedupesAndDownloads() throws Exception {
        Device tablet = server.createShop().adminDevice("tablet");
        byte[] file = png(SIZE);
        String hash = Sha256.of(file);

        JsonNode begun = begin(tablet, hash, SIZE).body();
        assertThat(begun.path("chunkSize").asInt()).isEqualTo(CHUNK);
        assertThat(begun.path("received")).isEmpty();
        assertThat(begun.path("complete").asBoolean()).isFalse();
        assertThat(putChunk(tablet, hash, file, 0).body().path("received").toString())
                .isEqualTo("[0]");
        assertThat(putChunk(tablet, hash, file, 2).status()).isEqualTo(200);

        JsonNode resumed = begin(tablet, hash, SIZE).body();
        assertThat(resumed.path("received").toString())
                .as("the chunks it holds")
                .isEqualTo("[0,2]");
        JsonNode done = putChunk(tablet, hash, file, 1).body();
        assertThat(done.path("complete").asBoolean()).as("%s", done).isTrue();
        assertThat(done.path("contentType").asText()).isEqualTo("image/png");
        assertThat(putChunk(tablet, hash, file, 1).body().path("complete").asBoolean())
                .as("a chunk of a stored file answers complete")
                .isTrue();

        Device other = server.createShop().adminDevice("other");
        JsonNode again = begin(tablet, hash, SIZE).body();
        assertThat(again.path("complete").asBoolean()).as("dedupe").isTrue();
        assertThat(begin(other, hash, SIZE).body().path("complete").asBoolean())
                .as("never across shops")
                .isFalse();
        assertThat(download(other, hash, null).statusCode()).isEqualTo(404);
        assertThat(download(tablet, "f".repeat(64), null).statusCode())
                .as("the same answer for a file no shop has")
                .isEqualTo(404);

        HttpResponse<byte[]> whole = download(tablet, hash, null);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(Sha256.of(whole.body())).isEqualTo(hash);
        assertThat(whole.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(whole.headers().firstValue("ETag")).hasValue("\"" + hash + "\"");
        assertThat(whole.headers().firstValue("Cache-Control")).hasValue("private, max-age=31536000, immutable");
        long from = CHUNK + 12_345;
        HttpResponse<byte[]> rest = download(tablet, hash, "bytes=" + from + "-");
        assertThat(rest.statusCode()).isEqualTo(206);
        assertThat(rest.headers().firstValue("Content-Range"))
                .hasValue("bytes " + from + "-" + (SIZE - 1) + "/" + SIZE);
        assertThat(rest.body()).isEqualTo(Arrays.copyOfRange(file, (int) from, SIZE));
        assertThat(download(tablet, hash, "bytes=" + SIZE + "-").statusCode()).isEqualTo(416);
    }

    @Test
    void badUploadsAreRefusedNamingTheReasonAndNothingIsKept() throws Exception {
        Shop shop = server.createShop();
        Device tablet = shop.adminDevice("tablet");

        byte[] large = png(4 * CHUNK + 1);
        assertProblem(
                begin(tablet, Sha256.of(large), large.length),
                ErrorCode.FILE_TOO_LARGE.httpStatus(),
                "file_too_large",
                "size");
        assertProblem(begin(tablet, "NOT-A-HASH", 10), 400, "validation_failed", "hash");

        byte[] elf = png(SIZE);
        System.arraycopy(new byte[] {0x7f, 'E', 'L', 'F'}, 0, elf, 0, 4);
        String elfHash = Sha256.of(elf);
        begin(tablet, elfHash, SIZE);
        assertProblem(
                putChunk(tablet, elfHash, elf, 0),
                ErrorCode.FILE_TYPE_NOT_ALLOWED.httpStatus(),
                "file_type_not_allowed",
                "file");
        assertNothingKept(shop, elfHash);

        byte[] photo = png(SIZE);
        String hash = Sha256.of(photo);
        begin(tablet, hash, SIZE);
        assertProblem(
                put(tablet, hash, 0, Arrays.copyOf(photo, CHUNK), "0".repeat(64)), MISMATCH, "hash_mismatch", "chunk");
        assertProblem(
                put(tablet, hash, 0, Arrays.copyOf(photo, 10), null),
                400,
                "validation_failed",
                FileUpload.CHUNK_HASH_HEADER);
        byte[] shortChunk = Arrays.copyOf(photo, 100);
        assertProblem(put(tablet, hash, 0, shortChunk, Sha256.of(shortChunk)), 400, "validation_failed", "chunk");
        assertProblem(put(tablet, hash, 3, shortChunk, Sha256.of(shortChunk)), 400, "validation_failed", "index");
        assertThat(begin(tablet, hash, SIZE).body().path("received"))
                .as("nothing kept")
                .isEmpty();

        byte[] claimed = png(SIZE);
        String claimedHash = Sha256.of(claimed);
        byte[] sent = claimed.clone();
        sent[SIZE - 1] ^= 1; // each chunk matches its own header, the whole file not its name
        begin(tablet, claimedHash, SIZE);
        putChunk(tablet, claimedHash, sent, 0);
        putChunk(tablet, claimedHash, sent, 1);
        assertProblem(putChunk(tablet, claimedHash, sent, 2), MISMATCH, "hash_mismatch", "file");
        assertNothingKept(shop, claimedHash);

        String never = Sha256.of(png(1000));
        assertProblem(put(tablet, never, 0, new byte[1000], Sha256.of(new byte[1000])), 404, "not_found", "hash");
    }

    @Test
    void aShopsQuotaCountsUploadsInProgress() {
        Device tablet = server.createShop().adminDevice("tablet");
        for (int i = 0; i < 3; i++) {
            assertThat(begin(tablet, Sha256.of(png(10 + i)), SIZE).status()).isEqualTo(200);
        }
        String fourth = Sha256.of(png(20));
        assertProblem(begin(tablet, fourth, SIZE), ErrorCode.QUOTA_EXCEEDED.httpStatus(), "quota_exceeded", "size");
    }

    @Test
    void aRecordNamingAFileAppliesOnlyOnceTheFileIsStoredAndOlderDevicesNeverSeeIt() throws Exception {
        Device tablet = server.createShop().adminDevice("tablet");
        String customer = UUID.randomUUID().toString();
        tablet.pushOk(List.of(Mutations.upsert("customers", customer).field("firstName", "Ada")));
        byte[] photo = png(3000);
        String hash = Sha256.of(photo);
        String attachment = UUID.randomUUID().toString();
        Mutations record = Mutations.upsert("attachments", attachment)
                .field("customerId", customer)
                .field("kind", "photo")
                .field("fileHash", hash)
                .field("contentType", "image/png")
                .field("size", photo.length)
                .field("addedBy", tablet.employeeId())
                .field("addedAt", "2026-11-25T09:00:00.000Z");

        JsonNode early = push(tablet, record, PROTOCOL);
        assertThat(early.path("results").get(0).path("status").asText())
                .as("%s", early)
                .isEqualTo("rejected");
        assertThat(early.path("results").get(0).path("code").asText()).isEqualTo("file_missing");
        assertThat(pull(tablet, PROTOCOL).toString()).doesNotContain(attachment);

        begin(tablet, hash, photo.length);
        assertThat(putChunk(tablet, hash, photo, 0).body().path("complete").asBoolean())
                .isTrue();
        JsonNode applied = push(tablet, record.id(UUID.randomUUID().toString()), PROTOCOL);
        assertThat(applied.path("results").get(0).path("status").asText())
                .as("%s", applied)
                .isEqualTo("applied");
        assertThat(pull(tablet, PROTOCOL).toString()).contains(attachment);

        assertThat(pull(tablet, "4").toString()).as("an older device").doesNotContain(attachment);
        JsonNode old = push(tablet, record.id(UUID.randomUUID().toString()), "4");
        assertThat(old.path("results").get(0).path("code").asText()).isEqualTo("unknown_entity");
    }

    // --- helpers ---

    /** PNG bytes: the signature, then random bytes. */
    private static byte[] png(int size) {
        byte[] bytes = new byte[size];
        RANDOM.nextBytes(bytes);
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(signature, 0, bytes, 0, Math.min(size, signature.length));
        return bytes;
    }

    private static JsonHttp.Response begin(Device device, String hash, long size) {
        return send(request(device, "/v1/files/" + hash)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"size\":" + size + "}"))
                .build());
    }

    private static JsonHttp.Response putChunk(Device device, String hash, byte[] file, int index) {
        int from = index * CHUNK;
        byte[] chunk = Arrays.copyOfRange(file, from, Math.min(file.length, from + CHUNK));
        return put(device, hash, index, chunk, Sha256.of(chunk));
    }

    private static JsonHttp.Response put(Device device, String hash, int index, byte[] chunk, String chunkHash) {
        HttpRequest.Builder request = request(device, "/v1/files/" + hash + "/chunks/" + index)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(chunk));
        if (chunkHash != null) {
            request.header(FileUpload.CHUNK_HASH_HEADER, chunkHash);
        }
        return send(request.build());
    }

    private static HttpResponse<byte[]> download(Device device, String hash, String range) throws Exception {
        HttpRequest.Builder request = request(device, "/v1/files/" + hash).GET();
        if (range != null) {
            request.header("Range", range);
        }
        return server.http().client().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode push(Device device, Mutations mutation, String protocol) throws Exception {
        var node = mutation.build().put("hlc", device.nextHlc().toString()).put("actorId", device.employeeId());
        String body =
                JsonHttp.JSON.writeValueAsString(Map.of("deviceId", device.deviceId(), "mutations", List.of(node)));
        JsonHttp.Response response = server.http()
                .send(request(device, "/v1/sync/push", protocol)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.body();
    }

    private static JsonNode pull(Device device, String protocol) {
        JsonHttp.Response response = server.http()
                .send(request(device, "/v1/sync/pull?cursor=0&limit=1000", protocol)
                        .GET()
                        .build());
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.body().path("changes");
    }

    private static HttpRequest.Builder request(Device device, String path) {
        return request(device, path, PROTOCOL);
    }

    private static HttpRequest.Builder request(Device device, String path, String protocol) {
        return server.http().request(path, device.accessToken()).header(WireVersions.PROTOCOL_HEADER, protocol);
    }

    private static JsonHttp.Response send(HttpRequest request) {
        return server.http().send(request);
    }

    private static void assertProblem(JsonHttp.Response response, int status, String code, String field) {
        assertThat(response.status()).as("%s", response).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().path("code").asText()).as("%s", response).isEqualTo(code);
        assertThat(response.body().path("field").asText()).as("%s", response).isEqualTo(field);
    }

    /** No row of the file and none of its bytes, in the database or on the disk. */
    private static void assertNothingKept(Shop shop, String hash) throws SQLException, IOException {
        try (Connection db = server.openDatabase()) {
            assertThat(count(db, "SELECT COUNT(*) FROM files WHERE hash = ?", hash))
                    .isZero();
            if (TestServer.isPostgres()) {
                assertThat(count(db, "SELECT COUNT(*) FROM file_chunks WHERE hash = ?", hash))
                        .isZero();
            }
        }
        Path folder = server.dataDir()
                .resolve("files")
                .resolve(shop.shopId())
                .resolve(hash.substring(0, 2))
                .resolve(hash);
        assertThat(Files.exists(folder)).as("%s", folder).isFalse();
    }

    private static long count(Connection db, String sql, String hash) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, hash);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
