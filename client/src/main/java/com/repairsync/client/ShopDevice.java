package com.repairsync.client;

/**
 * One of the shop's devices as an admin or manager sees it ({@link RepairSyncDevice#devices()}).
 *
 * @param signedInBy the employee who signed it in last
 * @param joinedAt when it first joined, ISO-8601 UTC
 * @param lastSeenAt when it last signed in, ISO-8601 UTC
 * @param revokedAt when it was removed from the shop, or null
 * @param revokedBy who removed it, or null
 */
public record ShopDevice(
        String deviceId,
        String name,
        String signedInBy,
        String joinedAt,
        String lastSeenAt,
        String revokedAt,
        String revokedBy) {

    public boolean revoked() {
        return revokedAt != null;
    }
}
