package com.repairsync.client;

/** The acting employee's role may not make this change; nothing was stored or queued. */
public final class PermissionDeniedException extends RepairSyncException {
    private static final long serialVersionUID = 1L;

    public PermissionDeniedException(String message) {
        super(message);
    }

    /** {@inheritDoc} No: the role must change first. */
    @Override
    public boolean retriable() {
        return false;
    }
}
