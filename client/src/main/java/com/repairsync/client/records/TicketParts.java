package com.repairsync.client.records;

import com.repairsync.client.internal.DeviceCore;
import com.repairsync.protocol.schema.Schema;
import java.util.List;

/** Parts used on tickets; add them with {@link Tickets#addPart} so stock moves with them. */
public final class TicketParts extends Repository<TicketPart> {
    public TicketParts(DeviceCore core) {
        super(core, Schema.TICKET_PARTS, TicketPart.class);
    }

    public List<TicketPart> ofTicket(String ticketId) {
        return list(field("ticketId") + " = ?", ticketId);
    }
}
