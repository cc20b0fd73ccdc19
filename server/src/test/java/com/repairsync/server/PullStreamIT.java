package com.repairsync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /v1/sync/pull/stream}: the pages separate pulls would answer, one JSON object per line. */
class PullStreamIT {
    @RegisterExtension
    static final TestServer server = TestServer.start();

    @Test
    void aStreamCarriesThePagesSeparatePullsWouldAnswer() throws IOException {
        Device desk = deskWith(25);

        List<JsonNode> streamed = lines(get(desk, "cursor=0&limit=7&pages=10", false));

        assertThat(streamed).hasSize(4); // 26 changes (the owner and 25 customers) in pages of 7
        long cursor = 0;
        for (JsonNode page : streamed) {
            JsonNode separate = desk.pull("cursor=" + cursor + "&limit=7").body();
            assertThat(withoutClock(page)).isEqualTo(withoutClock(separate));
            cursor = page.get("cursor").asLong();
        }
        assertThat(streamed.get(3).get("hasMore").asBoolean()).isFalse();
        assertThat(cursor).isEqualTo(26);
    }

    @Test
    void theStreamEndsAfterItsPagesAndTheNextGoesOnFromTheLastCursor() throws IOException {
        Device desk = deskWith(25);

        List<JsonNode> first = lines(get(desk, "cursor=0&limit=10&pages=2", false));
        assertThat(first).hasSize(2);
        assertThat(first.get(1).get("hasMore").asBoolean()).isTrue();
        long cursor = first.get(1).get("cursor").asLong();
        List<JsonNode> rest = lines(get(desk, "cursor=" + cursor + "&limit=10&pages=2", false));

        List<Long> seqs = new ArrayList<>();
        for (JsonNode page : concat(first, rest)) {
            page.get("changes").forEach(change -> seqs.add(change.get("seq").asLong()));
        }
        assertThat(seqs).hasSize(26).doesNotHaveDuplicates().isSorted();
        assertThat(rest.get(rest.size() - 1).get("hasMore").asBoolean()).isFalse();
    }

    @Test
    void withGzipEveryPageIsCompressedAndStillALine() throws IOException {
        Device desk = deskWith(25);

        HttpResponse<byte[]> zipped = get(desk, "cursor=0&limit=7&pages=10", true);
        HttpResponse<byte[]> plain = get(desk, "cursor=0&limit=7&pages=10", false);

        assertThat(zipped.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(zipped.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
        List<JsonNode> unzipped = lines(new GZIPInputStream(new ByteArrayInputStream(zipped.body())));
        assertThat(unzipped.stream().map(PullStreamIT::withoutClock).toList())
                .isEqualTo(lines(plain).stream().map(PullStreamIT::withoutClock).toList());
    }

    @Test
    void badParametersAndMissingTokensAreProblemsBeforeAnyPage() throws IOException {
        Device desk = deskWith(1);

        for (String pages : List.of("0", "101", "-1", "x")) {
            JsonHttp.Response refused = server.http().get("/v1/sync/pull/stream?pages=" + pages, desk.accessToken());
            assertThat(refused.status()).as("pages=%s", pages).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.body().get("field").asText()).isEqualTo("pages");
        }
        JsonHttp.Response badCursor = server.http().get("/v1/sync/pull/stream?cursor=-1&pages=2", desk.accessToken());
        assertThat(badCursor.status()).isEqualTo(400);
        assertThat(badCursor.body().get("field").asText()).isEqualTo("cursor");
        JsonHttp.Response anonymous = server.http().get("/v1/sync/pull/stream?pages=2", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
    }

    private static Device deskWith(int customers) {
        Device desk = server.createShop().adminDevice("desk");
        List<Mutations> batch = new ArrayList<>();
        for (int i = 0; i < customers; i++) {
            batch.add(
                    Mutations.upsert("customers", UUID.randomUUID().toString()).field("firstName", "N" + i));
        }
        desk.pushOk(batch);
        return desk;
    }

    private static HttpResponse<byte[]> get(Device desk, String query, boolean gzip) {
        HttpRequest.Builder request = server.http().request("/v1/sync/pull/stream?" + query, desk.accessToken());
        if (gzip) {
            request.header("Accept-Encoding", "gzip");
        }
        try {
            HttpResponse<byte[]> response =
                    server.http().client().send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode())
                    .as("%s", new String(response.body(), StandardCharsets.UTF_8))
                    .isEqualTo(200);
            return response;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static List<JsonNode> lines(HttpResponse<byte[]> response) throws IOException {
        return lines(new ByteArrayInputStream(response.body()));
    }

    private static List<JsonNode> lines(InputStream in) throws IOException {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        List<JsonNode> pages = new ArrayList<>();
        for (String line : text.split("\n")) {
            pages.add(JsonHttp.JSON.readTree(line));
        }
        return pages;
    }

    /** A page without its serverHlc, which is the server's clock at the time of reading. */
    private static JsonNode withoutClock(JsonNode page) {
        ObjectNode copy = page.deepCopy();
        copy.remove("serverHlc");
        return copy;
    }

    private static List<JsonNode> concat(List<JsonNode> a, List<JsonNode> b) {
        List<JsonNode> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
