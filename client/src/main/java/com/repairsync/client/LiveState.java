package com.repairsync.client;

/**
 * What a device knows of its sync right now beyond what its database holds: whether the server
 * answers, whether a sync runs and how far it got, the last error, and whether the device closed.
 * Written by the sync worker and the realtime socket, read by {@link DeviceListeners#syncState()}.
 */
final class LiveState {
    volatile boolean online;
    volatile boolean syncing;
    volatile double progress = 1.0;
    volatile String lastError;
    volatile boolean closed;
    /** When a push and a pull last succeeded in this run, or null. */
    volatile java.time.Instant lastPushAt;

    volatile java.time.Instant lastPullAt;
}
