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
 */
public record SyncState(
        boolean online,
        boolean syncing,
        double progress,
        Map<String, Integer> pendingByEntity,
        int failedCount,
        int conflictCount,
        Instant lastSyncAt,
        String lastError) {

    /** Queued mutations of every entity. */
    public int pendingCount() {
        return pendingByEntity.values().stream().mapToInt(Integer::intValue).sum();
    }
}
