package com.repairsync.client.records;

import com.repairsync.client.SyncStatus;
import java.time.Instant;

/** An employee. {@code pinHash} and {@code hourlyRateCents} are null on devices of roles that may not see them. */
public record Employee(
        String id,
        String firstName,
        String lastName,
        String email,
        String role,
        Long hourlyRateCents,
        String pinHash,
        Boolean active,
        Instant createdAt,
        Instant updatedAt,
        SyncStatus syncStatus) {}
