package com.repairsync.cli;

import com.repairsync.client.transport.ServerTrust;
import com.repairsync.client.transport.UntrustedCertificateException;
import com.repairsync.protocol.CertificateFingerprint;

/**
 * The {@code --fingerprint} flag of commands that talk to a server without a device of their own
 * ({@code shop create}, {@code seed}): without it only a certificate a certificate authority vouches
 * for is accepted, so a password never goes to a server nobody checked.
 */
public final class ServerCertificates {
    public static final String FLAG_HELP = "the SHA-256 fingerprint of the server's certificate, as the server"
            + " prints it at start (needed for a self-signed https:// server)";

    private ServerCertificates() {}

    /**
     * The trust the flag asks for.
     *
     * @throws CliException (usage) naming {@code --fingerprint} if it is malformed
     */
    public static ServerTrust trust(String fingerprint) {
        if (fingerprint == null) {
            return ServerTrust.authorities();
        }
        return ServerTrust.expecting(canonical(fingerprint));
    }

    /**
     * The flag's fingerprint in canonical form.
     *
     * @throws CliException (usage) naming {@code --fingerprint} if it is malformed
     */
    public static String canonical(String fingerprint) {
        try {
            return CertificateFingerprint.parse(fingerprint);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--fingerprint: " + e.getMessage());
        }
    }

    /** A refusal that says which fingerprint to check and pass. */
    public static CliException refused(UntrustedCertificateException e, boolean fingerprintGiven) {
        if (fingerprintGiven) {
            return CliException.refused("certificate refused: " + e.getMessage());
        }
        return CliException.refused("the server presented certificate " + e.presented()
                + ", which no certificate authority vouches for. If it is your shop's server (it prints its"
                + " fingerprint at start; repairsync server fingerprint shows it), run again with --fingerprint "
                + e.presented());
    }
}
