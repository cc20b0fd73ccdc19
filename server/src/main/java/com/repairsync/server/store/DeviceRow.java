package com.repairsync.server.store;

import java.time.Instant;

/**
 * A device that joined a shop.
 *
 * @param joinedBy the employee who signed it in last
 * @param generation moves on whenever the device's sign-in ends (logout, revocation); an access
 *     token issued under an older generation is refused
 * @param revokedAt when an admin or manager removed it from the shop, or null
 * @param revokedBy who removed it, or null
 * @param wipeRequested it was removed with "wipe": it deletes its data once it hears of it
 */
public record DeviceRow(
        String id,
        String shopId,
        String name,
        String joinedBy,
        long generation,
        Instant createdAt,
        Instant lastSeenAt,
        Instant revokedAt,
        String revokedBy,
        boolean wipeRequested) {

    /** A device about to be registered. */
    public DeviceRow(String id, String shopId, String name, String joinedBy) {
        this(id, shopId, name, joinedBy, 0, null, null, null, null, false);
    }

    public boolean revoked() {
        return revokedAt != null;
    }
}
