package com.repairsync.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedProxiesTest {
    @Test
    void anIpv4BlockTrustsItsAddressesOnly() {
        TrustedProxies proxies = TrustedProxies.parse("10.1.0.0/16");

        assertThat(proxies.trusts("10.1.0.0")).isTrue();
        assertThat(proxies.trusts("10.1.255.254")).isTrue();
        assertThat(proxies.trusts("10.2.0.1")).isFalse();
        assertThat(proxies.trusts("11.1.0.1")).isFalse();
    }

    @Test
    void aPrefixThatIsNotAMultipleOfEightMasksWithinAByte() {
        TrustedProxies proxies = TrustedProxies.parse("192.168.4.0/22");

        assertThat(proxies.trusts("192.168.7.255")).isTrue();
        assertThat(proxies.trusts("192.168.8.0")).isFalse();
        assertThat(proxies.trusts("192.168.3.255")).isFalse();
    }

    @Test
    void aSingleAddressIsASlash32AndSeveralBlocksAreAllTrusted() {
        TrustedProxies proxies = TrustedProxies.parse(" 127.0.0.1 , fd00::/8");

        assertThat(proxies.trusts("127.0.0.1")).isTrue();
        assertThat(proxies.trusts("127.0.0.2")).isFalse();
        assertThat(proxies.trusts("fd12:3456::1")).isTrue();
        assertThat(proxies.trusts("[fd12:3456::1]")).isTrue();
        assertThat(proxies.trusts("fe80::1")).isFalse();
    }

    @Test
    void anIpv4MappedIpv6PeerIsTheIpv4AddressItCarries() {
        TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8");

        assertThat(proxies.trusts("::ffff:10.0.0.7")).isTrue();
        assertThat(proxies.trusts("::ffff:11.0.0.7")).isFalse();
    }

    @Test
    void anIpv4BlockNeverTrustsAnIpv6AddressAndTheReverse() {
        assertThat(TrustedProxies.parse("0.0.0.0/0").trusts("2001:db8::1")).isFalse();
        assertThat(TrustedProxies.parse("::/0").trusts("192.0.2.1")).isFalse();
        assertThat(TrustedProxies.parse("0.0.0.0/0").trusts("192.0.2.1")).isTrue();
    }

    @Test
    void blankTrustsNobodyAndNothingThatIsNotALiteralIsTrusted() {
        assertThat(TrustedProxies.parse(" ")).isSameAs(TrustedProxies.NONE);
        assertThat(TrustedProxies.NONE.trusts("127.0.0.1")).isFalse();
        TrustedProxies all = TrustedProxies.parse("0.0.0.0/0");
        assertThat(all.trusts(null)).isFalse();
        assertThat(all.trusts("localhost")).isFalse();
        assertThat(all.trusts("unknown")).isFalse();
        assertThat(all.trusts("1.2.3.256")).isFalse();
        assertThat(all.toString()).isEqualTo("0.0.0.0/0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"proxy.example", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/x", "::/129", "1.2.3.4.5"})
    void anEntryThatIsNotACidrBlockIsRefusedByName(String entry) {
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.1," + entry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(entry);
    }
}
