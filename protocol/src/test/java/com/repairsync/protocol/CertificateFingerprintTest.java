package com.repairsync.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CertificateFingerprintTest {
    /** SHA-256 of "abc", a published test vector. */
    private static final String ABC =
            "BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD";

    @Test
    void fingerprintIsSha256InColonSeparatedUpperCaseHex() {
        assertThat(CertificateFingerprint.of("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(ABC);
    }

    @Test
    void parseAcceptsWhatPeoplePaste() {
        assertThat(CertificateFingerprint.parse(ABC.toLowerCase())).isEqualTo(ABC);
        assertThat(CertificateFingerprint.parse(" sha256:" + ABC.replace(":", "") + "\n"))
                .isEqualTo(ABC);
        assertThat(CertificateFingerprint.parse(ABC.replace(":", " "))).isEqualTo(ABC);
    }

    @Test
    void parseRefusesWhatIsNotAFingerprint() {
        assertThatThrownBy(() -> CertificateFingerprint.parse(ABC.substring(3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> CertificateFingerprint.parse(ABC.replace('B', 'G')))
                .hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> CertificateFingerprint.parse(" ")).hasMessageContaining("got nothing");
    }
}
