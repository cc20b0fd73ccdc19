package com.repairsync.client;

/** No such record on this device (never synced here, or deleted), or, for what asks the server, on the server. */
public final class RecordNotFoundException extends RepairSyncException {
    private static final long serialVersionUID = 1L;

    public RecordNotFoundException(String entity, String id) {
        super(entity + "/" + id + " does not exist on this device");
    }

    private RecordNotFoundException(String message) {
        super(message);
    }

    /** The server knows no such record of this shop (asked for its history, or to erase it). */
    public static RecordNotFoundException onServer(String entity, String id) {
        return new RecordNotFoundException("the server knows no " + entity + "/" + id + " of this shop");
    }

    /** {@inheritDoc} No: the record is not here. */
    @Override
    public boolean retriable() {
        return false;
    }
}
