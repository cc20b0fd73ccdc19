package com.repairsync.client;

/** No such record on this device (never synced here, or deleted). */
public final class RecordNotFoundException extends RepairSyncException {
    private static final long serialVersionUID = 1L;

    public RecordNotFoundException(String entity, String id) {
        super(entity + "/" + id + " does not exist on this device");
    }

    /** {@inheritDoc} No: the record is not here. */
    @Override
    public boolean retriable() {
        return false;
    }
}
