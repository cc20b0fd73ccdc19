package com.repairsync.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.MutableClock;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Behind a load balancer every request comes from the balancer's address: the login throttle
 * (20 failures per address and window) must count the client the trusted balancer names, or one
 * attacker throttles every user; and a client that is not the balancer cannot choose the address
 * it is counted against.
 */
class TrustedProxyIT {
    private static final int PER_ADDRESS = 20;

    @Test
    void behindATrustedProxyTheLoginThrottleCountsTheForwardedClient() {
        try (TestServer own = TestServer.start(MutableClock.atNow(), Map.of("--trusted-proxies", "127.0.0.1/32"))) {
            for (int i = 0; i < PER_ADDRESS; i++) {
                assertThat(badLogin(own, "X-Forwarded-For", "203.0.113.5").status())
                        .isEqualTo(401);
            }
            assertThat(badLogin(own, "X-Forwarded-For", "203.0.113.5").status()).isEqualTo(429);
            assertThat(badLogin(own, "Forwarded", "for=203.0.113.5").status())
                    .as("the same client named by Forwarded")
                    .isEqualTo(429);

            assertThat(badLogin(own, "X-Forwarded-For", "203.0.113.6").status())
                    .as("another client behind the same balancer")
                    .isEqualTo(401);
            assertThat(badLogin(own, "Forwarded", "for=\"[2001:db8::6]:5000\"").status())
                    .isEqualTo(401);
            assertThat(badLogin(own, "X-Forwarded-For", "203.0.113.5, 203.0.113.7")
                            .status())
                    .as("what the client wrote left of the address the balancer appended is not believed")
                    .isEqualTo(401);
        }
    }

    @Test
    void fromAnUntrustedPeerForwardingHeadersAreIgnored() {
        try (TestServer own = TestServer.start(MutableClock.atNow(), Map.of())) {
            for (int i = 0; i < PER_ADDRESS; i++) {
                assertThat(badLogin(own, "X-Forwarded-For", "198.51.100." + i).status())
                        .isEqualTo(401);
            }
            assertThat(badLogin(own, "X-Forwarded-For", "198.51.100.200").status())
                    .as("a client naming a new address each time is still one address")
                    .isEqualTo(429);
        }
    }

    private static JsonHttp.Response badLogin(TestServer server, String header, String value) {
        String body = "{\"email\":\"nobody-" + UUID.randomUUID() + "@shop.test\",\"password\":\"wrong password\","
                + "\"deviceName\":\"x\"}";
        return server.http()
                .send(server.http()
                        .request("/v1/auth/login", null)
                        .header("Content-Type", "application/json")
                        .header(header, value)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
    }
}
