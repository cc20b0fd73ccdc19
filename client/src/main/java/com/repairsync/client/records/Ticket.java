package com.repairsync.client.records;

import com.repairsync.client.SyncStatus;
import java.time.Instant;

/** A repair job. Money is in cents. */
public record Ticket(
        String id,
        String customerId,
        String deviceType,
        String deviceModel,
        String serialNumber,
        String problem,
        String status,
        String priority,
        String assignedEmployeeId,
        Long estimateCents,
        Long finalPriceCents,
        Instant dueAt,
        String notes,
        Instant createdAt,
        Instant updatedAt,
        SyncStatus syncStatus) {}
