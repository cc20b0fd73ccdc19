package com.repairsync.client.transport;

/**
 * The server presented a TLS certificate this device does not trust: another certificate than the
 * one it pinned when it joined, or (for a device that trusts certificate authorities) one no
 * authority vouches for. Either the shop replaced its server's certificate, and the owner re-pins
 * the device with the new fingerprint, or someone is intercepting the connection. Nothing is sent
 * over such a connection, not even a token; the device keeps its queue and keeps trying.
 */
public final class UntrustedCertificateException extends OfflineException {
    private static final long serialVersionUID = 1L;

    private final String trusted;
    private final String presented;

    UntrustedCertificateException(String serverUrl, String trusted, String presented, String reason, Throwable cause) {
        super(
                serverUrl + ": " + reason
                        + ". If the shop replaced its server's certificate, compare the new fingerprint with"
                        + " the one the server prints at start (repairsync server fingerprint) and re-pin this"
                        + " device with it (repairsync repin --fingerprint ...); otherwise someone may be"
                        + " intercepting the connection",
                cause);
        this.trusted = trusted;
        this.presented = presented;
    }

    /** The pin the device holds: a fingerprint or {@value ServerTrust#AUTHORITIES}. */
    public String trusted() {
        return trusted;
    }

    /** The SHA-256 fingerprint of the certificate the server presented. */
    public String presented() {
        return presented;
    }
}
