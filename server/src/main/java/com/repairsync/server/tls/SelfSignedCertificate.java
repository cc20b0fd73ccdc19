package com.repairsync.server.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's own certificate when none is configured: made once into a folder of the data
 * directory ({@value #CERTIFICATE_FILE} and {@value #KEY_FILE}) and reused on every later start,
 * so the fingerprint devices pinned stays valid. EC P-256, SHA256withECDSA, valid {@link
 * #VALIDITY} from a day before it was made; its subject alternative names ({@code localhost}, the
 * machine's name, 127.0.0.1, ::1) are a courtesy, since devices trust it by fingerprint.
 *
 * <p>The folder is 0700 and the key 0600 where the file system has POSIX permissions. Each file
 * is written to a temporary file, synced, then renamed into place, the key before the
 * certificate: a crash leaves either no certificate (a new pair is made at the next start, no
 * device has pinned the lost one) or a complete pair.
 */
public final class SelfSignedCertificate {
    public static final String FOLDER = "tls";
    public static final String CERTIFICATE_FILE = "server-certificate.pem";
    public static final String KEY_FILE = "server-key.pem";
    static final String LOCK_FILE = "make.lock";
    static final Duration VALIDITY = Duration.ofDays(3653);
    private static final String SETTING = "made by the server, in --data";
    private static final Logger log = LoggerFactory.getLogger(SelfSignedCertificate.class);

    private SelfSignedCertificate() {}

    /**
     * The certificate in {@code folder}, made there first if there is none.
     *
     * @param hostNames names and address literals to list as subject alternative names, beside
     *     localhost, 127.0.0.1 and ::1; asked for only when a certificate is made
     * @throws TlsMaterialException if the folder cannot be written or holds an unusable pair
     */
    public static ServerCertificate loadOrCreate(Path folder, Supplier<List<String>> hostNames, Clock clock) {
        Optional<ServerCertificate> existing = load(folder);
        if (existing.isPresent()) {
            return existing.get();
        }
        // Two servers starting on one data directory must not each write half of a pair.
        synchronized (SelfSignedCertificate.class) {
            try {
                createPrivateFolder(folder);
                try (FileChannel lockFile = FileChannel.open(
                                folder.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock held = lockFile.lock()) {
                    return load(folder).orElseGet(() -> create(folder, hostNames.get(), clock));
                }
            } catch (IOException e) {
                throw new TlsMaterialException("cannot make a self-signed certificate in " + folder + ": " + e, e);
            }
        }
    }

    /**
     * The certificate already in {@code folder}, or empty if none was made yet; never makes one.
     *
     * @throws TlsMaterialException if there is a certificate but it or its key cannot be used
     */
    public static Optional<ServerCertificate> load(Path folder) {
        Path certificate = folder.resolve(CERTIFICATE_FILE);
        if (!Files.exists(certificate)) {
            return Optional.empty();
        }
        Path key = folder.resolve(KEY_FILE);
        if (!Files.exists(key)) {
            throw new TlsMaterialException(certificate + " has no private key beside it (" + key + "); devices"
                    + " pinned to it cannot be served. Restore the key from a backup, or delete " + folder
                    + " to make a new certificate, which every device must then re-pin");
        }
        return Optional.of(ServerCertificate.fromFiles(certificate, SETTING, key, SETTING));
    }

    /** The certificate file in {@code folder}, whether it exists yet or not. */
    public static Path certificateFile(Path folder) {
        return folder.resolve(CERTIFICATE_FILE);
    }

    private static ServerCertificate create(Path folder, List<String> hostNames, Clock clock) {
        try {
            KeyPair pair = newKeyPair();
            X509Certificate certificate = sign(pair, hostNames, clock.instant());
            writeAtomically(folder.resolve(KEY_FILE), pem(new JcaPKCS8Generator(pair.getPrivate(), null)), true);
            writeAtomically(folder.resolve(CERTIFICATE_FILE), pem(certificate), false);
        } catch (IOException e) {
            throw new TlsMaterialException("cannot write a self-signed certificate into " + folder + ": " + e, e);
        }
        return load(folder)
                .orElseThrow(() -> new TlsMaterialException("the certificate just written to " + folder + " is gone"));
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime makes EC P-256 keys", e);
        }
    }

    static X509Certificate sign(KeyPair pair, List<String> hostNames, Instant now) {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        hostNames.stream().filter(SelfSignedCertificate::isUsableName).forEach(names::add);
        String commonName = hostNames.stream()
                .filter(SelfSignedCertificate::isDnsName)
                .findFirst()
                .orElse("localhost");
        X500Name subject = new X500Name("CN=RepairSync server " + commonName);
        byte[] serial = new byte[16];
        new SecureRandom().nextBytes(serial);
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject,
                    new BigInteger(1, serial),
                    Date.from(now.minus(Duration.ofDays(1))), // devices whose clocks run a little behind
                    Date.from(now.plus(VALIDITY)),
                    subject,
                    pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(names));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(
                    Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509CertificateHolder holder =
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
            return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(holder.getEncoded()));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot sign a self-signed certificate", e);
        }
    }

    private static GeneralNames alternativeNames(Set<String> names) {
        List<GeneralName> general = new ArrayList<>();
        for (String name : names) {
            general.add(new GeneralName(isDnsName(name) ? GeneralName.dNSName : GeneralName.iPAddress, name));
        }
        return new GeneralNames(general.toArray(GeneralName[]::new));
    }

    private static boolean isUsableName(String name) {
        return isDnsName(name) || isAddressLiteral(name);
    }

    private static boolean isDnsName(String name) {
        return name.length() <= 253
                && name.matches("[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}"
                        + "[A-Za-z0-9])?)*")
                && !name.matches("[0-9.]+");
    }

    private static boolean isAddressLiteral(String name) {
        if (!name.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            return false;
        }
        try {
            InetAddress address = InetAddress.getByName(name); // a literal: no lookup
            return !address.isAnyLocalAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static void createPrivateFolder(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        Files.createDirectories(folder.toAbsolutePath().getParent());
        try {
            Files.createDirectory(folder, permissions("rwx------"));
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectory(folder);
        } catch (FileAlreadyExistsException raced) {
            // made by another process a moment ago: fine, it is a folder
        }
    }

    /** Writes {@code text} to a temporary file beside {@code file}, syncs it, renames it into place. */
    private static void writeAtomically(Path file, String text, boolean secret) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(temporary);
        try {
            Files.createFile(temporary, permissions(secret ? "rw-------" : "rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(temporary);
        }
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
                OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncFolder(file.getParent());
    }

    /** Makes the rename itself durable where the platform allows syncing a directory (not Windows). */
    private static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException notSupported) {
            log.debug("cannot sync the folder {} on this platform: {}", folder, notSupported.toString());
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> permissions(String permissions) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }
}
