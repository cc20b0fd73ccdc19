package com.repairsync.client;

/** The device's own database failed (disk full, file corrupt); nothing of the operation was stored. */
public final class LocalStoreException extends RepairSyncException {
    private static final long serialVersionUID = 1L;

    public LocalStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@inheritDoc} No: the database must be repaired or freed first. */
    @Override
    public boolean retriable() {
        return false;
    }
}
