package com.repairsync.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.PushResponse;
import com.repairsync.server.ApiException;
import com.repairsync.server.ServerConfig;
import com.repairsync.server.auth.Passwords;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.console.SyncAnalytics;
import com.repairsync.server.sync.PushService;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The push handler: checks the batch's envelope (size, each mutation an object with a mutation id,
 * step-up confirmations) and hands it to the {@link PushService} unless the server is shutting
 * down. What a mutation says is the service's to check.
 */
final class PushHandler {
    private final ServerConfig config;
    private final ObjectMapper json;
    private final Passwords passwords;
    private final PushService push;
    private final InFlight inFlight;
    private final Callers callers;
    private final SyncAnalytics analytics;

    PushHandler(
            ServerConfig config,
            ObjectMapper json,
            Passwords passwords,
            PushService push,
            InFlight inFlight,
            Callers callers,
            SyncAnalytics analytics) {
        this.config = config;
        this.json = json;
        this.passwords = passwords;
        this.push = push;
        this.inFlight = inFlight;
        this.callers = callers;
        this.analytics = analytics;
    }

    /** A pushed batch whose envelope passed, and the actors whose step-up confirmation it carries. */
    private record Batch(List<ObjectNode> mutations, java.util.Set<String> confirmed) {}

    void push(Context ctx) {
        Principal principal = callers.principal(ctx);
        JsonBody body = JsonBody.read(ctx, json, config.maxBodyBytes());
        String deviceId = body.text("deviceId", 64);
        Batch batch = batch(principal, body.node().get("mutations"));
        if (!inFlight.enter()) {
            throw new ApiException(
                    ErrorCode.UNAVAILABLE, 503, null, "server is shutting down; retry shortly", Duration.ofSeconds(1));
        }
        try {
            PushResponse answer =
                    push.push(principal, deviceId, batch.mutations(), batch.confirmed(), WireVersionCheck.version(ctx));
            analytics.pushed(principal, answer, RequestLog.elapsed(ctx));
            ctx.json(answer);
        } finally {
            inFlight.exit();
        }
    }

    private Batch batch(Principal principal, JsonNode mutations) {
        List<ObjectNode> batch = envelopes(mutations, config.maxBatchSize());
        java.util.Set<String> confirmed = new java.util.HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            ObjectNode mutation = batch.get(i);
            String at = "mutations[" + i + "]";
            JsonNode stepUp = mutation.get("stepUp");
            if (stepUp != null && !stepUp.isTextual()) {
                throw ApiException.invalid(at + ".stepUp", at + ".stepUp must be the token POST /v1/auth/step-up gave");
            }
            if (stepUp != null) {
                String actor = mutation.path("actorId").asText("");
                passwords
                        .stepUpOf(principal, stepUp.textValue())
                        .filter(confirmation -> confirmation.employeeId().equals(actor))
                        .ifPresent(confirmation -> confirmed.add(actor));
            }
        }
        return new Batch(batch, confirmed);
    }

    /**
     * The mutations of a batch whose envelopes pass: an array of at most {@code maxBatchSize}
     * objects, each with a usable mutation id (and group id).
     */
    static List<ObjectNode> envelopes(JsonNode mutations, int maxBatchSize) {
        if (mutations == null || !mutations.isArray()) {
            throw ApiException.invalid("mutations", "mutations must be an array");
        }
        if (mutations.size() > maxBatchSize) {
            throw new ApiException(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    413,
                    "mutations",
                    "push rejected: batch of " + mutations.size() + " mutations exceeds the limit of " + maxBatchSize,
                    null);
        }
        List<ObjectNode> batch = new ArrayList<>(mutations.size());
        for (int i = 0; i < mutations.size(); i++) {
            JsonNode mutation = mutations.get(i);
            checkEnvelope(mutation, "mutations[" + i + "]");
            batch.add((ObjectNode) mutation);
        }
        return batch;
    }

    /** Refuses a mutation that is not an object with a usable mutation id (and group id). */
    private static void checkEnvelope(JsonNode mutation, String at) {
        if (!mutation.isObject()) {
            throw ApiException.invalid(at, at + " must be an object");
        }
        JsonNode id = mutation.get("mutationId");
        if (id == null
                || !id.isTextual()
                || id.textValue().isBlank()
                || id.textValue().length() > 100
                || id.textValue().indexOf('\0') >= 0) {
            throw ApiException.invalid(
                    at + ".mutationId",
                    at + ".mutationId must be a string of 1 to 100 characters without NUL (U+0000)");
        }
        JsonBody.refuseUnpairedSurrogate(at + ".mutationId", id.textValue());
        JsonNode group = mutation.get("groupId");
        if (group != null && group.isTextual()) {
            JsonBody.refuseUnpairedSurrogate(at + ".groupId", group.textValue());
        }
    }
}
