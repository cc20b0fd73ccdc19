package com.repairsync.server.tls;

import static com.repairsync.server.testing.TestCertificates.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.repairsync.server.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading PEM certificates and keys in the forms shops have them, and refusing what cannot be used. */
class PemFilesTest {
    private static final KeyPair EC = TestCertificates.ec();
    private static final KeyPair RSA = TestCertificates.rsa(2048);

    @TempDir
    Path dir;

    @Test
    void readsAPkcs8Key() throws Exception {
        Path key = file(dir.resolve("key.pem"), TestCertificates.pkcs8(EC.getPrivate()));
        assertThat(Files.readString(key, java.nio.charset.StandardCharsets.US_ASCII))
                .contains("BEGIN PRIVATE KEY");

        assertThat(PemFiles.privateKey(key, "--tls-key").getEncoded())
                .isEqualTo(EC.getPrivate().getEncoded());
    }

    @Test
    void readsAPkcs1RsaKey() throws Exception {
        Path key = file(dir.resolve("key.pem"), TestCertificates.traditional(RSA.getPrivate()));
        assertThat(Files.readString(key)).contains("BEGIN RSA PRIVATE KEY");

        PrivateKey read = PemFiles.privateKey(key, "--tls-key");

        assertThat(read.getAlgorithm()).isEqualTo("RSA");
        assertThat(read.getEncoded()).isEqualTo(RSA.getPrivate().getEncoded());
    }

    @Test
    void readsASec1EcKeyAfterItsParameters() throws Exception {
        // openssl ecparam -genkey writes an EC PARAMETERS block before the key
        String parameters = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n";
        Path key = file(dir.resolve("key.pem"), parameters + TestCertificates.traditional(EC.getPrivate()));
        assertThat(Files.readString(key)).contains("BEGIN EC PRIVATE KEY");

        PrivateKey read = PemFiles.privateKey(key, "--tls-key");

        assertThat(read.getAlgorithm()).isEqualTo("EC");
        assertThat(ServerCertificate.of(List.of(TestCertificates.selfSigned("shop", EC)), read, "test")
                        .fingerprint())
                .hasSize(95);
    }

    @Test
    void anEncryptedKeyIsRefusedWithHowToConvertIt() throws Exception {
        Path key = file(dir.resolve("key.pem"), TestCertificates.encryptedPkcs8(EC.getPrivate(), "secret"));
        assertThat(Files.readString(key)).contains("BEGIN ENCRYPTED PRIVATE KEY");

        assertThatThrownBy(() -> PemFiles.privateKey(key, "--tls-key"))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageContaining(key.toString())
                .hasMessageContaining("--tls-key")
                .hasMessageContaining("encrypted")
                .hasMessageContaining("openssl pkey -in " + key);
    }

    @Test
    void aLegacyEncryptedKeyIsRefusedToo() {
        String legacy = TestCertificates.traditional(EC.getPrivate())
                .replace(
                        "-----BEGIN EC PRIVATE KEY-----\n",
                        "-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info:"
                                + " AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n");
        Path key = file(dir.resolve("key.pem"), legacy);

        assertThatThrownBy(() -> PemFiles.privateKey(key, "--tls-key")).hasMessageContaining("encrypted");
    }

    @Test
    void readsAChainLeafFirst() {
        TestCertificates.Issued authority = TestCertificates.authority("Shop CA");
        X509Certificate leaf = TestCertificates.serverCertificate("shop", EC, authority);
        Path chain = file(dir.resolve("chain.pem"), TestCertificates.pem(leaf, authority.certificate()));

        assertThat(PemFiles.certificates(chain, "--tls-cert")).containsExactly(leaf, authority.certificate());
    }

    @Test
    void aCertificateFileMayAlsoHoldTheKey() {
        X509Certificate certificate = TestCertificates.selfSigned("shop", EC);
        Path both = file(
                dir.resolve("both.pem"), TestCertificates.pkcs8(EC.getPrivate()) + TestCertificates.pem(certificate));

        assertThat(PemFiles.certificates(both, "--tls-cert")).containsExactly(certificate);
        assertThat(PemFiles.privateKey(both, "--tls-key")).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "\u0000\u0001binary\u00ff"})
    void aFileWithoutACertificateIsRefusedNamingTheFileAndSetting(String content) {
        Path garbage = file(dir.resolve("garbage.pem"), content);

        assertThatThrownBy(() -> PemFiles.certificates(garbage, "--tls-cert"))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageContaining(garbage + " (--tls-cert) holds no PEM certificate");
        assertThatThrownBy(() -> PemFiles.privateKey(garbage, "--tls-key"))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageContaining(garbage + " (--tls-key) holds no PEM private key");
    }

    @Test
    void brokenPemIsRefused() {
        Path broken = file(
                dir.resolve("broken.pem"),
                "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> PemFiles.certificates(broken, "--tls-cert"))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageContaining(broken + " (--tls-cert)");
    }

    @Test
    void aKeyFileWithTwoKeysIsRefused() {
        Path two = file(
                dir.resolve("two.pem"),
                TestCertificates.pkcs8(EC.getPrivate()) + TestCertificates.pkcs8(RSA.getPrivate()));

        assertThatThrownBy(() -> PemFiles.privateKey(two, "--tls-key")).hasMessageContaining("2 private keys");
    }

    @Test
    void aHugeFileIsNotRead() throws Exception {
        Path huge = dir.resolve("huge.pem");
        try (var out = Files.newOutputStream(huge)) {
            out.write(new byte[(int) PemFiles.MAX_FILE_BYTES + 1]);
        }

        assertThatThrownBy(() -> PemFiles.certificates(huge, "--tls-cert")).hasMessageContaining("bytes");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("missing.pem");

        assertThatThrownBy(() -> PemFiles.certificates(missing, "--tls-cert"))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageContaining(missing + " (--tls-cert) cannot be read");
    }
}
