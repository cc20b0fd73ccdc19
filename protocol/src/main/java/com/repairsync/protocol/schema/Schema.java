package com.repairsync.protocol.schema;

import static com.repairsync.protocol.Role.ADMIN;
import static com.repairsync.protocol.Role.FRONT_DESK;
import static com.repairsync.protocol.Role.MANAGER;
import static com.repairsync.protocol.Role.TECHNICIAN;
import static com.repairsync.protocol.schema.Fields.bool;
import static com.repairsync.protocol.schema.Fields.counter;
import static com.repairsync.protocol.schema.Fields.email;
import static com.repairsync.protocol.schema.Fields.file;
import static com.repairsync.protocol.schema.Fields.instant;
import static com.repairsync.protocol.schema.Fields.integer;
import static com.repairsync.protocol.schema.Fields.money;
import static com.repairsync.protocol.schema.Fields.oneOf;
import static com.repairsync.protocol.schema.Fields.reference;
import static com.repairsync.protocol.schema.Fields.text;

import com.repairsync.protocol.FileTypes;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every synced entity of RepairSync, declared once. Adding an entity is a declaration here and a
 * migration that creates its table.
 */
public final class Schema {
    private static final Set<Action> ALL = EnumSet.allOf(Action.class);
    private static final Set<Action> WRITE = EnumSet.of(Action.CREATE, Action.UPDATE, Action.DELETE);
    private static final Set<Action> CREATE_UPDATE = EnumSet.of(Action.CREATE, Action.UPDATE);
    private static final int NOTES_LIMIT = 4000;

    public static final EntityType CUSTOMERS = EntityType.named("customers", "customers")
            .field(text("firstName").required().maxLength(100).personal().searchable(SearchAs.WORDS))
            .field(text("lastName").maxLength(100).personal().searchable(SearchAs.WORDS))
            .field(text("phone").maxLength(40).personal().searchable(SearchAs.DIGITS))
            .field(email("email").personal().searchable(SearchAs.WORDS))
            .field(text("address").maxLength(500).personal())
            .field(text("notes").maxLength(NOTES_LIMIT).personal())
            .allow(ALL, ADMIN, MANAGER)
            .allow(WRITE, FRONT_DESK)
            .deviceIndex(DeviceIndex.on("byFirstName", "firstName").withCaseIgnored())
            .personalCustomFields()
            .build();

    public static final EntityType TICKETS = EntityType.named("tickets", "tickets")
            .field(reference("customerId", "customers").required())
            .field(text("deviceType").required().maxLength(100))
            .field(text("deviceModel").maxLength(100))
            .field(text("serialNumber").maxLength(100))
            .field(text("problem").required().maxLength(NOTES_LIMIT))
            .field(oneOf(
                            "status",
                            "checked_in",
                            "diagnosing",
                            "awaiting_parts",
                            "in_repair",
                            "ready",
                            "picked_up",
                            "cancelled")
                    .defaultsTo("checked_in"))
            .field(oneOf("priority", "low", "normal", "high", "urgent").defaultsTo("normal"))
            .field(reference("assignedEmployeeId", "employees"))
            .field(money("estimateCents"))
            .field(money("finalPriceCents"))
            .field(instant("dueAt"))
            .field(text("notes").maxLength(NOTES_LIMIT).personal())
            .allow(ALL, ADMIN, MANAGER)
            .allow(CREATE_UPDATE, TECHNICIAN, FRONT_DESK)
            .deviceIndex(DeviceIndex.on("byCustomer", "customerId", "createdAt"))
            .deviceIndex(DeviceIndex.on("byStatus", "status", "createdAt"))
            .customFields()
            .build();

    public static final EntityType TICKET_PARTS = EntityType.named("ticketParts", "ticket_parts")
            .field(reference("ticketId", "tickets").required())
            .field(reference("inventoryItemId", "inventoryItems").required())
            .field(integer("quantity", 1, 10_000).required())
            .field(money("unitPriceCents"))
            .allow(ALL, ADMIN, MANAGER)
            .allow(WRITE, TECHNICIAN)
            .build();

    public static final EntityType INVENTORY_ITEMS = EntityType.named("inventoryItems", "inventory_items")
            .field(text("sku").required().maxLength(64))
            .field(text("name").required().maxLength(200))
            .field(text("category").maxLength(100))
            .field(counter("quantity").defaultsTo(0L))
            .field(integer("reorderLevel", 0, 1_000_000))
            .field(money("costCents"))
            .field(money("priceCents"))
            .field(text("location").maxLength(100))
            .allow(ALL, ADMIN, MANAGER)
            .allow(EnumSet.of(Action.ADJUST), TECHNICIAN)
            .deviceIndex(DeviceIndex.on("lowStock", "sku").onlyWhereAtMost("quantity", "reorderLevel"))
            .customFields()
            .build();

