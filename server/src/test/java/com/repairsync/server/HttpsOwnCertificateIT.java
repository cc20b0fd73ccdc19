package com.repairsync.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.repairsync.protocol.CertificateFingerprint;
import com.repairsync.server.store.DataDirectoryLock;
import com.repairsync.server.testing.TestCertificates;
import com.repairsync.server.testing.TestServer;
import com.repairsync.server.tls.SelfSignedCertificate;
import com.repairsync.server.tls.TlsMaterialException;
import com.repairsync.testkit.JsonHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A shop's own certificate and key from PEM files (--tls-cert, --tls-key), chain included. */
class HttpsOwnCertificateIT {
    @TempDir
    Path files;

    @Test
    void theServerPresentsTheGivenChainAndPinsToItsLeaf() throws Exception {
        TestCertificates.Issued authority = TestCertificates.authority("Fix-It Corner CA");
        KeyPair keys = TestCertificates.rsa(2048);
        X509Certificate leaf = TestCertificates.serverCertificate("fixit-server", keys, authority);
        Path certificate =
                TestCertificates.file(files.resolve("fixit.pem"), TestCertificates.pem(leaf, authority.certificate()));
        Path key =
                TestCertificates.file(files.resolve("fixit-key.pem"), TestCertificates.traditional(keys.getPrivate()));

        try (TestServer server = TestServer.start(
                Clock.systemUTC(),
                Map.of("--tls", "on", "--tls-cert", certificate.toString(), "--tls-key", key.toString()))) {
            JsonHttp.Response health = server.http().get("/v1/health", null);

            assertThat(health.status()).isEqualTo(200);
            assertThat(health.raw().sslSession().orElseThrow().getPeerCertificates())
                    .containsExactly(leaf, authority.certificate());
            assertThat(server.server().certificateFingerprint()).contains(CertificateFingerprint.of(leaf.getEncoded()));
            assertThat(server.dataDir().resolve(SelfSignedCertificate.FOLDER)).doesNotExist();
        }
    }

    @Test
    void aKeyThatIsNotTheCertificatesStopsTheStartBeforeAnyDataIsOpened() throws Exception {
        KeyPair keys = TestCertificates.ec();
        Path certificate = TestCertificates.file(
                files.resolve("cert.pem"), TestCertificates.pem(TestCertificates.selfSigned("shop", keys)));
        Path wrongKey = TestCertificates.file(
                files.resolve("other-key.pem"),
                TestCertificates.pkcs8(TestCertificates.ec().getPrivate()));
        Path data = Files.createDirectory(files.resolve("data"));

        assertThatThrownBy(() -> TestServer.startIn(
                        data,
                        Clock.systemUTC(),
                        Map.of("--tls", "on", "--tls-cert", certificate.toString(), "--tls-key", wrongKey.toString())))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageContaining("(--tls-key)")
                .hasMessageContaining("does not belong");
        try (var left = Files.list(data)) {
            // Only the data directory's lock, taken first and released: no database, no TLS files.
            assertThat(left.map(file -> file.getFileName().toString())).containsOnly(DataDirectoryLock.FILE_NAME);
        }
    }
}
