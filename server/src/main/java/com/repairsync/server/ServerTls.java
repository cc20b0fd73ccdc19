package com.repairsync.server;

import com.repairsync.server.tls.SelfSignedCertificate;
import com.repairsync.server.tls.ServerCertificate;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a server is reached: the certificate it presents (from its {@link ServerConfig.Tls}
 * settings), its URL, and the start line that says both.
 */
final class ServerTls {
    private static final Logger log = LoggerFactory.getLogger(RepairSyncServer.class);

    private ServerTls() {}

    /**
     * The certificate HTTPS serves: the configured files, or the self-signed one in the data
     * directory (made there on the first start); empty for plain HTTP.
     *
     * @throws com.repairsync.server.tls.TlsMaterialException naming the file when it cannot be used
     */
    static Optional<ServerCertificate> certificate(ServerConfig config) {
        ServerConfig.Tls tls = config.tls();
        if (!tls.https()) {
            return Optional.empty();
        }
        ServerCertificate certificate;
        if (tls.certificateFile().isPresent()) {
            certificate = ServerCertificate.fromFiles(
                    tls.certificateFile().get(), "--tls-cert", tls.keyFile().orElseThrow(), "--tls-key");
        } else {
            Path folder = selfSignedFolder(config);
            if (config.database().isPostgres()) {
                log.warn(
                        "--tls-cert is not set: this node serves the self-signed certificate in {}; devices pin"
                                + " one certificate and refuse a node that serves another, so give every node"
                                + " the same --tls-cert/--tls-key",
                        folder);
            }
            // Certificates are checked against wall-clock time by every TLS peer, whatever clock the server runs on.
            certificate = SelfSignedCertificate.loadOrCreate(
                    folder, () -> certificateNames(config.host()), Clock.systemUTC());
        }
        Instant now = Instant.now();
        if (!certificate.validAt(now)) {
            log.warn(
                    "the certificate {} is not valid now ({}): valid from {} to {}",
                    certificate.fingerprint(),
                    certificate.origin(),
                    certificate.leaf().getNotBefore().toInstant(),
                    certificate.leaf().getNotAfter().toInstant());
        }
        return Optional.of(certificate);
    }

    /** Where the self-signed certificate lives: a folder of the data directory. */
    static Path selfSignedFolder(ServerConfig config) {
        return config.dataDir().resolve(SelfSignedCertificate.FOLDER);
    }

    /** This machine's name and the configured host, for a new self-signed certificate. */
    private static List<String> certificateNames(String host) {
        List<String> names = new ArrayList<>();
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            names.add(fromEnvironment.strip());
        } else {
            try {
                names.add(InetAddress.getLocalHost().getHostName());
            } catch (UnknownHostException | SecurityException e) {
                log.debug("this machine has no name to put in the certificate: {}", e.toString());
            }
        }
        names.add(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        return names;
    }

    /** The base URL from this machine: 127.0.0.1 for a wildcard host, an IPv6 literal in brackets. */
    static String url(String host, boolean https, int port) {
        return (https ? "https" : "http") + "://" + hostInUrl(localHost(host)) + ":" + port;
    }

    /** The start line: where the server listens, over what, and what devices pin; a warning for plain HTTP on a network. */
    static void logListening(ServerConfig config, Optional<ServerCertificate> certificate, int port) {
        String listening = (certificate.isPresent() ? "https" : "http") + "://" + hostInUrl(config.host()) + ":" + port;
        Object data = config.database().isPostgres() ? config.database() : config.dataDir();
        if (certificate.isPresent()) {
            log.info(
                    "RepairSync server {} listening on {}, certificate SHA-256 {} ({}), with data in {}",
                    config.nodeId(),
                    listening,
                    certificate.get().fingerprint(),
                    config.tls().selfSigned()
                            ? "self-signed, in " + selfSignedFolder(config).toAbsolutePath()
                            : certificate.get().origin(),
                    data);
        } else if (ServerConfig.isLoopback(config.host())) {
            log.info(
                    "RepairSync server {} listening on {} (plain HTTP on loopback: reachable from this machine"
                            + " only), with data in {}",
                    config.nodeId(),
                    listening,
                    data);
        } else {
            log.warn(
                    "RepairSync server {} listening on {} in plain HTTP (--tls off): passwords, tokens and"
                            + " customer data cross the network unencrypted unless a TLS proxy is in front;"
                            + " name that proxy with --trusted-proxies (now: {}). Data in {}",
                    config.nodeId(),
                    listening,
                    config.trustedProxies(),
                    data);
        }
    }

    /** 127.0.0.1 for a wildcard address (0.0.0.0, ::), else the host itself. */
    private static String localHost(String host) {
        boolean wildcard = TrustedProxies.literal(host)
                .map(bytes -> {
                    try {
                        return InetAddress.getByAddress(bytes).isAnyLocalAddress();
                    } catch (UnknownHostException e) {
                        return false;
                    }
                })
                .orElse(false);
        return wildcard ? "127.0.0.1" : host;
    }

    /** An IPv6 literal in brackets, as a URL needs it. */
    private static String hostInUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
