package com.repairsync.server.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.FileTypes;
import com.repairsync.protocol.WireVersions;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.FileUploads;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A device of the current wire version, as the erasure tests use it: pushes and pulls with the
 * protocol header, a step-up and an erasure; and scans of the server's files for marker text.
 */
final class ErasureClient {
    private static final String PROTOCOL = Integer.toString(WireVersions.CURRENT);

    private final TestServer server;
    private final Device device;

    ErasureClient(TestServer server, Device device) {
        this.server = server;
        this.device = device;
    }

    Device device() {
        return device;
    }

    /** Pushes mutations (HLC and actor filled in) as a current device; the response. */
    JsonHttp.Response push(List<Mutations> mutations) {
        List<ObjectNode> wire = new ArrayList<>();
        for (Mutations mutation : mutations) {
            ObjectNode node = mutation.build();
            if (!node.has("hlc")) {
                node.put("hlc", device.nextHlc().toString());
            }
            if (!node.has("actorId")) {
                node.put("actorId", device.employeeId());
            }
            wire.add(node);
        }
        return send("/v1/sync/push", Map.of("deviceId", device.deviceId(), "mutations", wire), device.accessToken());
    }

    /** Pushes and checks every mutation was applied; the results. */
    JsonNode pushOk(Mutations... mutations) {
        JsonHttp.Response response = push(List.of(mutations));
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        for (JsonNode result : response.body().get("results")) {
            assertThat(result.path("status").asText()).as("%s", result).isEqualTo("applied");
        }
        return response.body().get("results");
    }

    /** Every change after cursor 0, the latest per "entity/id". */
    Map<String, JsonNode> pullAll() {
        Map<String, JsonNode> changes = new HashMap<>();
        long cursor = 0;
        while (true) {
            JsonHttp.Response page = server.http()
                    .send(server.http()
                            .request("/v1/sync/pull?cursor=" + cursor + "&limit=500", device.accessToken())
                            .header(WireVersions.PROTOCOL_HEADER, PROTOCOL)
                            .GET()
                            .build());
            assertThat(page.status()).as("%s", page).isEqualTo(200);
            for (JsonNode change : page.body().get("changes")) {
                changes.put(
                        change.path("entity").asText() + "/"
                                + change.path("recordId").asText(),
                        change);
            }
            cursor = page.body().path("cursor").asLong();
            if (!page.body().path("hasMore").asBoolean()) {
                return changes;
            }
        }
    }

    /** A step-up token for this device's employee. */
    String stepUp() {
        JsonHttp.Response response =
                server.http().post("/v1/auth/step-up", Map.of("password", TestServer.PASSWORD), device.accessToken());
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.body().path("stepUpToken").asText();
    }

    /** Erases a customer with a fresh step-up of this device's employee. */
    JsonHttp.Response erase(String customerId) {
        return eraseWith(customerId, Map.of("stepUp", stepUp()));
    }

    JsonHttp.Response eraseWith(String customerId, Object body) {
        return send("/v1/records/customers/" + customerId + "/erase", body, device.accessToken());
    }

    private JsonHttp.Response send(String path, Object body, String token) {
        try {
            return server.http()
                    .send(server.http()
                            .request(path, token)
                            .header(WireVersions.PROTOCOL_HEADER, PROTOCOL)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(JsonHttp.JSON.writeValueAsString(body)))
                            .build());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Uploads a PNG with the marker in its bytes; its hash. */
    String uploadPng(String marker, int seed) {
        byte[] png = FileUploads.png(600, seed);
        byte[] text = marker.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(text, 0, png, 100, text.length);
        return FileUploads.upload(server, device, png);
    }

    /** An attachment record of a file of {@link #uploadPng}, owned by a ticket or a customer. */
    Mutations attachment(String id, String ownerField, String ownerId, String hash, String marker) {
        return Mutations.upsert("attachments", id)
                .field(ownerField, ownerId)
                .field("kind", "photo")
                .field("caption", marker + "caption")
                .field("fileHash", hash)
                .field("contentType", FileTypes.PNG)
                .field("size", 600)
                .field("fileName", marker + "name.png")
                .field("addedBy", device.employeeId())
                .field("addedAt", "2026-11-24T10:00:00Z");
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    /**
     * Where the server keeps the text: on SQLite, the database file, its WAL and the files under the
     * data directory, read as raw bytes; on PostgreSQL, the tables (each row as text, a file's chunks
     * as bytes), read as the schema owner.
     */
    static List<String> placesHolding(TestServer server, String text) throws SQLException {
        if (!TestServer.isPostgres()) {
            return filesHolding(server.dataDir(), text).stream()
                    .map(path -> server.dataDir().relativize(path).toString())
                    .toList();
        }
        List<String> places = new ArrayList<>();
        try (Connection db = server.openDatabase()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = db.createStatement()
                    .executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema ="
                            + " current_schema() AND table_type = 'BASE TABLE'")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (String table : tables) {
                String sql = table.equals("file_chunks")
                        ? "SELECT count(*) FROM file_chunks WHERE position(convert_to(?, 'UTF8') in data) > 0"
                        : "SELECT count(*) FROM " + table + " t WHERE t::text LIKE ?";
                try (PreparedStatement statement = db.prepareStatement(sql)) {
                    statement.setString(1, table.equals("file_chunks") ? text : "%" + text + "%");
                    try (ResultSet row = statement.executeQuery()) {
                        row.next();
                        if (row.getLong(1) > 0) {
                            places.add("table " + table);
                        }
                    }
                }
            }
        }
        return places;
    }

    /** The files under a folder (recursively) whose bytes contain the text. */
    static List<Path> filesHolding(Path folder, String text) {
        if (!Files.exists(folder)) {
            return List.of();
        }
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.filter(Files::isRegularFile)
                    .filter(path -> contains(read(path), needle))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the file (absent: no) holds the text. */
    static boolean fileHolds(Path file, String text) {
        return Files.exists(file) && contains(read(file), text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
