package com.repairsync.client;

import com.repairsync.client.internal.DeviceCore;
import com.repairsync.client.records.Appointments;
import com.repairsync.client.records.Customers;
import com.repairsync.client.records.Employees;
import com.repairsync.client.records.InventoryItems;
import com.repairsync.client.records.TicketParts;
import com.repairsync.client.records.Tickets;

/** A device's typed repositories, one per entity, all over the same local core. */
record Repositories(
        Customers customers,
        Tickets tickets,
        TicketParts ticketParts,
        InventoryItems inventoryItems,
        Employees employees,
        Appointments appointments) {

    static Repositories over(DeviceCore core) {
        return new Repositories(
                new Customers(core),
                new Tickets(core),
                new TicketParts(core),
                new InventoryItems(core),
                new Employees(core),
                new Appointments(core));
    }
}
