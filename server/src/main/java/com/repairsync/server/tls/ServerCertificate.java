package com.repairsync.server.tls;

import com.repairsync.protocol.CertificateFingerprint;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.time.Instant;
import java.util.List;

/**
 * The certificate chain the server presents (its own certificate first) and the private key of
 * that first certificate, checked to be a pair. Devices pin the {@link #fingerprint()} of the
 * first certificate. {@code origin} says where it came from, for people.
 */
public final class ServerCertificate {
    private static final int MIN_RSA_BITS = 2048;

    private final List<X509Certificate> chain;
    private final PrivateKey key;
    private final String origin;
    private final String fingerprint;

    private ServerCertificate(List<X509Certificate> chain, PrivateKey key, String origin) {
        this.chain = List.copyOf(chain);
        this.key = key;
        this.origin = origin;
        this.fingerprint = CertificateFingerprint.of(encoded(chain.get(0)));
    }

    /**
     * A chain and its key.
     *
     * @param origin where both came from, for messages, such as {@code /etc/shop/cert.pem
     *     (--tls-cert)}
     * @throws TlsMaterialException if the key does not belong to the first certificate, or is of a
     *     kind or size the server refuses
     */
    public static ServerCertificate of(List<X509Certificate> chain, PrivateKey key, String origin) {
        if (chain.isEmpty()) {
            throw new TlsMaterialException(origin + " has no certificate");
        }
        checkPair(chain.get(0), key, origin);
        return new ServerCertificate(chain, key, origin);
    }

    /**
     * Reads a certificate chain and its key from PEM files, as {@code --tls-cert} and {@code
     * --tls-key} name them.
     *
     * @throws TlsMaterialException naming the file and setting when either cannot be used
     */
    public static ServerCertificate fromFiles(
            Path certificateFile, String certificateSetting, Path keyFile, String keySetting) {
        List<X509Certificate> chain = PemFiles.certificates(certificateFile, certificateSetting);
        PrivateKey key = PemFiles.privateKey(keyFile, keySetting);
        return of(
                chain,
                key,
                PemFiles.where(certificateFile, certificateSetting) + " with the key "
                        + PemFiles.where(keyFile, keySetting));
    }

    /**
     * The fingerprint of the first certificate in a PEM file, without reading any key: what a
     * server serving that file presents.
     *
     * @throws TlsMaterialException naming the file and setting when it holds no usable certificate
     */
    public static String fingerprintOf(Path certificateFile, String setting) {
        return CertificateFingerprint.of(
                encoded(PemFiles.certificates(certificateFile, setting).get(0)));
    }

    /** The SHA-256 fingerprint of the server's own certificate, as devices pin it. */
    public String fingerprint() {
        return fingerprint;
    }

    /** The server's own certificate. */
    public X509Certificate leaf() {
        return chain.get(0);
    }

    public List<X509Certificate> chain() {
        return chain;
    }

    /** Where the certificate came from, for people. */
    public String origin() {
        return origin;
    }

    /** True when the server's own certificate is valid at {@code now}. */
    public boolean validAt(Instant now) {
        return !now.isBefore(leaf().getNotBefore().toInstant())
                && !now.isAfter(leaf().getNotAfter().toInstant());
    }

    /** A key store in memory holding the chain and key under {@code password}, for the TLS stack. */
    KeyStore keyStore(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, password, chain.toArray(X509Certificate[]::new));
            return store;
        } catch (java.io.IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot hold the certificate of " + origin + " in a key store", e);
        }
    }

    /** Proves the pair by signing with the key and verifying with the certificate. */
    private static void checkPair(X509Certificate certificate, PrivateKey key, String origin) {
        PublicKey publicKey = certificate.getPublicKey();
        if (!publicKey.getAlgorithm().equals(key.getAlgorithm())) {
            throw new TlsMaterialException(origin + ": the private key is " + key.getAlgorithm()
                    + " but the first certificate's key is " + publicKey.getAlgorithm()
                    + "; the key does not belong to the certificate");
        }
        if (key instanceof RSAKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new TlsMaterialException(origin + ": the RSA key has "
                    + rsa.getModulus().bitLength() + " bits; use at least " + MIN_RSA_BITS + " (or an EC P-256 key)");
        }
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        try {
            Signature signer = Signature.getInstance(signatureAlgorithm(key, origin));
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(signatureAlgorithm(key, origin));
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            if (!verifier.verify(signature)) {
                throw new TlsMaterialException(origin + ": the private key does not belong to the first certificate"
                        + " in the file (the server's own certificate must come first, its chain after it)");
            }
        } catch (GeneralSecurityException e) {
            throw new TlsMaterialException(origin + ": cannot check the key against the certificate: " + e, e);
        }
    }

    private static String signatureAlgorithm(PrivateKey key, String origin) {
        return switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default ->
                throw new TlsMaterialException(
                        origin + ": a " + key.getAlgorithm() + " key is not supported; use an EC (P-256) or RSA key");
        };
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new TlsMaterialException("cannot encode the certificate " + certificate.getSubjectX500Principal(), e);
        }
    }

    @Override
    public String toString() {
        return "ServerCertificate[" + fingerprint + " from " + origin + "]";
    }
}
