package com.repairsync.client.records;

import com.repairsync.client.internal.DeviceCore;
import com.repairsync.protocol.schema.Schema;
import java.util.List;

/** Stocked parts. */
public final class InventoryItems extends Repository<InventoryItem, NewInventoryItem, InventoryItemChanges> {
    private static final Where AT_OR_BELOW_REORDER_LEVEL =
            new Where(field("reorderLevel") + " IS NOT NULL AND " + field("quantity") + " <= " + field("reorderLevel"));

    InventoryItems(DeviceCore core) {
        super(core, Schema.INVENTORY_ITEMS, InventoryItem.class, InventoryItemChanges::new);
    }

    /** Every item at or below its reorder level, by SKU. */
    public List<InventoryItem> belowReorderLevel() {
        return list(AT_OR_BELOW_REORDER_LEVEL, field("sku"), ALL);
    }

    /** The first {@code limit} items at or below their reorder level, by SKU. */
    public List<InventoryItem> belowReorderLevel(int limit) {
        return list(AT_OR_BELOW_REORDER_LEVEL, field("sku"), positive(limit));
    }

    /** Adds a delta to the stock (negative takes parts); concurrent adjustments add up. */
    public void adjustStock(String id, long delta) {
        core().adjust(Schema.INVENTORY_ITEMS, id, "quantity", delta);
    }
}
