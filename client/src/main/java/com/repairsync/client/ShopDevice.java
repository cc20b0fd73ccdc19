package com.repairsync.client;

/**
 * One of the shop's devices as an admin or manager sees it ({@link RepairSyncDevice#devices()}).
 *
 * @param signedInBy the employee who signed it in last
 * @param joinedAt when it first joined, ISO-8601 UTC
 * @param lastSeenAt when it last signed in or reported, ISO-8601 UTC
 * @param revokedAt when it was removed from the shop, or null
 * @param revokedBy who removed it, or null
 * @param online not removed, and heard from in the last few minutes
 * @param health what it last reported of its sync, or null if it never did (an SDK before wire
 *     version 4, or a device not yet synced)
 * @param wipeRequested it was removed with "wipe": it deletes its data once it hears of it
 * @param heldChanges how many unsent changes it sent up after its removal, for review
 */
public record ShopDevice(
        String deviceId,
        String name,
        String signedInBy,
        String joinedAt,
        String lastSeenAt,
        String revokedAt,
        String revokedBy,
        boolean online,
        Health health,
        boolean wipeRequested,
        int heldChanges) {

    /** A device as an older server lists it: no health, online unknown (false). */
    public ShopDevice(
            String deviceId,
            String name,
            String signedInBy,
            String joinedAt,
            String lastSeenAt,
            String revokedAt,
            String revokedBy) {
        this(deviceId, name, signedInBy, joinedAt, lastSeenAt, revokedAt, revokedBy, false, null, false, 0);
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    /**
     * A device's last health report, times on the server's clock (ISO-8601 UTC).
     *
     * @param oldestUnsentSeconds how long its oldest queued change has waited by now, or null when
     *     none waited
     * @param clockOffsetMs how far its clock is ahead of the server's (negative: behind)
     * @param actingEmployeeId who is working on it, or null
     */
    public record Health(
            String reportedAt,
            String appVersion,
            String sdkVersion,
            int protocol,
            String platform,
            int queueDepth,
            Long oldestUnsentSeconds,
            int failedCount,
            int conflictCount,
            long clockOffsetMs,
            String lastPushAt,
            String lastPullAt,
            String actingEmployeeId) {}
}
