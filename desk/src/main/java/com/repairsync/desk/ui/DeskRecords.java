package com.repairsync.desk.ui;

import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.SyncStatus;
import com.repairsync.client.records.Appointment;
import com.repairsync.client.records.Attachment;
import com.repairsync.client.records.Customer;
import com.repairsync.client.records.Employee;
import com.repairsync.client.records.InventoryItem;
import com.repairsync.client.records.Repository;
import com.repairsync.client.records.Ticket;
import com.repairsync.client.records.TicketPart;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * The desk's entities by wire name: each one's repository on the device, its name for people, and
 * a line that says which record it is ("Ada Lovelace · 555-0101"), for lists that mix entities (the
 * recently deleted records, the audit).
 */
final class DeskRecords {
    /** Every entity the desk shows, in the order its lists show them. */
    static final List<String> ENTITIES = List.of(
            "customers", "tickets", "ticketParts", "inventoryItems", "appointments", "employees", "attachments");

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM, HH:mm");

    private DeskRecords() {}

    /**
     * One record of any entity, as a list shows it.
     *
     * @param summary what names the record for people
     */
    record Line(String entity, String id, String summary, SyncStatus status) {}

    /** The entity's repository on the device (call inside a backend call). */
    static Repository<?, ?, ?> of(RepairSyncDevice device, String entity) {
        return switch (entity) {
            case "customers" -> device.customers();
            case "tickets" -> device.tickets();
            case "ticketParts" -> device.ticketParts();
            case "inventoryItems" -> device.inventoryItems();
            case "appointments" -> device.appointments();
            case "employees" -> device.employees();
            case "attachments" -> device.attachments();
            default -> throw new IllegalArgumentException("the desk shows no entity called " + entity);
        };
    }

    /** The record's line if this device holds it (live), else empty. */
    static Optional<Line> find(RepairSyncDevice device, String entity, String id) {
        return of(device, entity).get(id).map(record -> line(entity, record));
    }

    /** "customers" as "customer", "tickets" as "repair". */
    static String singular(String entity) {
        return switch (entity) {
            case "customers" -> "customer";
            case "tickets" -> "repair";
            case "ticketParts" -> "part used";
            case "inventoryItems" -> "inventory item";
            case "employees" -> "employee";
            case "appointments" -> "appointment";
            case "attachments" -> "attachment";
            case "customFields" -> "custom field";
            default -> entity;
        };
    }

    /** A typed record of the entity as a line (the records have no common type, so each is read by its own). */
    static Line line(String entity, Object record) {
        if (record instanceof Customer c) {
            return new Line(entity, c.id(), join(name(c.firstName(), c.lastName()), c.phone()), c.syncStatus());
        }
        if (record instanceof Ticket t) {
            return new Line(
                    entity,
                    t.id(),
                    (Fx.text(t.deviceModel()) + " " + Fx.text(t.deviceType())).trim() + ": " + Fx.text(t.problem()),
                    t.syncStatus());
        }
        if (record instanceof TicketPart p) {
            return new Line(
                    entity, p.id(), p.quantity() + " \u00d7 part at " + Fx.money(p.unitPriceCents()), p.syncStatus());
        }
        if (record instanceof InventoryItem i) {
            return new Line(entity, i.id(), join(i.sku(), i.name()), i.syncStatus());
        }
        if (record instanceof Appointment a) {
            String when = a.startsAt() == null ? null : WHEN.format(a.startsAt().atZone(ZoneId.systemDefault()));
            return new Line(entity, a.id(), join(Fx.label(a.type()), when), a.syncStatus());
        }
        if (record instanceof Employee e) {
            return new Line(
                    entity, e.id(), join(name(e.firstName(), e.lastName()), Fx.label(e.role())), e.syncStatus());
        }
        if (record instanceof Attachment a) {
            return new Line(
                    entity,
                    a.id(),
                    join(Fx.label(a.kind()), a.caption() == null ? a.fileName() : a.caption()),
                    a.syncStatus());
        }
        throw new IllegalArgumentException("not a record the desk shows: " + record);
    }

    private static String name(String first, String last) {
        return (Fx.text(first) + " " + Fx.text(last)).trim();
    }

    private static String join(String first, String second) {
        if (second == null || second.isBlank()) {
            return Fx.text(first);
        }
        return Fx.text(first) + " \u00b7 " + second;
    }
}
