package com.repairsync.server.tls;

import static com.repairsync.server.testing.TestCertificates.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.repairsync.protocol.CertificateFingerprint;
import com.repairsync.server.testing.TestCertificates;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A certificate and key are a pair, and the fingerprint is the first certificate's. */
class ServerCertificateTest {
    private static final KeyPair EC = TestCertificates.ec();
    private static final KeyPair RSA = TestCertificates.rsa(2048);

    @TempDir
    Path dir;

    @Test
    void filesOfAPairLoadWithTheLeafsFingerprint() throws Exception {
        TestCertificates.Issued authority = TestCertificates.authority("Shop CA");
        X509Certificate leaf = TestCertificates.serverCertificate("shop", EC, authority);
        Path certificate = file(dir.resolve("cert.pem"), TestCertificates.pem(leaf, authority.certificate()));
        Path key = file(dir.resolve("key.pem"), TestCertificates.pkcs8(EC.getPrivate()));

        ServerCertificate loaded = ServerCertificate.fromFiles(certificate, "--tls-cert", key, "--tls-key");

        assertThat(loaded.fingerprint()).isEqualTo(CertificateFingerprint.of(leaf.getEncoded()));
        assertThat(loaded.chain()).containsExactly(leaf, authority.certificate());
        assertThat(ServerCertificate.fingerprintOf(certificate, "--tls-cert")).isEqualTo(loaded.fingerprint());
        assertThat(loaded.toString()).contains(loaded.fingerprint()).doesNotContain("PRIVATE");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() {
        Path certificate = file(dir.resolve("cert.pem"), TestCertificates.pem(TestCertificates.selfSigned("a", EC)));
        Path key = file(
                dir.resolve("key.pem"),
                TestCertificates.pkcs8(TestCertificates.ec().getPrivate()));

        assertThatThrownBy(() -> ServerCertificate.fromFiles(certificate, "--tls-cert", key, "--tls-key"))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageContaining(certificate + " (--tls-cert)")
                .hasMessageContaining(key + " (--tls-key)")
                .hasMessageContaining("does not belong");
    }

    @Test
    void aKeyOfAnotherAlgorithmIsRefused() {
        assertThatThrownBy(() -> ServerCertificate.of(
                        List.of(TestCertificates.selfSigned("a", EC)), RSA.getPrivate(), "test files"))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageContaining("RSA")
                .hasMessageContaining("does not belong");
    }

    @Test
    void theServersOwnCertificateMustComeFirst() {
        TestCertificates.Issued authority = TestCertificates.authority("Shop CA");
        X509Certificate leaf = TestCertificates.serverCertificate("shop", EC, authority);

        assertThatThrownBy(() ->
                        ServerCertificate.of(List.of(authority.certificate(), leaf), EC.getPrivate(), "test files"))
                .hasMessageContaining("must come first");
    }

    @Test
    void aShortRsaKeyIsRefused() {
        KeyPair weak = TestCertificates.rsa(1024);

        assertThatThrownBy(() -> ServerCertificate.of(
                        List.of(TestCertificates.selfSigned("weak", weak)), weak.getPrivate(), "test files"))
                .hasMessageContaining("1024 bits")
                .hasMessageContaining("2048");
    }

    @Test
    void anRsaPairOfTheRightSizeIsAccepted() {
        X509Certificate certificate = TestCertificates.selfSigned("rsa", RSA);

        assertThat(ServerCertificate.of(List.of(certificate), RSA.getPrivate(), "test")
                        .leaf())
                .isEqualTo(certificate);
    }
}
