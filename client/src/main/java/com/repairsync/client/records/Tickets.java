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
        return list(withStatusListing(status, Order.NEWEST_FIRST), ALL);
    }

    /** At most {@code limit} tickets with the status. */
    public List<Ticket> withStatus(String status, Order order, int limit) {
        return list(withStatusListing(status, order), positive(limit));
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
        return list(ofCustomerListing(customerId, Order.NEWEST_FIRST), ALL);
    }

    /** At most {@code limit} tickets of the customer. */
    public List<Ticket> ofCustomer(String customerId, Order order, int limit) {
        return list(ofCustomerListing(customerId, order), positive(limit));
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

    /**
     * Attaches a file (a photo, a signature, a document) to the ticket: its bytes and the
     * attachment are stored here in one transaction, offline too; the file uploads in its own lane
     * (resumable, never delaying other changes) and the attachment syncs once the server holds it.
     * The type is read from the bytes: JPEG, PNG, HEIC, WebP or PDF; photos get a thumbnail.
     *
     * @param kind {@link Attachments#PHOTO}, {@link Attachments#SIGNATURE} or {@link Attachments#DOCUMENT}
     * @param caption null for none
     * @return the attachment's id
     * @throws com.repairsync.client.InvalidRecordException naming "file" if it is empty or of another type
     * @throws java.io.UncheckedIOException if the file cannot be read
     */
    public String attach(String ticketId, java.nio.file.Path file, String kind, String caption) {
        return attachFile("ticketId", ticketId, file, kind, caption);
    }

    /** {@link #attach(String, java.nio.file.Path, String, String)} from a stream, read to its end (not closed). */
    public String attach(String ticketId, java.io.InputStream bytes, String fileName, String kind, String caption) {
        return core().attach("ticketId", ticketId, bytes, fileName, kind, caption);
    }

    /** The repairs board: tickets with a status, read through the byStatus index. */
    static Listing withStatusListing(String status, Order order) {
        return new Listing("byStatus", Where.equal("status", status), byCreation(order));
    }

    /** A customer's tickets, read through the byCustomer index. */
    static Listing ofCustomerListing(String customerId, Order order) {
        return new Listing("byCustomer", Where.equal("customerId", customerId), byCreation(order));
    }

    /** By creation, then id in the same direction: the order of the byStatus and byCustomer indexes. */
    private static String byCreation(Order order) {
        return field("createdAt") + " " + order.sql() + ", " + byId(order);
    }
}
