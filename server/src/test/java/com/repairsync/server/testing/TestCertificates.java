package com.repairsync.server.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Keys, certificates and PEM files for TLS tests, made with the Java runtime's providers and
 * BouncyCastle's builders: a shop's "own" certificate issued by a test authority, keys written in
 * PKCS#8, PKCS#1 / SEC1 or encrypted form.
 */
public final class TestCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    private TestCertificates() {}

    /** A certificate and its key. */
    public record Issued(X509Certificate certificate, KeyPair keys) {}

    public static KeyPair ec() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed authority that may issue certificates. */
    public static Issued authority(String name) {
        KeyPair keys = ec();
        return new Issued(build(name, keys, name, keys.getPrivate(), true), keys);
    }

    /** A server certificate for {@code keys}, issued by {@code issuer}, naming 127.0.0.1 and localhost. */
    public static X509Certificate serverCertificate(String name, KeyPair keys, Issued issuer) {
        return build(
                name,
                keys,
                issuer.certificate().getSubjectX500Principal().getName(),
                issuer.keys().getPrivate(),
                false);
    }

    /** A self-signed server certificate for {@code keys}, naming 127.0.0.1 and localhost. */
    public static X509Certificate selfSigned(String name, KeyPair keys) {
        return build(name, keys, name, keys.getPrivate(), false);
    }

    private static X509Certificate build(
            String subject, KeyPair keys, String issuer, PrivateKey signer, boolean authority) {
        Instant now = Instant.now();
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    new X500Name(issuer.contains("=") ? issuer : "CN=" + issuer),
                    BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(30))),
                    new X500Name("CN=" + subject),
                    keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
            if (!authority) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.dNSName, "localhost")
                }));
            }
            String algorithm = signer.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(signer)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a test certificate", e);
        }
    }

    /** Certificates as PEM, in the order given. */
    public static String pem(X509Certificate... certificates) {
        return write(certificates);
    }

    /** A key as PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
    public static String pkcs8(PrivateKey key) {
        try {
            return write(new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A key in OpenSSL's traditional form, as {@code openssl genrsa} and {@code openssl ecparam
     * -genkey} write it: {@code BEGIN RSA PRIVATE KEY} (PKCS#1) or {@code BEGIN EC PRIVATE KEY}
     * (SEC1, with the curve inside).
     */
    public static String traditional(PrivateKey key) {
        if (!key.getAlgorithm().equals("EC")) {
            return write(key);
        }
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        try {
            ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
            ECPrivateKey sec1 = new ECPrivateKey(
                    256, inner.getKey(), info.getPrivateKeyAlgorithm().getParameters());
            return write(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A key as encrypted PKCS#8 ({@code BEGIN ENCRYPTED PRIVATE KEY}), as {@code openssl pkcs8
     * -topk8} writes it. BouncyCastle's provider does the encryption, handed over as an object and
     * never registered, as the server never registers it.
     */
    public static String encryptedPkcs8(PrivateKey key, String passphrase) {
        try {
            return write(new JcaPKCS8Generator(
                    key,
                    new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                            .setProvider(new BouncyCastleProvider())
                            .setPassword(passphrase.toCharArray())
                            .build()));
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code text} to {@code file} and returns the file. */
    public static Path file(Path file, String text) {
        try {
            Files.writeString(file, text);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String write(Object... objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return text.toString();
    }
}
