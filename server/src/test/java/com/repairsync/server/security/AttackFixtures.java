package com.repairsync.server.security;

import com.repairsync.server.testing.Device;
import com.repairsync.testkit.Mutations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Records that attack tests aim at: one of every entity in a shop. */
final class AttackFixtures {
    private AttackFixtures() {}

    /** Creates a customer, ticket, inventory item, ticket part, employee and appointment; returns their ids by entity. */
    static Map<String, String> everyEntity(Device admin) {
        Map<String, String> ids = new LinkedHashMap<>();
        for (String entity :
                List.of("customers", "tickets", "inventoryItems", "ticketParts", "employees", "appointments")) {
            ids.put(entity, UUID.randomUUID().toString());
        }
        admin.pushOk(List.of(
                Mutations.upsert("customers", ids.get("customers"))
                        .field("firstName", "Ada")
                        .field("phone", "555-0100"),
                Mutations.upsert("tickets", ids.get("tickets"))
                        .field("customerId", ids.get("customers"))
                        .field("deviceType", "laptop")
                        .field("problem", "hinge"),
                Mutations.upsert("inventoryItems", ids.get("inventoryItems"))
                        .field("sku", "HNG-" + ids.get("inventoryItems").substring(0, 6))
                        .field("name", "Hinge")
                        .field("quantity", 50),
                Mutations.upsert("ticketParts", ids.get("ticketParts"))
                        .field("ticketId", ids.get("tickets"))
                        .field("inventoryItemId", ids.get("inventoryItems"))
                        .field("quantity", 1),
                Mutations.upsert("employees", ids.get("employees"))
                        .field("firstName", "Eve")
                        .field("role", "technician")
                        .field("hourlyRateCents", 3100)
                        .field("pinHash", "$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$aGFzaA"),
                Mutations.upsert("appointments", ids.get("appointments"))
                        .field("customerId", ids.get("customers"))
                        .field("type", "drop_off")
                        .field("startsAt", "2026-12-01T10:00:00Z")));
        return ids;
    }
}
