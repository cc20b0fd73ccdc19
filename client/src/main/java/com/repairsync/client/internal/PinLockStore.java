package com.repairsync.client.internal;

/**
 * Where the device keeps its {@link PinLockState}. The device stores it in its SQLite database, so
 * restarting the app does not lift a lock; {@link InMemoryPinLockStore} is for tests.
 */
public interface PinLockStore {

    /** The stored state; {@link PinLockState#INITIAL} (or null) if none was ever saved. */
    PinLockState load();

    /** Replaces the stored state; durable when this returns. */
    void save(PinLockState state);
}
