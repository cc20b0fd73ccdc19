package com.repairsync.client.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.client.ShopDevice;

/** The wire forms of the server's answers that differ from the records the transport returns. */
final class WireAnswers {
    private WireAnswers() {}

    /** The wire form of a login or refresh answer ({@code expiresIn}, not {@code expiresInSeconds}). */
    private record SessionBody(
            String accessToken,
            String refreshToken,
            long expiresIn,
            String shopId,
            String employeeId,
            String role,
            String deviceId) {}

    /** A login or refresh answer; one without its tokens or device id is unreadable. */
    static SyncTransport.Session session(HttpExchange exchange, HttpReply reply) {
        SessionBody body = exchange.read(reply, SessionBody.class);
        if (body.accessToken() == null || body.refreshToken() == null || body.deviceId() == null) {
            throw HttpFailures.unreadable(reply, "accessToken, refreshToken or deviceId is missing");
        }
        return new SyncTransport.Session(
                body.accessToken(),
                body.refreshToken(),
                body.expiresIn(),
                body.shopId(),
                body.employeeId(),
                body.role(),
                body.deviceId());
    }

    /** A step-up answer: {@code stepUpToken}, {@code expiresIn}, {@code employeeId}. */
    static SyncTransport.StepUp stepUp(JsonNode answer) {
        return new SyncTransport.StepUp(
                answer.path("stepUpToken").asText(),
                answer.path("expiresIn").asLong(),
                answer.path("employeeId").asText());
    }

    /** One device of {@code GET /v1/devices} or a revoke answer. */
    static ShopDevice shopDevice(JsonNode device) {
        return new ShopDevice(
                device.path("deviceId").asText(),
                device.path("name").asText(),
                device.path("signedInBy").asText(null),
                device.path("joinedAt").asText(null),
                device.path("lastSeenAt").asText(null),
                device.path("revokedAt").asText(null),
                device.path("revokedBy").asText(null),
                device.path("online").asBoolean(false),
                health(device.path("health")),
                device.path("wipeRequested").asBoolean(false),
                device.path("heldChanges").asInt(0));
    }

    /** A device's health report in a device list; null when it has none. */
    private static ShopDevice.Health health(JsonNode health) {
        if (!health.isObject()) {
            return null;
        }
        return new ShopDevice.Health(
                health.path("reportedAt").asText(null),
                health.path("appVersion").asText(null),
                health.path("sdkVersion").asText(null),
                health.path("protocol").asInt(),
                health.path("platform").asText(null),
                health.path("queueDepth").asInt(),
                health.hasNonNull("oldestUnsentSeconds")
                        ? health.path("oldestUnsentSeconds").asLong()
                        : null,
                health.path("failedCount").asInt(),
                health.path("conflictCount").asInt(),
                health.path("clockOffsetMs").asLong(),
                health.path("lastPushAt").asText(null),
                health.path("lastPullAt").asText(null),
                health.path("actingEmployeeId").asText(null));
    }
}
