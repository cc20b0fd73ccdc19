package com.repairsync.client;

/** No such record on this device (never synced here, or deleted). */
public final class RecordNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RecordNotFoundException(String entity, String id) {
        super(entity + "/" + id + " does not exist on this device");
    }
}
