package com.repairsync.server.store;

import java.time.Instant;

/** A stored refresh token, known only by its hash. */
public record RefreshTokenRow(
        String tokenHash,
        String familyId,
        String shopId,
        String employeeId,
        String deviceId,
        Instant expiresAt,
        Instant usedAt,
        Instant revokedAt,
        String replacedBy) {}
