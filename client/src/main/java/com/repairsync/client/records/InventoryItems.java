package com.repairsync.client.records;

import com.repairsync.client.internal.DeviceCore;
import com.repairsync.protocol.schema.Schema;
import java.util.Comparator;
import java.util.List;

/** Stocked parts. */
public final class InventoryItems extends Repository<InventoryItem> {
    public InventoryItems(DeviceCore core) {
        super(core, Schema.INVENTORY_ITEMS, InventoryItem.class);
    }

    /** Items at or below their reorder level. */
    public List<InventoryItem> belowReorderLevel() {
        return sorted(
                list(field("reorderLevel") + " IS NOT NULL AND " + field("quantity") + " <= " + field("reorderLevel")),
                Comparator.comparing(InventoryItem::sku));
    }

    /** Adds a delta to the stock (negative takes parts); concurrent adjustments add up. */
    public void adjustStock(String id, long delta) {
        core().adjust(Schema.INVENTORY_ITEMS, id, "quantity", delta);
    }
}
