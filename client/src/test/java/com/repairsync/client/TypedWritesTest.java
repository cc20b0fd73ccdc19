package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.client.records.Appointment;
import com.repairsync.client.records.Customer;
import com.repairsync.client.records.Employee;
import com.repairsync.client.records.InventoryItem;
import com.repairsync.client.records.NewAppointment;
import com.repairsync.client.records.NewCustomer;
import com.repairsync.client.records.NewEmployee;
import com.repairsync.client.records.NewInventoryItem;
import com.repairsync.client.records.NewTicket;
import com.repairsync.client.records.NewTicketPart;
import com.repairsync.client.records.Order;
import com.repairsync.client.records.Ticket;
import com.repairsync.client.records.TicketPart;
import com.repairsync.protocol.Mutation;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typed write path of every entity: a generated {@code NewX} creates, a generated {@code
 * XChanges} updates, and what goes to the server is the same wire fields the map API sends.
 */
class TypedWritesTest {
    @TempDir
    Path dir;

    private final ScriptedTransport server = new ScriptedTransport();
    private RepairSyncDevice device;

    @BeforeEach
    void join() {
        device = server.joinedDevice(dir.resolve("device.db"), 100);
    }

    @AfterEach
    void close() {
        device.close();
    }

    @Test
    void customers() {
        String id = device.customers()
                .create(new NewCustomer("Grace")
                        .lastName("Hopper")
                        .phone("555-0100")
                        .email("grace@example.test"));
        device.customers().update(id, c -> c.phone("555-0101").notes(null));

        Customer grace = device.customers().get(id).orElseThrow();
        assertThat(grace.firstName()).isEqualTo("Grace");
        assertThat(grace.lastName()).isEqualTo("Hopper");
        assertThat(grace.phone()).isEqualTo("555-0101");
        assertThat(grace.email()).isEqualTo("grace@example.test");
        assertThat(pushedFields())
                .containsExactly(
                        Map.of(
                                "firstName", "Grace",
                                "lastName", "Hopper",
                                "phone", "555-0100",
                                "email", "grace@example.test"),
                        fields("phone", "555-0101", "notes", null));
    }

    @Test
    void tickets() {
        String customer = device.customers().create(new NewCustomer("Ada"));
        Instant due = Instant.parse("2026-12-24T17:00:00Z");
        String id = device.tickets()
                .create(new NewTicket(customer, "phone", "cracked screen")
                        .priority("high")
                        .estimateCents(12_000L)
                        .dueAt(due));
        device.tickets().update(id, t -> t.status("ready").finalPriceCents(14_900L));

        Ticket ticket = device.tickets().get(id).orElseThrow();
        assertThat(ticket.status()).isEqualTo("ready");
        assertThat(ticket.priority()).isEqualTo("high");
        assertThat(ticket.estimateCents()).isEqualTo(12_000L);
        assertThat(ticket.finalPriceCents()).isEqualTo(14_900L);
        assertThat(ticket.dueAt()).isEqualTo(due);
        assertThat(device.tickets().ofCustomer(customer, Order.NEWEST_FIRST, 10))
                .extracting(Ticket::id)
                .containsExactly(id);
        assertThat(device.tickets().withStatus("ready", Order.OLDEST_FIRST, 1))
                .extracting(Ticket::id)
                .containsExactly(id);
    }

    @Test
    void ticketParts() {
        String customer = device.customers().create(new NewCustomer("Ada"));
        String ticket = device.tickets().create(new NewTicket(customer, "laptop", "no power"));
        String item = device.inventoryItems().create(new NewInventoryItem("BAT-1", "Battery"));
        String part = device.ticketParts().create(new NewTicketPart(ticket, item, 2).unitPriceCents(4_500L));
        device.ticketParts().update(part, p -> p.quantity(3));

        TicketPart used = device.ticketParts().get(part).orElseThrow();
        assertThat(used.quantity()).isEqualTo(3L);
        assertThat(used.unitPriceCents()).isEqualTo(4_500L);
        assertThat(device.ticketParts().ofTicket(ticket, 5))
                .extracting(TicketPart::id)
                .containsExactly(part);
    }

