package com.repairsync.client.transport;

import com.repairsync.protocol.CertificateFingerprint;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Enumeration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Which TLS certificate a device accepts from its server. A shop's own server usually has a
 * self-signed certificate no authority vouches for, so a device trusts on first use, as SSH does:
 *
 * <ul>
 *   <li>{@link #firstUse()}: before the device joins. A certificate a certificate authority vouches
 *       for (the JDK's trust store, host name checked) is accepted, and so is any other; the device
 *       remembers which it saw. {@link #expecting(String)} instead accepts only the certificate
 *       with the fingerprint the owner read off the server (safer than trusting the first answer).
 *   <li>{@link #settle()}, once the join succeeded: the trust becomes the <em>pin</em> the device
 *       stores. A certificate authorities vouched for pins {@value #AUTHORITIES} (renewals keep
 *       working, and a certificate nobody vouches for is refused from then on); any other pins its
 *       own SHA-256 fingerprint, and a different certificate at the same address is refused with
 *       {@link UntrustedCertificateException}, which names both fingerprints.
 *   <li>{@link #repin(String)}: after the shop replaced its certificate on purpose, the owner gives
 *       the new fingerprint.
 * </ul>
 *
 * <p>Plain {@code http://} URLs never consult it. Thread-safe: handshakes read the current pin.
 */
public final class ServerTrust {
    /** The stored pin of a device that trusts what certificate authorities vouch for. */
    public static final String AUTHORITIES = "authorities";

    private final X509ExtendedTrustManager authorities = systemTrustManager();
    private final SSLContext context;
    /** Null until settled: the first use. */
    private volatile String pin;
    /** At first use: the only fingerprint to accept, or null for any. */
    private volatile String expected;

    private volatile Presented presented;

    private record Presented(String fingerprint, boolean vouched) {}

    private ServerTrust(String pin, String expected) {
        this.pin = pin;
        this.expected = expected;
        try {
            this.context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new Pinning()}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot make a TLS context", e);
        }
    }

    /** Before a join: any certificate is accepted once and remembered for {@link #settle()}. */
    public static ServerTrust firstUse() {
        return new ServerTrust(null, null);
    }

    /**
     * Before a join: only the certificate with this fingerprint (as the server prints it).
     *
     * @throws IllegalArgumentException if it is not a SHA-256 fingerprint
     */
    public static ServerTrust expecting(String fingerprint) {
        return new ServerTrust(null, CertificateFingerprint.parse(fingerprint));
    }

    /** Only certificates certificate authorities vouch for, host name checked: the JDK's default. */
    public static ServerTrust authorities() {
        return new ServerTrust(AUTHORITIES, null);
    }

    /**
     * A stored pin: {@value #AUTHORITIES} or a fingerprint.
     *
     * @throws IllegalArgumentException if it is neither
     */
    public static ServerTrust pinned(String pin) {
        Objects.requireNonNull(pin, "pin");
        return new ServerTrust(AUTHORITIES.equals(pin) ? AUTHORITIES : CertificateFingerprint.parse(pin), null);
    }

    /**
     * From now on until settled, accepts only the certificate with this fingerprint. Already
     * pinned: the fingerprint must be the pinned one.
     *
     * @throws IllegalArgumentException if it is malformed, or differs from the pin in force
     */
    public synchronized void expect(String fingerprint) {
        String wanted = CertificateFingerprint.parse(fingerprint);
        if (pin == null) {
            expected = wanted;
        } else if (!pin.equals(wanted)) {
            throw new IllegalArgumentException("this device pinned server certificate " + pin + ", not " + wanted
                    + "; re-pin it if the shop replaced its server's certificate");
        }
    }

    /** The pin in force, or empty at first use. */
    public Optional<String> pin() {
        return Optional.ofNullable(pin);
    }

    /** The fingerprint of the certificate the server presented last, if a TLS handshake ran. */
    public Optional<String> presentedFingerprint() {
        Presented last = presented;
        return last == null ? Optional.empty() : Optional.of(last.fingerprint());
    }

    /**
     * Ends the first use: pins what the server presented (see the class comment) and returns the
     * pin to store. Settled already: returns the pin in force.
     *
     * @throws IllegalStateException if no TLS handshake ran yet
     */
    public synchronized String settle() {
        if (pin != null) {
            return pin;
        }
        Presented last = presented;
        if (last == null) {
            throw new IllegalStateException("no TLS connection to the server yet: nothing to pin");
        }
        pin = last.vouched() && expected == null ? AUTHORITIES : last.fingerprint();
        return pin;
    }

    /**
     * Pins another certificate, for a shop that replaced its server's certificate. Cached TLS
     * sessions are dropped, so the next connection is checked against the new pin.
     *
     * @throws IllegalArgumentException if it is not a SHA-256 fingerprint or {@value #AUTHORITIES}
     */
    public synchronized String repin(String fingerprint) {
        pin = AUTHORITIES.equals(fingerprint) ? AUTHORITIES : CertificateFingerprint.parse(fingerprint);
        SSLSessionContext sessions = context.getClientSessionContext();
        for (Enumeration<byte[]> ids = sessions.getIds(); ids.hasMoreElements(); ) {
            SSLSession session = sessions.getSession(ids.nextElement());
            if (session != null) {
                session.invalidate();
            }
        }
        return pin;
    }

    /**
     * The TLS context that checks certificates against this trust: the transport's HTTP client and
     * WebSocket use it, and so may any other HTTP client of the app that talks to the same server.
     */
    public SSLContext sslContext() {
        return context;
    }

    /**
     * The refusal inside a failed connection's causes, if a {@link ServerTrust} refused the
     * server's certificate: a client using {@link #sslContext()} turns its failure into one.
     *
     * @param serverUrl the server the connection went to, for the message
     */
    public static Optional<UntrustedCertificateException> untrusted(String serverUrl, Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof Refused refused) {
                return Optional.of(new UntrustedCertificateException(
                        serverUrl, refused.trusted, refused.presented, refused.getMessage(), failure));
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }

    /** Why a certificate was refused; {@link #untrusted} turns it into an {@link UntrustedCertificateException}. */
    private static final class Refused extends CertificateException {
        private static final long serialVersionUID = 1L;
        final String trusted;
        final String presented;

        Refused(String trusted, String presented, String message) {
            super(message);
            this.trusted = trusted;
            this.presented = presented;
        }
    }

    private void check(X509Certificate[] chain, String authType, SSLEngine engine, Socket socket)
            throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server presented no certificate");
        }
        String fingerprint = fingerprint(chain[0]);
        boolean vouched = vouched(chain, authType, engine, socket);
        presented = new Presented(fingerprint, vouched);
        String current = pin;
        if (current == null) {
            if (expected != null && !expected.equals(fingerprint)) {
                throw new Refused(
                        expected,
                        fingerprint,
                        "the server presented certificate " + fingerprint + ", not " + expected
                                + ", the fingerprint this device was told to expect");
            }
        } else if (current.equals(AUTHORITIES)) {
            if (!vouched) {
                throw new Refused(
                        AUTHORITIES,
                        fingerprint,
                        "the server presented certificate " + fingerprint
                                + ", which no certificate authority vouches for (for this host name); this"
                                + " device trusts only such certificates since it joined");
            }
        } else if (!current.equals(fingerprint)) {
            throw new Refused(
                    current,
                    fingerprint,
                    "the server presented certificate " + fingerprint + ", but this device pinned " + current
                            + " when it joined");
        }
    }

    private boolean vouched(X509Certificate[] chain, String authType, SSLEngine engine, Socket socket) {
        try {
            if (engine != null) {
                authorities.checkServerTrusted(chain, authType, engine);
            } else if (socket != null) {
                authorities.checkServerTrusted(chain, authType, socket);
            } else {
                authorities.checkServerTrusted(chain, authType);
            }
            return true;
        } catch (CertificateException | IllegalArgumentException notVouched) {
            return false;
        }
    }

    private static String fingerprint(X509Certificate certificate) throws CertificateException {
        try {
            return CertificateFingerprint.of(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new CertificateException("the server's certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    private static X509ExtendedTrustManager systemTrustManager() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("this Java runtime has no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read this Java runtime's trusted certificate authorities", e);
        }
    }

    /** Checks servers against the pin; a device never presents a client certificate. */
    private final class Pinning extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain, authType, engine, null);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain, authType, null, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, authType, null, null);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a device does not accept TLS clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("a device does not accept TLS clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a device does not accept TLS clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
