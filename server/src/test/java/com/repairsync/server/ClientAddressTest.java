package com.repairsync.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientAddressTest {
    private static final String PROXY = "10.0.0.5";
    private final ClientAddress behindProxies = new ClientAddress(TrustedProxies.parse("10.0.0.0/24, fd00::/8"));

    private String xff(String peer, String... lines) {
        return behindProxies.resolve(peer, List.of(), List.of(lines));
    }

    private String forwarded(String peer, String... lines) {
        return behindProxies.resolve(peer, List.of(lines), List.of());
    }

    @Test
    void anUntrustedPeerIsTheClientWhateverItsHeadersSay() {
        assertThat(xff("203.0.113.9", "198.51.100.1")).isEqualTo("203.0.113.9");
        assertThat(forwarded("203.0.113.9", "for=198.51.100.1")).isEqualTo("203.0.113.9");
        assertThat(new ClientAddress(TrustedProxies.NONE).resolve(PROXY, List.of(), List.of("198.51.100.1")))
                .isEqualTo(PROXY);
    }

    @Test
    void aTrustedPeerWithoutHeadersIsTheClient() {
        assertThat(xff(PROXY)).isEqualTo(PROXY);
    }

    @Test
    void theRightMostAddressThatIsNotATrustedProxyIsTheClient() {
        assertThat(xff(PROXY, "198.51.100.1")).isEqualTo("198.51.100.1");
        assertThat(xff(PROXY, "6.6.6.6, 198.51.100.1, 10.0.0.7")).isEqualTo("198.51.100.1");
        assertThat(xff(PROXY, "6.6.6.6", "198.51.100.1, 10.0.0.7"))
                .as("several header lines are one list")
                .isEqualTo("198.51.100.1");
    }

    @Test
    void whenEveryHopIsATrustedProxyTheLeftMostIsTheClient() {
        assertThat(xff(PROXY, "10.0.0.8, 10.0.0.7")).isEqualTo("10.0.0.8");
    }

    @Test
    void forwardedIsPreferredToXForwardedFor() {
        assertThat(behindProxies.resolve(PROXY, List.of("for=198.51.100.1"), List.of("6.6.6.6")))
                .isEqualTo("198.51.100.1");
    }

    @Test
    void forwardedElementsQuotesPortsAndIpv6AreUnderstood() {
        assertThat(forwarded(PROXY, "for=192.0.2.60;proto=http;by=203.0.113.43"))
                .isEqualTo("192.0.2.60");
        assertThat(forwarded(PROXY, "for=\"[2001:db8:cafe::17]:4711\"")).isEqualTo("2001:db8:cafe:0:0:0:0:17");
        assertThat(forwarded(PROXY, "for=6.6.6.6, For=\"198.51.100.2:80\", for=\"[fd00::1]\""))
                .isEqualTo("198.51.100.2");
    }

    @Test
    void anIpv6PeerCanBeATrustedProxy() {
        assertThat(xff("fd00::9", "2001:db8::1")).isEqualTo("2001:db8:0:0:0:0:0:1");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not-an-address",
                "198.51.100.1, ",
                "unknown",
                "_hidden",
                "198.51.100.1:99999",
                "[2001:db8::1",
                "[2001:db8::1]x",
                "example.com",
                "1.2.3.4.5"
            })
    void aMalformedXForwardedForFallsBackToThePeer(String header) {
        assertThat(xff(PROXY, header)).isEqualTo(PROXY);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "198.51.100.1",
                "for",
                "by=10.0.0.1",
                "for=unknown",
                "for=_gazonk",
                "for=1.2.3.4;for=5.6.7.8",
                "for=1.2.3.4,",
                "for=\"[2001:db8::1]:70000\""
            })
    void aMalformedForwardedFallsBackToThePeer(String header) {
        assertThat(forwarded(PROXY, header)).isEqualTo(PROXY);
    }

    @Test
    void aChainLongerThanAnyRealOneIsMalformed() {
        String chain = String.join(", ", java.util.Collections.nCopies(ClientAddress.MAX_HOPS + 1, "10.0.0.9"));
        assertThat(xff(PROXY, chain)).isEqualTo(PROXY);
    }

    @Test
    void aClientCannotHideBehindAnUnknownHopRightOfIt() {
        assertThat(xff(PROXY, "198.51.100.1, unknown")).isEqualTo(PROXY);
    }
}
