package com.repairsync.server.tls;

import java.security.SecureRandom;
import java.util.Base64;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The HTTPS connector: TLS 1.2 or 1.3 with the server's certificate, then HTTP/1.1 (and WebSocket
 * upgrades, so {@code wss://}) over it. A device may connect by IP address or by any name, so the
 * certificate is served whatever name (SNI) the device asks for, and the request's {@code Host}
 * need not match the certificate: devices trust it by fingerprint, not by name.
 */
public final class TlsConnector {
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsConnector() {}

    /**
     * A connector on {@code host} and {@code port} (0 picks a free port) serving {@code certificate},
     * with the server's own HTTP settings plus what HTTPS adds (secure scheme, no SNI host check).
     */
    public static ServerConnector create(
            Server server, HttpConfiguration http, ServerCertificate certificate, String host, int port) {
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(
                server,
                new SslConnectionFactory(sslContextFactory(certificate), HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    /** The TLS settings: the certificate and key, TLS 1.2 and newer only, no client certificates, no renegotiation. */
    static SslContextFactory.Server sslContextFactory(ServerCertificate certificate) {
        // The key store lives only in memory; its password only satisfies the KeyStore API.
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getEncoder().encodeToString(random);
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(certificate.keyStore(password.toCharArray()));
        ssl.setKeyStorePassword(password);
        ssl.setKeyManagerPassword(password);
        ssl.setIncludeProtocols(PROTOCOLS);
        ssl.setSniRequired(false);
        ssl.setNeedClientAuth(false);
        ssl.setWantClientAuth(false);
        // A client asking for a new handshake on an open connection makes the server redo its
        // costliest work on demand; nothing a device does needs it.
        ssl.setRenegotiationAllowed(false);
        return ssl;
    }
}
