package com.repairsync.client.records;

import com.repairsync.client.internal.DeviceCore;
import com.repairsync.protocol.schema.Schema;
import java.util.List;

/** Stocked parts. */
public final class InventoryItems extends Repository<InventoryItem, NewInventoryItem, InventoryItemChanges> {
    /**
     * The items at or below their reorder level, by SKU then id, read through the lowStock index
     * (declared in {@link Schema#INVENTORY_ITEMS}), which holds only those items.
     */
    static final Listing LOW_STOCK = new Listing("lowStock", Where.ALL, field("sku") + ", " + byId(Order.OLDEST_FIRST));

    InventoryItems(DeviceCore core) {
        super(core, Schema.INVENTORY_ITEMS, InventoryItem.class, InventoryItemChanges::new);
    }

    /** Every item at or below its reorder level, by SKU. */
    public List<InventoryItem> belowReorderLevel() {
        return list(LOW_STOCK, ALL);
    }

    /** The first {@code limit} items at or below their reorder level, by SKU. */
    public List<InventoryItem> belowReorderLevel(int limit) {
        return list(LOW_STOCK, positive(limit));
    }

    /** Adds a delta to the stock (negative takes parts); concurrent adjustments add up. */
    public void adjustStock(String id, long delta) {
        core().adjust(Schema.INVENTORY_ITEMS, id, "quantity", delta);
    }
}
