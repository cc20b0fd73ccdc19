package com.repairsync.client.records;

import com.repairsync.client.SyncStatus;
import java.time.Instant;

/** A part used on a ticket, taken from an inventory item's stock. */
public record TicketPart(
        String id,
        String ticketId,
        String inventoryItemId,
        Long quantity,
        Long unitPriceCents,
        Instant createdAt,
        Instant updatedAt,
        SyncStatus syncStatus) {}
