package com.repairsync.client.transport;

/** The server could not be reached. Being offline is not a failure: no retry attempt is spent. */
public final class OfflineException extends TransportException {
    private static final long serialVersionUID = 1L;

    public OfflineException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retriable() {
        return true;
    }
}
