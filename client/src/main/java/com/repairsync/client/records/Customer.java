package com.repairsync.client.records;

import com.repairsync.client.SyncStatus;
import java.time.Instant;

/** A customer of the shop. */
public record Customer(
        String id,
        String firstName,
        String lastName,
        String phone,
        String email,
        String address,
        String notes,
        Instant createdAt,
        Instant updatedAt,
        SyncStatus syncStatus) {}
