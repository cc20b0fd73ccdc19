package com.repairsync.server.store;

import java.time.Instant;

/**
 * A stored refresh token, known only by its hash.
 *
 * @param replayedAt when the spent token came back once within the lost-answer grace, or null
 * @param revokedReason why it was revoked ({@link #LOST_ANSWER} when an unused successor was
 *     replaced by such a replay), or null
 */
public record RefreshTokenRow(
        String tokenHash,
        String familyId,
        String shopId,
        String employeeId,
        String deviceId,
        Instant expiresAt,
        Instant usedAt,
        Instant revokedAt,
        String replacedBy,
        Instant replayedAt,
        String revokedReason) {

    /** The reason of a successor revoked because its predecessor came back within the grace. */
    public static final String LOST_ANSWER = "lost_answer";

    /** A token about to be stored. */
    public static RefreshTokenRow issued(
            String tokenHash, String familyId, String shopId, String employeeId, String deviceId, Instant expiresAt) {
        return new RefreshTokenRow(
                tokenHash, familyId, shopId, employeeId, deviceId, expiresAt, null, null, null, null, null);
    }
}
