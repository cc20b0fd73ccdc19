package com.repairsync.client.records;

import com.repairsync.client.SyncStatus;
import java.time.Instant;

/** A booked time with a customer. */
public record Appointment(
        String id,
        String customerId,
        String ticketId,
        String employeeId,
        String type,
        Instant startsAt,
        Long durationMinutes,
        String status,
        String notes,
        Instant createdAt,
        Instant updatedAt,
        SyncStatus syncStatus) {}
