package com.repairsync.client.records;

import com.repairsync.client.internal.DeviceCore;
import com.repairsync.protocol.schema.Schema;
import java.util.List;

/** Parts used on tickets; add them with {@link Tickets#addPart} so stock moves with them. */
public final class TicketParts extends Repository<TicketPart, NewTicketPart, TicketPartChanges> {
    TicketParts(DeviceCore core) {
        super(core, Schema.TICKET_PARTS, TicketPart.class, TicketPartChanges::new);
    }

    /** Every part used on the ticket, in the order they were added. */
    public List<TicketPart> ofTicket(String ticketId) {
        return list(Where.equal("ticketId", ticketId), "id", ALL);
    }

    /** The first {@code limit} parts used on the ticket, in the order they were added. */
    public List<TicketPart> ofTicket(String ticketId, int limit) {
        return list(Where.equal("ticketId", ticketId), "id", positive(limit));
    }
}
