package com.repairsync.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import java.net.URI;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests Jetty refuses before any route sees them are answered with problem+json like every
 * other error, whatever their method, with no internal name in the detail.
 */
class JettyErrorsIT {
    @RegisterExtension
    static final TestServer server = TestServer.start();

    static Stream<Arguments> refusedByJetty() {
        return Stream.of(
                Arguments.of("GET", "/" + "a".repeat(9_000), Map.of(), 414),
                Arguments.of("PUT", "/v1/sync/push/" + "a".repeat(9_000), Map.of(), 414),
                Arguments.of("GET", "/v1/health", Map.of("X-Big", "x".repeat(20_000)), 431),
                Arguments.of("POST", "/v1/auth/login", Map.of("X-Big", "x".repeat(20_000)), 431),
                Arguments.of("GET", "/v1/health", Map.of("Bad Header", "x"), 400),
                Arguments.of("GET", "/v1/%ZZ", Map.of(), 400),
                Arguments.of("DELETE", "/v1/sync/push/%ZZ", Map.of(), 400),
                Arguments.of("POST", "/v1/sync/push/%00", Map.of(), 400));
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("refusedByJetty")
    void jettysOwnErrorsAreProblemJson(String method, String target, Map<String, String> headers, int status)
            throws Exception {
        RawHttp http = new RawHttp(URI.create(server.http().baseUrl()).getPort());

        RawHttp.Answer answer = http.send(method, target, headers, null, -1);

        assertThat(answer.status()).as("%s", answer).isEqualTo(status);
        assertThat(answer.header("content-type")).as("%s", answer).startsWith("application/problem+json");
        assertThat(answer.closes())
                .as("Jetty closes after its own errors, and says so: %s", answer)
                .isTrue();
        JsonNode problem = JsonHttp.JSON.readTree(answer.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asText()).startsWith("urn:repairsync:problem:");
        assertThat(problem.get("code").asText()).isNotBlank();
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText())
                .isNotBlank()
                .doesNotContainIgnoringCase("exception")
                .doesNotContainIgnoringCase("jetty")
                .doesNotContainIgnoringCase("java");
    }
}
