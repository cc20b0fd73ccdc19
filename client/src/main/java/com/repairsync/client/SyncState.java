package com.repairsync.client;

import java.time.Instant;
import java.util.Map;

/**
 * One snapshot of the device's sync.
 *
 * @param online the server is reachable (socket open or health probe answered)
 * @param syncing a push or pull is running
 * @param progress 0..1 of the running pull (1 when idle)
 * @param pendingByEntity queued mutations per entity
 * @param failedCount mutations waiting in the failed queue
 * @param conflictCount undismissed conflicts
 * @param lastSyncAt when a full push + pull last succeeded, or null
 * @param lastError what last went wrong, or null after a success
 * @param waitingForServerUpdate queued changes the server cannot take until it is updated: they
 *     name a field or an entity it does not know yet (wire version 8); they stay queued, never
 *     failed, and go again later ({@link RepairSyncDevice#waitingForServerUpdate()} says which)
 */
public record SyncState(
        boolean online,
        boolean syncing,
        double progress,
        Map<String, Integer> pendingByEntity,
        int failedCount,
        int conflictCount,
        Instant lastSyncAt,
        String lastError,
        int waitingForServerUpdate) {

    /** A snapshot with no change waiting for the server to be updated. */
    public SyncState(
            boolean online,
            boolean syncing,
            double progress,
            Map<String, Integer> pendingByEntity,
            int failedCount,
            int conflictCount,
            Instant lastSyncAt,
            String lastError) {
        this(online, syncing, progress, pendingByEntity, failedCount, conflictCount, lastSyncAt, lastError, 0);
    }

    /** Queued mutations of every entity. */
    public int pendingCount() {
        return pendingByEntity.values().stream().mapToInt(Integer::intValue).sum();
    }
}
