package com.repairsync.client.transport;

/** 401: the token is missing, expired or revoked. Refresh it or sign in again. */
public final class UnauthorizedException extends TransportException {
    private static final long serialVersionUID = 1L;

    public UnauthorizedException(String message) {
        super(message, null);
    }

    @Override
    public boolean retriable() {
        return false;
    }
}
