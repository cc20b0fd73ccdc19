package com.repairsync.client.records;

import com.repairsync.client.internal.DeviceCore;
import com.repairsync.protocol.WireInstant;
import com.repairsync.protocol.schema.Schema;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Repair tickets; lists are ordered by when the ticket was created. */
public final class Tickets extends Repository<Ticket, NewTicket, TicketChanges> {
    Tickets(DeviceCore core) {
        super(core, Schema.TICKETS, Ticket.class, TicketChanges::new);
    }

    /** Every ticket with the status, newest first. */
    public List<Ticket> withStatus(String status) {
        return list(Where.equal("status", status), byCreation(Order.NEWEST_FIRST), ALL);
    }

    /** At most {@code limit} tickets with the status. */
    public List<Ticket> withStatus(String status, Order order, int limit) {
        return list(Where.equal("status", status), byCreation(order), positive(limit));
    }

    /** Every ticket assigned to the employee, newest first. */
    public List<Ticket> assignedTo(String employeeId) {
        return list(Where.equal("assignedEmployeeId", employeeId), byCreation(Order.NEWEST_FIRST), ALL);
    }

    /** At most {@code limit} tickets assigned to the employee. */
    public List<Ticket> assignedTo(String employeeId, Order order, int limit) {
        return list(Where.equal("assignedEmployeeId", employeeId), byCreation(order), positive(limit));
    }

    /** Every ticket of the customer, newest first. */
    public List<Ticket> ofCustomer(String customerId) {
        return list(Where.equal("customerId", customerId), byCreation(Order.NEWEST_FIRST), ALL);
    }

    /** At most {@code limit} tickets of the customer. */
    public List<Ticket> ofCustomer(String customerId, Order order, int limit) {
        return list(Where.equal("customerId", customerId), byCreation(order), positive(limit));
    }

    /** At most {@code limit} tickets created in [from, to). */
    public List<Ticket> createdBetween(Instant from, Instant to, Order order, int limit) {
        return list(
                new Where(
                        field("createdAt") + " >= ? AND " + field("createdAt") + " < ?",
                        WireInstant.format(from),
                        WireInstant.format(to)),
                byCreation(order),
                positive(limit));
    }

    /**
     * Uses a part on a ticket: writes the ticket part and takes the quantity from the item's stock,
     * as one group the server applies all or nothing.
     *
     * @return the new ticket part's id
     */
    public String addPart(String ticketId, String inventoryItemId, long quantity, Long unitPriceCents) {
        Map<String, Object> part = new HashMap<>();
        part.put("ticketId", ticketId);
        part.put("inventoryItemId", inventoryItemId);
        part.put("quantity", quantity);
        if (unitPriceCents != null) {
            part.put("unitPriceCents", unitPriceCents);
        }
        return core().addPart(part, inventoryItemId, quantity);
    }

    private static String byCreation(Order order) {
        return field("createdAt") + " " + order.sql();
    }
}
