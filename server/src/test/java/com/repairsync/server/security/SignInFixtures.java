package com.repairsync.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.WsProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the sign-in tests do to a server: open sockets, try the realtime handshake with a token,
 * list and remove devices, refresh, log in naming a device, and check the problem that answers.
 */
final class SignInFixtures {
    /** How long a sign-in may take to end on every node: "at once" for a device and its owner. */
    static final Duration AT_ONCE = Duration.ofSeconds(1);

    private static final Duration GENEROUS = Duration.ofSeconds(10);

    private SignInFixtures() {}

    /** Opens a device's realtime socket on a node and waits for its first presence snapshot. */
    static WsProbe socket(TestServer node, Device device) {
        WsProbe probe = WsProbe.connect(node.http().client(), node.realtimeUri(null), device.accessToken());
        probe.await(message -> message.path("event").asText().equals("snapshot"), GENEROUS);
        return probe;
    }

    /**
     * Asserts that the realtime handshake with an access token is refused with this status and
     * problem code; sent over a plain socket so the problem document can be read (the JDK's
     * WebSocket client drops it). Returns the problem.
     */
    static JsonNode assertSocketRefused(TestServer node, String accessToken, int status, String code) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + accessToken);
        headers.put("Upgrade", "websocket");
        headers.put("Connection", "Upgrade");
        headers.put("Sec-WebSocket-Key", Base64.getEncoder().encodeToString(new byte[16]));
        headers.put("Sec-WebSocket-Version", "13");
        RawHttp.Answer answer;
        JsonNode problem;
        try {
            answer = new RawHttp(port(node)).send("GET", "/v1/realtime", headers, null, -1);
            assertThat(answer.status()).as("handshake answered %s", answer).isEqualTo(status);
            problem = JsonHttp.JSON.readTree(answer.body());
        } catch (JsonProcessingException e) {
            throw new AssertionError("realtime handshake answered with non-JSON", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(problem.path("code").asText())
                .as("handshake answered %s", answer)
                .isEqualTo(code);
        return problem;
    }

    private static int port(TestServer node) {
        return URI.create(node.http().baseUrl()).getPort();
    }

    /** {@code GET /v1/devices} as a device's signer. */
    static JsonHttp.Response devices(TestServer node, Device caller) {
        return node.http().get("/v1/devices", caller.accessToken());
    }

    /** The device list entry of a device, as an admin or manager sees it. */
    static JsonNode listed(TestServer node, Device caller, String deviceId) {
        JsonHttp.Response list = devices(node, caller);
        assertThat(list.status()).as("%s", list).isEqualTo(200);
        for (JsonNode device : list.body().path("devices")) {
            if (device.path("deviceId").asText().equals(deviceId)) {
                return device;
            }
        }
        throw new AssertionError("device " + deviceId + " is not in " + list.body());
    }

    /** {@code POST /v1/devices/{id}/revoke} as a device's signer. */
    static JsonHttp.Response revoke(TestServer node, Device caller, String deviceId) {
        return node.http().post("/v1/devices/" + deviceId + "/revoke", Map.of(), caller.accessToken());
    }

    static JsonHttp.Response refresh(TestServer node, String refreshToken) {
        return node.http().post("/v1/auth/refresh", Map.of("refreshToken", refreshToken), null);
    }

    /** Signs in naming the device the employee claims to be on. */
    static JsonHttp.Response loginNaming(TestServer node, String email, String deviceId) {
        return node.http()
                .post(
                        "/v1/auth/login",
                        Map.of(
                                "email",
                                email,
                                "password",
                                TestServer.PASSWORD,
                                "deviceName",
                                "claimed tablet",
                                "deviceId",
                                deviceId),
                        null);
    }

    /** Asserts a problem document with this status and code; returns it. */
    static JsonNode assertProblem(JsonHttp.Response response, int status, String code) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        assertThat(response.body()).as("problem of %s", response).isNotNull();
        assertThat(response.body().path("code").asText())
                .as("code of %s", response)
                .isEqualTo(code);
        assertThat(response.body().path("detail").asText())
                .as("detail of %s", response)
                .isNotBlank();
        return response.body();
    }
}
