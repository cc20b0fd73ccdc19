package com.repairsync.server.store;

/** The database failed; the operation may succeed if retried. */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
