package com.repairsync.server.testing;

import com.repairsync.testkit.Mutations;
import java.util.List;
import java.util.UUID;

/** A customer, their ticket, and an inventory item with five in stock, created through sync. */
public record RepairJob(String customerId, String ticketId, String itemId) {

    /** Creates the three records on the server through the given (admin or manager) device. */
    public static RepairJob create(Device device) {
        String customer = UUID.randomUUID().toString();
        String ticket = UUID.randomUUID().toString();
        String item = UUID.randomUUID().toString();
        device.pushOk(List.of(
                Mutations.upsert("customers", customer).field("firstName", "Grace"),
                Mutations.upsert("tickets", ticket)
                        .field("customerId", customer)
                        .field("deviceType", "phone")
                        .field("problem", "cracked screen"),
                Mutations.upsert("inventoryItems", item)
                        .field("sku", "SCR-" + item.substring(0, 8))
                        .field("name", "Screen")
                        .field("quantity", 5)));
        return new RepairJob(customer, ticket, item);
    }
}
