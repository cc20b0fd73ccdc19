package com.repairsync.client.transport;

import com.repairsync.client.RepairSyncException;

/** A request to the server did not succeed; the subtype says whether and how to retry. */
public abstract class TransportException extends RepairSyncException {
    private static final long serialVersionUID = 1L;

    protected TransportException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether sending the same request again may succeed. */
    @Override
    public abstract boolean retriable();
}
