package com.repairsync.client;

import com.repairsync.client.transport.ServerTrust;
import com.repairsync.client.transport.UntrustedCertificateException;
import java.util.Optional;

/** The server certificate a device trusts ({@link RepairSyncDevice#certificatePin()}). */
public final class CertificatePin {
    private final DeviceSession session;
    private final Runnable resync;

    CertificatePin(DeviceSession session, Runnable resync) {
        this.session = session;
        this.resync = resync;
    }

    /**
     * The SHA-256 fingerprint the device pinned, {@value ServerTrust#AUTHORITIES} for a certificate
     * authorities vouch for, or empty before a join over https (plain http pins nothing).
     */
    public Optional<String> current() {
        return session.serverCertificate();
    }

    /**
     * Trusts another server certificate from now on, after the shop replaced its server's
     * certificate on purpose, and syncs. Compare the fingerprint with the one the server prints; a
     * refused connection's {@link UntrustedCertificateException#presented()} says what the server
     * shows.
     *
     * @return the fingerprint pinned, in canonical form
     * @throws IllegalArgumentException if it is not a SHA-256 fingerprint or {@value
     *     ServerTrust#AUTHORITIES}
     */
    public String repin(String fingerprint) {
        String pinned = session.repin(fingerprint);
        resync.run();
        return pinned;
    }
}
