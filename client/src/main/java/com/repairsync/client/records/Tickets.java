package com.repairsync.client.records;

import com.repairsync.client.internal.DeviceCore;
import com.repairsync.protocol.schema.Schema;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Repair tickets. */
public final class Tickets extends Repository<Ticket> {
    private static final Comparator<Ticket> NEWEST_FIRST = Comparator.comparing(
                    Ticket::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .reversed();

    public Tickets(DeviceCore core) {
        super(core, Schema.TICKETS, Ticket.class);
    }

    public List<Ticket> withStatus(String status) {
        return sorted(list(field("status") + " = ?", status), NEWEST_FIRST);
    }

    public List<Ticket> assignedTo(String employeeId) {
        return sorted(list(field("assignedEmployeeId") + " = ?", employeeId), NEWEST_FIRST);
    }

    public List<Ticket> ofCustomer(String customerId) {
        return sorted(list(field("customerId") + " = ?", customerId), NEWEST_FIRST);
    }

    /**
     * Uses a part on a ticket: writes the ticket part and takes the quantity from the item's stock,
     * as one group the server applies all or nothing.
     *
     * @return the new ticket part's id
     */
    public String addPart(String ticketId, String inventoryItemId, long quantity, Long unitPriceCents) {
        Map<String, Object> part = new java.util.HashMap<>();
        part.put("ticketId", ticketId);
        part.put("inventoryItemId", inventoryItemId);
        part.put("quantity", quantity);
        if (unitPriceCents != null) {
            part.put("unitPriceCents", unitPriceCents);
        }
        return core().addPart(part, inventoryItemId, quantity);
    }
}
