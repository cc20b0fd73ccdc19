package com.repairsync.cli.device;

import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.records.Repository;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.Schema;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * How each declared entity appears on the command line: the noun people type, the repository it
 * reads and writes, and the fields a listing shows. Every other detail (flags, types, rules) comes
 * from the entity's declaration in {@link Schema}.
 */
public record Nouns(
        String noun,
        String title,
        EntityType type,
        Function<RepairSyncDevice, Repository<?, ?, ?>> repository,
        List<String> columns) {

    public static final List<Nouns> ALL = List.of(
            new Nouns(
                    "customer",
                    "Customers of the shop",
                    Schema.CUSTOMERS,
                    RepairSyncDevice::customers,
                    List.of("firstName", "lastName", "phone", "email")),
            new Nouns(
                    "ticket",
                    "Repair tickets",
                    Schema.TICKETS,
                    RepairSyncDevice::tickets,
                    List.of("status", "priority", "deviceType", "deviceModel", "problem")),
            new Nouns(
                    "part",
                    "Parts used on tickets, taken from inventory",
                    Schema.TICKET_PARTS,
                    RepairSyncDevice::ticketParts,
                    List.of("ticketId", "inventoryItemId", "quantity", "unitPriceCents")),
            new Nouns(
                    "item",
                    "Inventory items: the parts the shop stocks",
                    Schema.INVENTORY_ITEMS,
                    RepairSyncDevice::inventoryItems,
                    List.of("sku", "name", "quantity", "reorderLevel", "priceCents")),
            new Nouns(
                    "employee",
                    "Employees and their roles",
                    Schema.EMPLOYEES,
                    RepairSyncDevice::employees,
                    List.of("firstName", "lastName", "role", "email", "active")),
            new Nouns(
                    "appointment",
                    "Appointments: drop-offs, pick-ups, consultations",
                    Schema.APPOINTMENTS,
                    RepairSyncDevice::appointments,
                    List.of("startsAt", "type", "status", "durationMinutes", "customerId")),
            new Nouns(
                    "attachment",
                    "Photos, signatures and documents of tickets and customers",
                    Schema.ATTACHMENTS,
                    RepairSyncDevice::attachments,
                    List.of("kind", "caption", "fileName", "size", "contentType")));

    /** The noun of an entity name such as {@code ticketParts}. */
    public static Optional<Nouns> ofEntity(String entity) {
        return ALL.stream().filter(n -> n.type.name().equals(entity)).findFirst();
    }

    /**
     * The noun a person typed for an argument or flag: the noun ({@code ticket}) or the entity's
     * name ({@code tickets}), in any case.
     *
     * @throws com.repairsync.cli.CliException (usage) naming {@code what} and the nouns there are
     */
    public static Nouns named(String what, String text) {
        String typed = text.trim();
        return ALL.stream()
                .filter(n -> n.noun.equalsIgnoreCase(typed) || n.type.name().equalsIgnoreCase(typed))
                .findFirst()
                .orElseThrow(() -> com.repairsync.cli.CliException.usage(what + ": no entity is called '" + text
                        + "'; use one of "
                        + String.join(", ", ALL.stream().map(Nouns::noun).toList())));
    }

    public Repository<?, ?, ?> in(RepairSyncDevice device) {
        return repository.apply(device);
    }
}
