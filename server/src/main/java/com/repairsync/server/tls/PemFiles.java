package com.repairsync.server.tls;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads PEM files: certificate chains ({@code BEGIN CERTIFICATE}, leaf first) and unencrypted
 * private keys in PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) or
 * SEC1 ({@code BEGIN EC PRIVATE KEY}) form. Other PEM blocks in a file (EC parameters, a key next
 * to the certificates) are skipped. Every error names the file and the setting it came from.
 */
public final class PemFiles {
    /** Far above any real chain or key; a bigger file is not what the setting should name. */
    static final long MAX_FILE_BYTES = 1024 * 1024;

    static final int MAX_CHAIN_LENGTH = 10;
    private static final Logger log = LoggerFactory.getLogger(PemFiles.class);

    private PemFiles() {}

    /**
     * The certificates of a PEM file, in file order (the server's own certificate first).
     *
     * @param setting where the file was named, such as {@code --tls-cert}, for messages
     * @throws TlsMaterialException if the file cannot be read or holds no certificate
     */
    public static List<X509Certificate> certificates(Path file, String setting) {
        List<X509Certificate> chain = new ArrayList<>();
        for (Object object : objects(file, setting)) {
            if (object instanceof X509CertificateHolder holder) {
                chain.add(certificate(holder, file, setting));
            }
        }
        if (chain.isEmpty()) {
            throw new TlsMaterialException(where(file, setting) + " holds no PEM certificate (-----BEGIN"
                    + " CERTIFICATE-----); a DER file converts with: openssl x509 -inform der -in " + file
                    + " -out certificate.pem");
        }
        if (chain.size() > MAX_CHAIN_LENGTH) {
            throw new TlsMaterialException(where(file, setting) + " holds " + chain.size()
                    + " certificates; a chain has the server's certificate and its intermediates, at most "
                    + MAX_CHAIN_LENGTH);
        }
        return List.copyOf(chain);
    }

    /**
     * The one private key of a PEM file.
     *
     * @param setting where the file was named, such as {@code --tls-key}, for messages
     * @throws TlsMaterialException if the file cannot be read, holds no key or several, or the key
     *     is encrypted
     */
    public static PrivateKey privateKey(Path file, String setting) {
        warnIfOthersCanRead(file);
        List<PrivateKeyInfo> keys = new ArrayList<>();
        for (Object object : objects(file, setting)) {
            if (object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
                throw new TlsMaterialException(where(file, setting) + " holds an encrypted private key; the"
                        + " server cannot ask for its passphrase. Write it out unencrypted, readable only by the"
                        + " server's user: openssl pkey -in " + file + " -out server-key.pem && chmod 600"
                        + " server-key.pem");
            }
            if (object instanceof PrivateKeyInfo info) {
                keys.add(info);
            } else if (object instanceof PEMKeyPair pair) {
                keys.add(pair.getPrivateKeyInfo());
            }
        }
        if (keys.size() != 1) {
            throw new TlsMaterialException(where(file, setting)
                    + (keys.isEmpty() ? " holds no" : " holds " + keys.size() + " private keys, not one")
                    + " PEM private key (-----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY"
                    + " or EC PRIVATE KEY)");
        }
        try {
            return new JcaPEMKeyConverter().getPrivateKey(keys.get(0));
        } catch (IOException | RuntimeException e) {
            throw new TlsMaterialException(
                    where(file, setting) + " holds a private key of a kind Java cannot use: " + e.getMessage(), e);
        }
    }

    /** A key file others may read is a key others may have copied: say so, do not refuse. */
    private static void warnIfOthersCanRead(Path key) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(key);
            if (permissions.stream()
                    .anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                log.warn(
                        "the private key {} is readable by other users ({}); restrict it: chmod 600 {}",
                        key,
                        PosixFilePermissions.toString(permissions),
                        key);
            }
        } catch (IOException | UnsupportedOperationException notPosix) {
            log.debug("cannot check the permissions of {}: {}", key, notPosix.toString());
        }
    }

    /** The PEM objects of a file, read whole (it is small, or refused). */
    private static List<Object> objects(Path file, String setting) {
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new TlsMaterialException(where(file, setting) + " is " + size
                        + " bytes; a PEM certificate or key is a few KB (at most " + MAX_FILE_BYTES + " read)");
            }
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            if (e instanceof TlsMaterialException refused) {
                throw refused;
            }
            throw new TlsMaterialException(where(file, setting) + " cannot be read: " + e, e);
        }
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (Object object; (object = parser.readObject()) != null; ) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            throw new TlsMaterialException(where(file, setting) + " is not valid PEM: " + e.getMessage(), e);
        }
        return objects;
    }

    private static X509Certificate certificate(X509CertificateHolder holder, Path file, String setting) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(holder.getEncoded()));
        } catch (CertificateException | IOException e) {
            throw new TlsMaterialException(
                    where(file, setting) + " holds a certificate Java cannot read: " + e.getMessage(), e);
        }
    }

    static String where(Path file, String setting) {
        return file + " (" + setting + ")";
    }
}
