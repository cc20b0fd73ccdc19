package com.repairsync.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.server.testing.TestCertificates;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlsConnectorTest {
    @Test
    void onlyTls12AndNewerNoClientCertificatesNoRenegotiation() {
        KeyPair keys = TestCertificates.ec();
        ServerCertificate certificate =
                ServerCertificate.of(List.of(TestCertificates.selfSigned("shop", keys)), keys.getPrivate(), "test");

        var ssl = TlsConnector.sslContextFactory(certificate);

        assertThat(ssl.getIncludeProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        assertThat(ssl.getNeedClientAuth()).isFalse();
        assertThat(ssl.isSniRequired()).isFalse();
        assertThat(ssl.isRenegotiationAllowed()).isFalse();
    }
}
