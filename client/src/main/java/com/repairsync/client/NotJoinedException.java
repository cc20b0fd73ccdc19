package com.repairsync.client;

/** The device has not joined a shop yet, or must sign in again; call {@link RepairSyncDevice#join}. */
public final class NotJoinedException extends RepairSyncException {
    private static final long serialVersionUID = 1L;

    public NotJoinedException(String message) {
        super(message);
    }

    /** {@inheritDoc} No: the device must join first. */
    @Override
    public boolean retriable() {
        return false;
    }
}
