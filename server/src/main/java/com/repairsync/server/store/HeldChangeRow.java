package com.repairsync.server.store;

import java.time.Instant;

/**
 * A change a revoked device had not sent, sent up for an admin or manager to review.
 *
 * @param mutation the mutation as the device queued it (JSON)
 * @param resolvedAt when it was applied or discarded, or null while it waits
 * @param resolvedBy who did, or null
 * @param resolution {@code applied}, {@code discarded}, or {@code rejected: <code>} when applying it
 *     was refused; null while it waits
 */
public record HeldChangeRow(
        String shopId,
        String deviceId,
        String mutationId,
        String mutation,
        Instant receivedAt,
        Instant resolvedAt,
        String resolvedBy,
        String resolution) {

    public boolean waiting() {
        return resolvedAt == null;
    }
}
