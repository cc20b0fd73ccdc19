package com.repairsync.client.transport;

/**
 * The server could not be reached. Being offline is not a failure: no retry attempt is spent. A
 * server whose TLS certificate the device does not trust counts as unreachable too ({@link
 * UntrustedCertificateException}): the device keeps its queue and tries again.
 */
public class OfflineException extends TransportException {
    private static final long serialVersionUID = 1L;

    public OfflineException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retriable() {
        return true;
    }
}
