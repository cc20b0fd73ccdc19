package com.repairsync.client;

/** Where a record stands with the server. */
public enum SyncStatus {
    /** The server has every change this device made to it. */
    SYNCED,
    /** Changes are queued for the server. */
    PENDING,
    /** A change was refused by the server; it waits in the failed queue for a person. */
    FAILED
}
