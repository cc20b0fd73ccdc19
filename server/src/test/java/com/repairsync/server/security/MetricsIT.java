package com.repairsync.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.MutableClock;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /metrics}: bounded label values whatever clients send, and the optional scrape token. */
class MetricsIT {
    private static final String TOKEN = "scrape-token-0123456789";

    @RegisterExtension
    static final TestServer open = TestServer.start();

    @RegisterExtension
    static final TestServer guarded = TestServer.start(MutableClock.atNow(), Map.of("--metrics-token", TOKEN));

    @Test
    void inventedMethodsShareOneLabelValue() throws Exception {
        RawHttp http = new RawHttp(URI.create(open.http().baseUrl()).getPort());
        for (int i = 0; i < 40; i++) {
            String method = "BREW" + (char) ('A' + i % 26) + (char) ('A' + i / 26);
            RawHttp.Answer answer = http.send(method, "/v1/health", Map.of(), null, -1);
            assertThat(answer.status()).as("%s: %s", method, answer).isBetween(400, 499);
        }

        String scrape = open.http().get("/metrics", null).raw().body();
        Set<String> methods = new TreeSet<>();
        Matcher label = Pattern.compile("method=\"([^\"]*)\"").matcher(scrape);
        while (label.find()) {
            methods.add(label.group(1));
        }
        assertThat(methods).contains("other").allMatch(m -> m.equals("other") || m.matches("[A-Z]{3,7}"));
        assertThat(methods).hasSizeLessThanOrEqualTo(10).noneMatch(m -> m.startsWith("BREW"));
    }

    @Test
    void withoutATokenConfiguredMetricsAreOpen() {
        assertThat(open.http().get("/metrics", null).status()).isEqualTo(200);
    }

    @Test
    void withATokenConfiguredAScrapeWithoutItIs401ProblemJson() {
        JsonHttp.Response none = guarded.http().get("/metrics", null);
        JsonHttp.Response wrong = guarded.http().get("/metrics", TOKEN + "x");
        JsonHttp.Response shorter = guarded.http().get("/metrics", TOKEN.substring(1));

        for (JsonHttp.Response refused : new JsonHttp.Response[] {none, wrong, shorter}) {
            assertThat(refused.status()).as("%s", refused).isEqualTo(401);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.body().get("code").asText()).isEqualTo("unauthorized");
            assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(refused.raw().body()).doesNotContain("repairsync_http_requests");
        }
    }

    @Test
    void withTheTokenTheScrapeIsServed() {
        JsonHttp.Response scrape = guarded.http().get("/metrics", TOKEN);

        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.contentType()).startsWith("text/plain");
        assertThat(scrape.raw().body()).contains("repairsync_push_results");
    }
}
