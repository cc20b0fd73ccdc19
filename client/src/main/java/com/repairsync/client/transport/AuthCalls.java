package com.repairsync.client.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.protocol.Mutation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sign-in calls over HTTP: login, refresh and logout (no access token), a password step-up,
 * and a removed device sending up what it held with the refresh token it kept. Failures map as for
 * every request ({@link HttpFailures}).
 */
final class AuthCalls {
    private final HttpExchange exchange;

    AuthCalls(HttpExchange exchange) {
        this.exchange = exchange;
    }

    SyncTransport.Session login(String email, String password, String deviceName, String deviceId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("password", password);
        body.put("deviceName", deviceName);
        if (deviceId != null) {
            body.put("deviceId", deviceId);
        }
        return WireAnswers.session(exchange, exchange.exchange(exchange.post("/v1/auth/login", body, null)));
    }

    SyncTransport.Session refresh(String refreshToken) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("refreshToken", refreshToken);
        return WireAnswers.session(exchange, exchange.exchange(exchange.post("/v1/auth/refresh", body, null)));
    }

    void logout(String refreshToken) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("refreshToken", refreshToken);
        exchange.exchange(exchange.post("/v1/auth/logout", body, null));
    }

    SyncTransport.StepUp stepUp(String token, String employeeId, String password) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("employeeId", employeeId);
        body.put("password", password);
        return WireAnswers.stepUp(
                exchange.read(exchange.exchange(exchange.post("/v1/auth/step-up", body, token)), JsonNode.class));
    }

    SyncTransport.Surrendered surrenderHeld(String refreshToken, List<Mutation> mutations) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("refreshToken", refreshToken);
        body.put("mutations", mutations);
        JsonNode answer =
                exchange.read(exchange.exchange(exchange.post("/v1/devices/held", body, null)), JsonNode.class);
        return new SyncTransport.Surrendered(
                answer.path("held").asInt(), answer.path("wipe").asBoolean(false));
    }
}
