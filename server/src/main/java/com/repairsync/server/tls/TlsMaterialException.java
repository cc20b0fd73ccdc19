package com.repairsync.server.tls;

/**
 * A certificate or private key the server cannot use: missing, unreadable, not PEM, encrypted,
 * or not a pair. The message names the file, the setting it came from and what to do.
 */
public final class TlsMaterialException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TlsMaterialException(String message) {
        super(message);
    }

    public TlsMaterialException(String message, Throwable cause) {
        super(message, cause);
    }
}
