package com.repairsync.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.server.ServerConfig;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.auth.ShopDevices;
import com.repairsync.server.console.HeldChanges;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * Handlers of the shop's device list, of revoking a device (and wiping it), and of the changes a
 * revoked device sent up for review.
 */
final class DeviceHandlers {
    /** A revoke's body is {@code {"wipe": true}} at most. */
    private static final int MAX_REVOKE_BODY = 1024;

    private final ShopDevices devices;
    private final HeldChanges held;
    private final Callers callers;
    private final ObjectMapper json;
    private final ServerConfig config;

    DeviceHandlers(ShopDevices devices, HeldChanges held, Callers callers, ObjectMapper json, ServerConfig config) {
        this.devices = devices;
        this.held = held;
        this.callers = callers;
        this.json = json;
        this.config = config;
    }

    void list(Context ctx) {
        ctx.json(Map.of("devices", devices.list(callers.principal(ctx))));
    }

    /** {@code POST /v1/devices/{id}/revoke}, with an optional body {@code {"wipe": true}}. */
    void revokeDevice(Context ctx) {
        Principal principal = callers.principal(ctx);
        String deviceId = RequestParams.uuid(ctx, "id");
        boolean wipe = JsonBody.present(ctx)
                && JsonBody.read(ctx, json, MAX_REVOKE_BODY).optionalBoolean("wipe", false);
        ctx.json(devices.revoke(principal, deviceId, wipe));
    }

    /** {@code POST /v1/devices/held}: a removed device sends up what it held, with its refresh token. */
    void surrender(Context ctx) {
        JsonBody body = JsonBody.read(ctx, json, config.maxBodyBytes());
        String refreshToken = body.secret("refreshToken");
        List<ObjectNode> mutations = PushHandler.envelopes(body.node().get("mutations"), config.maxBatchSize());
        ctx.json(held.surrender(refreshToken, mutations));
    }

    /** {@code GET /v1/devices/{id}/held}. */
    void listHeld(Context ctx) {
        Principal principal = callers.principal(ctx);
        ctx.json(Map.of("held", held.list(principal, RequestParams.uuid(ctx, "id"))));
    }

    /** {@code POST /v1/devices/{id}/held/{mutationId}/apply}: the results, one per change applied. */
    void applyHeld(Context ctx) {
        Principal principal = callers.principal(ctx);
        ctx.json(
                Map.of("results", held.apply(principal, RequestParams.uuid(ctx, "id"), RequestParams.mutationId(ctx))));
    }

    /** {@code POST /v1/devices/{id}/held/{mutationId}/discard}; 204. */
    void discardHeld(Context ctx) {
        Principal principal = callers.principal(ctx);
        held.discard(principal, RequestParams.uuid(ctx, "id"), RequestParams.mutationId(ctx));
        ctx.status(204);
    }
}
