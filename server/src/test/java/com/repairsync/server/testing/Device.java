package com.repairsync.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.Hlc;
import com.repairsync.protocol.HlcClock;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A signed-in device talking to a {@link TestServer}: it stamps mutations with its own HLC, pushes
 * and pulls over real HTTP.
 */
public final class Device {
    private final JsonHttp http;
    private final String shopId;
    private final String employeeId;
    private final String deviceId;
    private final String accessToken;
    private final String refreshToken;
    private final HlcClock clock;

    Device(JsonHttp http, String shopId, String employeeId, String deviceId, String accessToken, String refreshToken) {
        this(http, shopId, employeeId, deviceId, accessToken, refreshToken, new HlcClock(Clock.systemUTC(), deviceId));
    }

    private Device(
            JsonHttp http,
            String shopId,
            String employeeId,
            String deviceId,
            String accessToken,
            String refreshToken,
            HlcClock clock) {
        this.http = http;
        this.shopId = shopId;
        this.employeeId = employeeId;
        this.deviceId = deviceId;
        this.accessToken = accessToken;
        this.refreshToken = refreshToken;
        this.clock = clock;
    }

    /**
     * The same device (identity, tokens, clock) talking to another server node, as when a load
     * balancer sends its next request elsewhere.
     */
    public Device on(TestServer node) {
        return new Device(node.http(), shopId, employeeId, deviceId, accessToken, refreshToken, clock);
    }

    public String shopId() {
        return shopId;
    }

    public String employeeId() {
        return employeeId;
    }

    public String deviceId() {
        return deviceId;
    }

    public String accessToken() {
        return accessToken;
    }

    public String refreshToken() {
        return refreshToken;
    }

    public Hlc nextHlc() {
        return clock.now();
    }

    /** Pushes mutations, filling in HLC (the device's next) and actor (this employee) where missing. */
    public JsonHttp.Response push(List<Mutations> mutations) {
        List<ObjectNode> wire = new ArrayList<>();
        for (Mutations mutation : mutations) {
            ObjectNode node = mutation.build();
            if (!node.has("hlc")) {
                node.put("hlc", nextHlc().toString());
            }
            if (!node.has("actorId")) {
                node.put("actorId", employeeId);
            }
            wire.add(node);
        }
        return pushRaw(wire);
    }

    public JsonHttp.Response pushRaw(List<ObjectNode> mutations) {
        return http.post("/v1/sync/push", Map.of("deviceId", deviceId, "mutations", mutations), accessToken);
    }

    /** Pushes and asserts every mutation was applied. */
    public JsonNode pushOk(List<Mutations> mutations) {
        JsonHttp.Response response = push(mutations);
        assertThat(response.status()).as("push %s", response).isEqualTo(200);
        for (JsonNode result : response.body().get("results")) {
            assertThat(result.get("status").asText()).as("result %s", result).isEqualTo("applied");
        }
        return response.body();
    }

    public JsonHttp.Response pull(String query) {
        return http.get("/v1/sync/pull?" + query, accessToken);
    }

    /** Pulls every page after a cursor; returns the latest change per record and the final cursor. */
    public Snapshot pullAll(long cursor) {
        Map<String, JsonNode> records = new HashMap<>();
        List<Long> seqs = new ArrayList<>();
        while (true) {
            JsonHttp.Response response = pull("cursor=" + cursor + "&limit=200");
            assertThat(response.status()).as("pull %s", response).isEqualTo(200);
            for (JsonNode change : response.body().get("changes")) {
                records.put(
                        change.get("entity").asText() + "/"
                                + change.get("recordId").asText(),
                        change);
                seqs.add(change.get("seq").asLong());
            }
            cursor = response.body().get("cursor").asLong();
            if (!response.body().get("hasMore").asBoolean()) {
                return new Snapshot(records, cursor, seqs);
            }
        }
    }

    /** The result of {@link #pullAll}: latest change by "entity/id", final cursor, seqs seen in order. */
    public record Snapshot(Map<String, JsonNode> changes, long cursor, List<Long> seqs) {
        public JsonNode record(String entity, String id) {
            JsonNode change = changes.get(entity + "/" + id);
            return change == null ? null : change.get("record");
        }
    }
}
