package com.repairsync.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The self-signed certificate is made once, kept private, and reused on every later start. */
class SelfSignedCertificateTest {
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path data;

    private Path folder() {
        return data.resolve(SelfSignedCertificate.FOLDER);
    }

    @Test
    void madeOnceThenReusedWithTheSameFingerprint() {
        AtomicInteger askedForNames = new AtomicInteger();

        ServerCertificate first = SelfSignedCertificate.loadOrCreate(
                folder(), () -> List.of("shop-" + askedForNames.incrementAndGet()), CLOCK);
        ServerCertificate second = SelfSignedCertificate.loadOrCreate(
                folder(), () -> List.of("shop-" + askedForNames.incrementAndGet()), CLOCK);

        assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(SelfSignedCertificate.load(folder()).orElseThrow().fingerprint())
                .isEqualTo(first.fingerprint());
        assertThat(askedForNames).hasValue(1);
    }

    @Test
    void nothingIsLoadedOrMadeWhereThereIsNone() {
        assertThat(SelfSignedCertificate.load(folder())).isEmpty();
        assertThat(folder()).doesNotExist();
    }

    @Test
    void theFolderAndKeyAreTheOwnersOnly() throws Exception {
        SelfSignedCertificate.loadOrCreate(folder(), List::of, CLOCK);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(folder().resolve(SelfSignedCertificate.KEY_FILE))))
                .isEqualTo("rw-------");
        try (var files = Files.list(folder())) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            SelfSignedCertificate.CERTIFICATE_FILE,
                            SelfSignedCertificate.KEY_FILE,
                            SelfSignedCertificate.LOCK_FILE);
        }
    }

    @Test
    void ecP256SignedWithSha256ValidTenYearsNamingThisMachine() throws Exception {
        X509Certificate certificate = SelfSignedCertificate.loadOrCreate(
                        folder(), () -> List.of("front-desk", "0.0.0.0", "bad name!", "192.168.1.20"), CLOCK)
                .leaf();

        assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(((ECKey) certificate.getPublicKey())
                        .getParams()
                        .getCurve()
                        .getField()
                        .getFieldSize())
                .isEqualTo(256);
        assertThat(certificate.getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofDays(1)));
        assertThat(Duration.between(NOW, certificate.getNotAfter().toInstant()))
                .isBetween(Duration.ofDays(3650), Duration.ofDays(3660));
        assertThat(certificate.getSubjectAlternativeNames())
                .extracting(name -> (Object) name.get(1))
                .containsExactly("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1", "front-desk", "192.168.1.20");
        assertThat(certificate.getSubjectX500Principal().getName()).contains("front-desk");
        certificate.verify(certificate.getPublicKey());
    }

    @Test
    void aCrashBeforeTheCertificateWasWrittenMakesANewPair() throws Exception {
        ServerCertificate lost = SelfSignedCertificate.loadOrCreate(folder(), List::of, CLOCK);
        Files.delete(folder().resolve(SelfSignedCertificate.CERTIFICATE_FILE));
        Files.writeString(folder().resolve(SelfSignedCertificate.CERTIFICATE_FILE + ".new"), "-----BEGIN CERT");

        ServerCertificate made = SelfSignedCertificate.loadOrCreate(folder(), List::of, CLOCK);

        assertThat(made.fingerprint()).isNotEqualTo(lost.fingerprint());
        assertThat(SelfSignedCertificate.load(folder()).orElseThrow().fingerprint())
                .isEqualTo(made.fingerprint());
    }

    @Test
    void aCertificateWithoutItsKeyIsRefusedNotReplaced() throws Exception {
        SelfSignedCertificate.loadOrCreate(folder(), List::of, CLOCK);
        Files.delete(folder().resolve(SelfSignedCertificate.KEY_FILE));

        assertThatThrownBy(() -> SelfSignedCertificate.loadOrCreate(folder(), List::of, CLOCK))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageContaining("no private key")
                .hasMessageContaining("re-pin");
        assertThat(folder().resolve(SelfSignedCertificate.CERTIFICATE_FILE)).exists();
    }

    @Test
    void serversStartingTogetherShareOnePair() throws Exception {
        List<java.util.concurrent.Future<ServerCertificate>> starts;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            starts = pool.invokeAll(java.util.Collections.nCopies(
                    4, () -> SelfSignedCertificate.loadOrCreate(folder(), List::of, CLOCK)));
        } finally {
            pool.shutdown();
        }

        String stored = SelfSignedCertificate.load(folder()).orElseThrow().fingerprint();
        for (var start : starts) {
            assertThat(start.get().fingerprint()).isEqualTo(stored);
        }
    }
}
