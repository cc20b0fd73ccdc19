package com.repairsync.testkit;

import java.io.IOException;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for tests that talk to a server with a self-signed or test certificate: an SSL context that
 * trusts exactly the given certificate and nothing else (not the JDK's public authorities), and
 * an HTTP client on it. Host names are still checked, so the certificate must name the host the
 * test connects to (the server's self-signed one names 127.0.0.1, ::1 and localhost).
 */
public final class PinnedTls {
    private PinnedTls() {}

    /** A TLS context whose only trust anchor is {@code certificate}. */
    public static SSLContext trusting(X509Certificate certificate) {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("pinned", certificate);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust " + certificate.getSubjectX500Principal(), e);
        }
    }

    /** An HTTP (and WebSocket) client that trusts only {@code certificate}. */
    public static HttpClient client(X509Certificate certificate) {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .sslContext(trusting(certificate))
                .build();
    }
}
