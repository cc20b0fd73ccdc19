package com.repairsync.desk;

import com.repairsync.client.RepairSyncDevice;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;

/** A small repair shop's data, written through a real device, for the UI test and its screenshots. */
final class SampleShop {
    private SampleShop() {}

    static void fill(RepairSyncDevice device) {
        String tom = device.employees()
                .create(Map.of(
                        "firstName",
                        "Tom",
                        "lastName",
                        "Fixer",
                        "role",
                        "technician",
                        "email",
                        "tom@fixit.test",
                        "hourlyRateCents",
                        2800));
        device.employees()
                .create(Map.of(
                        "firstName",
                        "Fran",
                        "lastName",
                        "Front",
                        "role",
                        "front_desk",
                        "email",
                        "fran@fixit.test",
                        "hourlyRateCents",
                        2200));
        String ada = customer(device, "Ada", "Lovelace", "555-0101", "ada@example.com");
        String alan = customer(device, "Alan", "Turing", "555-0102", "alan@example.com");
        String linus = customer(device, "Linus", "Torvalds", "555-0103", null);
        customer(device, "Larry", "Leaving", "555-0199", null);
        String screen = item(device, "SCR-PX8", "Pixel 8 screen", "Screens", 6, 3, 8900, "A1");
        item(device, "BAT-IP13", "iPhone 13 battery", "Batteries", 2, 4, 4900, "B2");
        item(device, "KEY-MBA", "MacBook Air keyboard", "Keyboards", 1, 2, 12900, "C1");
        item(device, "FAN-PS5", "PS5 cooling fan", "Consoles", 9, 2, 3900, "D4");
        ticket(device, ada, "laptop", "ThinkPad X1", "Does not power on", "diagnosing", tom, 15000L, "high");
        ticket(device, alan, "phone", "iPhone 13", "Battery drains fast", "awaiting_parts", tom, 7900L, "normal");
        ticket(device, linus, "console", "PS5", "Loud fan", "in_repair", tom, 6900L, "normal");
        ticket(device, ada, "tablet", "iPad Air", "Charging port loose", "ready", null, 8900L, "urgent");
        ticket(device, alan, "laptop", "MacBook Air", "Sticky keys", "checked_in", null, null, "low");
        LocalDate monday = LocalDate.now().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        appointment(device, ada, monday.plusDays(1), 10, "drop_off", "confirmed");
        appointment(device, alan, monday.plusDays(2), 14, "pick_up", "scheduled");
        appointment(device, linus, monday.plusDays(3), 11, "consultation", "scheduled");
        appointment(device, ada, LocalDate.now(), 16, "pick_up", "scheduled");
        device.inventoryItems().get(screen).orElseThrow();
    }

    private static String customer(RepairSyncDevice device, String first, String last, String phone, String email) {
        Map<String, Object> fields =
                new java.util.HashMap<>(Map.of("firstName", first, "lastName", last, "phone", phone));
        if (email != null) {
            fields.put("email", email);
        }
        return device.customers().create(fields);
    }

    private static String item(
            RepairSyncDevice device,
            String sku,
            String name,
            String category,
            long quantity,
            long reorder,
            long price,
            String location) {
        return device.inventoryItems()
                .create(Map.of(
                        "sku",
                        sku,
                        "name",
                        name,
                        "category",
                        category,
                        "quantity",
                        quantity,
                        "reorderLevel",
                        reorder,
                        "priceCents",
                        price,
                        "costCents",
                        price / 2,
                        "location",
                        location));
    }

    private static void ticket(
            RepairSyncDevice device,
            String customer,
            String type,
            String model,
            String problem,
            String status,
            String assignee,
            Long estimate,
            String priority) {
        Map<String, Object> fields = new java.util.HashMap<>(Map.of(
                "customerId",
                customer,
                "deviceType",
                type,
                "deviceModel",
                model,
                "problem",
                problem,
                "status",
                status,
                "priority",
                priority));
        if (assignee != null) {
            fields.put("assignedEmployeeId", assignee);
        }
        if (estimate != null) {
            fields.put("estimateCents", estimate);
        }
        device.tickets().create(fields);
    }

    private static void appointment(
            RepairSyncDevice device, String customer, LocalDate day, int hour, String type, String status) {
        device.appointments()
                .create(Map.of(
                        "customerId",
                        customer,
                        "type",
                        type,
                        "status",
                        status,
                        "durationMinutes",
                        30,
                        "startsAt",
                        day.atTime(LocalTime.of(hour, 0))
                                .atZone(ZoneId.systemDefault())
                                .toInstant()));
    }
}