    @Test
    void inventoryItems() {
        String id = device.inventoryItems()
                .create(new NewInventoryItem("SCR-7", "Pixel 7 screen")
                        .quantity(4)
                        .reorderLevel(5L));
        device.inventoryItems().update(id, i -> i.location("shelf B").priceCents(8_900L));
        device.inventoryItems().adjustStock(id, -1);

        InventoryItem item = device.inventoryItems().get(id).orElseThrow();
        assertThat(item.quantity()).isEqualTo(3L);
        assertThat(item.location()).isEqualTo("shelf B");
        assertThat(device.inventoryItems().belowReorderLevel(10))
                .extracting(InventoryItem::id)
                .containsExactly(id);
    }

    @Test
    void employees() {
        String id = device.employees().create(new NewEmployee("Tom", "technician").hourlyRateCents(2_500L));
        device.employees().update(id, e -> e.lastName("Kilburn").active(false));

        Employee tom = device.employees().get(id).orElseThrow();
        assertThat(tom.role()).isEqualTo("technician");
        assertThat(tom.hourlyRateCents()).isEqualTo(2_500L);
        assertThat(tom.active()).isFalse();
        assertThat(device.employees().active()).extracting(Employee::id).doesNotContain(id);
    }

    @Test
    void appointments() {
        String customer = device.customers().create(new NewCustomer("Ada"));
        Instant nine = Instant.parse("2026-12-07T09:00:00Z");
        Instant ten = Instant.parse("2026-12-07T10:00:00Z");
        String late = device.appointments().create(new NewAppointment(customer, "drop_off", ten));
        String early = device.appointments().create(new NewAppointment(customer, "pick_up", nine).durationMinutes(15));
        device.appointments().update(late, a -> a.status("confirmed"));

        Appointment confirmed = device.appointments().get(late).orElseThrow();
        assertThat(confirmed.status()).isEqualTo("confirmed");
        assertThat(confirmed.startsAt()).isEqualTo(ten);
        Instant day = Instant.parse("2026-12-07T00:00:00Z");
        Instant next = Instant.parse("2026-12-08T00:00:00Z");
        assertThat(device.appointments().between(day, next, Order.OLDEST_FIRST, 10))
                .extracting(Appointment::id)
                .containsExactly(early, late);
        assertThat(device.appointments().between(day, next, Order.NEWEST_FIRST, 1))
                .extracting(Appointment::id)
                .containsExactly(late);
    }

    @Test
    void aBadValueIsRefusedNamingItsFieldAndAnEmptyUpdateIsRefused() {
        assertThatThrownBy(() -> device.customers().create(new NewCustomer("Grace").email("not an address")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("email");
        assertThatThrownBy(() -> new NewCustomer(null)).hasMessageContaining("firstName");
        String id = device.customers().create(new NewCustomer("Grace"));
        assertThatThrownBy(() -> device.customers().update(id, c -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sets no field");
        assertThatThrownBy(() -> device.customers().search("G", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> device.tickets().withStatus("ready", Order.NEWEST_FIRST, -1))
                .as("a negative limit is refused, not read as no limit")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
    }

    @Test
    void searchIsBoundedInsideTheDatabaseAndOrderedByFirstName() {
        for (String name : List.of("carla", "Bea", "Anna", "Dora")) {
            device.customers().create(new NewCustomer(name).phone("555"));
        }
        assertThat(device.customers().search("555", 2))
                .extracting(Customer::firstName)
                .containsExactly("Anna", "Bea");
        assertThat(device.customers().search("555"))
                .extracting(Customer::firstName)
                .containsExactly("Anna", "Bea", "carla", "Dora");
    }

    /** The fields of every upsert pushed so far, in order. */
    private List<Map<String, Object>> pushedFields() {
        device.syncNow();
        return server.pushes.stream()
                .flatMap(push -> push.mutations().stream())
                .map(Mutation::fields)
                .map(TypedWritesTest::asMap)
                .toList();
    }

    private static Map<String, Object> asMap(ObjectNode node) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        node.fields()
                .forEachRemaining(field -> map.put(
                        field.getKey(),
                        field.getValue().isNull() ? null : field.getValue().asText()));
        return map;
    }

    private static Map<String, Object> fields(Object... pairs) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
