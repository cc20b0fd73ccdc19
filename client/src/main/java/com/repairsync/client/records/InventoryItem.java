package com.repairsync.client.records;

import com.repairsync.client.SyncStatus;
import java.time.Instant;

/** A stocked part; {@code quantity} is a counter that merges by adding adjustments. */
public record InventoryItem(
        String id,
        String sku,
        String name,
        String category,
        Long quantity,
        Long reorderLevel,
        Long costCents,
        Long priceCents,
        String location,
        Instant createdAt,
        Instant updatedAt,
        SyncStatus syncStatus) {}
