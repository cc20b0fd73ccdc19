package com.repairsync.server.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.protocol.WireVersions;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every answer names the protocol versions served; a device below them is told to update (426
 * upgrade_required, problem+json naming the header) and nothing of its request is applied, while
 * health still answers it; a malformed version is a 400 naming the header; a newer device is served.
 */
class WireVersionsIT {
    @RegisterExtension
    static final TestServer current = TestServer.start();

    @RegisterExtension
    static final TestServer strict = TestServer.start(java.time.Clock.systemUTC(), Map.of("--min-protocol", "2"));

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void everyAnswerNamesTheVersionsServedAndEveryVersionFromTheOldestIsServed() throws Exception {
        for (String version : new String[] {null, "1", "2", "3", "7"}) {
            HttpResponse<String> answer = send(current, "/v1/auth/refresh", version);
            assertThat(answer.statusCode()).as("version %s", version).isEqualTo(401); // served: the token is checked
            assertThat(answer.headers().firstValue(WireVersions.SUPPORTED_HEADER))
                    .hasValue("1-" + WireVersions.CURRENT);
        }
        assertThat(send(current, "/v1/health", null).headers().firstValue(WireVersions.SUPPORTED_HEADER))
                .hasValue("1-" + WireVersions.CURRENT);
    }

    @Test
    void aDeviceOlderThanTheServerIsToldToUpdateAndHealthStillAnswersIt() throws Exception {
        HttpResponse<String> old = send(strict, "/v1/auth/refresh", null);
        assertThat(old.statusCode()).isEqualTo(426);
        assertThat(old.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JsonHttp.JSON.readTree(old.body()).path("code").asText()).isEqualTo("upgrade_required");
        assertThat(JsonHttp.JSON.readTree(old.body()).path("field").asText()).isEqualTo(WireVersions.PROTOCOL_HEADER);
        assertThat(JsonHttp.JSON.readTree(old.body()).path("detail").asText()).contains("update RepairSync");
        assertThat(old.headers().firstValue(WireVersions.SUPPORTED_HEADER)).hasValue("2-" + WireVersions.CURRENT);

        assertThat(send(strict, "/v1/auth/refresh", "2").statusCode()).isEqualTo(401);
        assertThat(send(strict, "/v1/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aDeviceBelowTheRangeSignsUpNothing() throws Exception {
        HttpResponse<String> signUp = CLIENT.send(
                HttpRequest.newBuilder(URI.create(strict.http().baseUrl() + "/v1/shops"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"shopName\":\"Old\",\"email\":\"old@fixit.example\","
                                        + "\"password\":\"correct horse 1\",\"firstName\":\"Ada\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signUp.statusCode()).isEqualTo(426);
        assertThat(strict.http()
                        .post(
                                "/v1/auth/login",
                                Map.of("email", "old@fixit.example", "password", "correct horse 1", "deviceName", "x"),
                                null)
                        .status())
                .as("the refused sign-up made no account")
                .isIn(401, 426);
    }

    @Test
    void aMalformedVersionIsRefusedNamingTheHeader() throws Exception {
        for (String bad : new String[] {"two", "0", "-1", "1.5", "123456789012345678901234567890"}) {
            HttpResponse<String> answer = send(current, "/v1/auth/refresh", bad);
            assertThat(answer.statusCode()).as("%s", bad).isEqualTo(400);
            assertThat(JsonHttp.JSON.readTree(answer.body()).path("field").asText())
                    .isEqualTo(WireVersions.PROTOCOL_HEADER);
            assertThat(JsonHttp.JSON
                            .readTree(answer.body())
                            .path("detail")
                            .asText()
                            .length())
                    .as("the detail echoes a bounded part of the header")
                    .isLessThan(140);
        }
    }

    private static HttpResponse<String> send(TestServer server, String path, String version) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(server.http().baseUrl() + path));
        if (version != null) {
            request.header(WireVersions.PROTOCOL_HEADER, version);
        }
        if (path.equals("/v1/health")) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"refreshToken\":\"not-a-token\"}"));
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
