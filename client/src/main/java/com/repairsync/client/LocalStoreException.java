package com.repairsync.client;

/** The device's own database failed (disk full, file corrupt); nothing of the operation was stored. */
public final class LocalStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LocalStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