    public static final EntityType EMPLOYEES = EntityType.named("employees", "employees")
            .field(text("firstName").required().maxLength(100))
            .field(text("lastName").maxLength(100))
            .field(email("email"))
            .field(oneOf("role", "admin", "manager", "technician", "front_desk").required())
            .field(money("hourlyRateCents").managersOnly())
            .field(text("pinHash").maxLength(512).managersOnly().secret())
            .field(bool("active").defaultsTo(Boolean.TRUE))
            .allow(WRITE, ADMIN, MANAGER)
            .build();

    public static final EntityType APPOINTMENTS = EntityType.named("appointments", "appointments")
            .field(reference("customerId", "customers").required())
            .field(reference("ticketId", "tickets"))
            .field(reference("employeeId", "employees"))
            .field(oneOf("type", "drop_off", "pick_up", "consultation", "on_site")
                    .required())
            .field(instant("startsAt").required())
            .field(integer("durationMinutes", 1, 24 * 60).defaultsTo(30L))
            .field(oneOf("status", "scheduled", "confirmed", "completed", "cancelled", "no_show")
                    .defaultsTo("scheduled"))
            .field(text("notes").maxLength(NOTES_LIMIT).personal())
            .allow(ALL, ADMIN, MANAGER)
            .allow(WRITE, FRONT_DESK)
            .narrowDownloadBy("startsAt")
            .deviceIndex(DeviceIndex.on("byStart", "startsAt"))
            .build();

    /**
     * Photos, signatures and documents of a ticket or a customer. The record syncs like any other;
     * its bytes travel in the file lane ({@code /v1/files}), and the server applies the record only
     * once it holds them. Who added it never changes, nor does the file.
     */
    public static final EntityType ATTACHMENTS = EntityType.named("attachments", "attachments")
            .field(reference("ticketId", "tickets"))
            .field(reference("customerId", "customers"))
            .field(oneOf("kind", "photo", "signature", "document").required())
            .field(text("caption").maxLength(500).personal())
            .field(file("fileHash").required())
            .field(oneOf("contentType", FileTypes.ALLOWED.toArray(String[]::new))
                    .required())
            .field(integer("size", 1, FileTypes.LARGEST_FILE).required())
            .field(text("fileName").maxLength(255).personal())
            .field(file("thumbnailHash"))
            .field(reference("addedBy", "employees").required())
            .field(instant("addedAt").required())
            .allow(ALL, ADMIN, MANAGER)
            .allow(CREATE_UPDATE, TECHNICIAN, FRONT_DESK)
            .ownedByOneOf("ticketId", "customerId")
            .fixedAfterCreate("kind", "fileHash", "contentType", "size", "thumbnailHash", "addedAt")
            .createdBy("addedBy")
            .sinceProtocol(5)
            .build();

    /**
     * A shop's own fields on tickets, customers and inventory items ({@link CustomField}): declared
     * by an admin, synced to every device like any record and never narrowed. The record's id is
     * {@link CustomField#recordId}: two admins declaring the same field offline make one record. A
     * field is never deleted: {@code removed} hides it and keeps its values; {@code choices} only
     * grow (one per line, merged as a union).
     */
    public static final EntityType CUSTOM_FIELDS = EntityType.named("customFields", "custom_fields")
            .field(oneOf("entity", CustomField.ENTITIES.toArray(String[]::new)).required())
            .field(text("name").required().maxLength(CustomField.NAME_LIMIT))
            .field(text("label").required().maxLength(100))
            .field(oneOf("type", CustomFieldType.wireNames()).required())
            .field(text("choices").maxLength(4000).unionOfLines())
            .field(bool("required").defaultsTo(Boolean.FALSE))
            .field(oneOf("visibleTo", "everyone", "managers").defaultsTo("everyone"))
            .field(bool("removed").defaultsTo(Boolean.FALSE))
            .field(integer("position", 0, 10_000).defaultsTo(0L))
            .allow(CREATE_UPDATE, ADMIN)
            .fixedAfterCreate("entity", "name", "type", "visibleTo")
            .sinceProtocol(CustomField.SINCE_PROTOCOL)
            .build();

    private static final Map<String, EntityType> BY_NAME = index(List.of(
            CUSTOMERS, TICKETS, TICKET_PARTS, INVENTORY_ITEMS, EMPLOYEES, APPOINTMENTS, ATTACHMENTS, CUSTOM_FIELDS));

    /**
     * Field names a client may never set: they belong to the server (or to the record's identity)
     * and sending one is refused as mass assignment.
     */
    public static final Set<String> SERVER_OWNED_FIELDS =
            Set.of("id", "shopId", "seq", "deleted", "createdAt", "updatedAt", "version");

    private Schema() {}

    private static Map<String, EntityType> index(List<EntityType> entities) {
        Map<String, EntityType> byName = new LinkedHashMap<>();
        entities.forEach(entity -> byName.put(entity.name(), entity));
        return byName;
    }

    /** All entities, in declaration order. */
    public static List<EntityType> entities() {
        return List.copyOf(BY_NAME.values());
    }

    public static Optional<EntityType> entity(String name) {
        return Optional.ofNullable(name).map(BY_NAME::get);
    }
}
