package com.repairsync.cli.device;

import com.repairsync.cli.CliException;
import com.repairsync.cli.Values;
import com.repairsync.client.RepairSyncDevice;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The filters of each entity's {@code list} command ({@code ticket list --status ready},
 * {@code item list --low-stock} ...): a flag each, and the device query it selects with.
 */
final class ListFilters {
    private ListFilters() {}

    /** A list filter: its flag, and what it selects (null label for an on/off flag). */
    record Filter(String flag, String label, String help, BiFunction<RepairSyncDevice, String, List<?>> select) {
        /** A value for the filter's flag, for the help's example. */
        String example() {
            return switch (flag) {
                case "--status" -> "ready";
                case "--from" -> "2026-11-24";
                case "--search" -> "hopper";
                default -> label;
            };
        }
    }

    /** The noun's filters, in the order its help lists them; none for an entity without any. */
    static List<Filter> of(Nouns noun) {
        List<Filter> filters = new ArrayList<>();
        switch (noun.noun()) {
            case "customer" ->
                filters.add(new Filter(
                        "--search",
                        "TEXT",
                        "each word begins a word of the name or e-mail, or is a run of the phone's digits",
                        (d, v) -> d.customers().search(v)));
            case "ticket" -> filters.addAll(tickets(noun));
            case "part" ->
                filters.add(new Filter("--ticket", "ID", "parts used on this ticket", (d, v) -> d.ticketParts()
                        .ofTicket(Values.id("--ticket", v))));
            case "item" ->
                filters.add(new Filter(
                        "--low-stock", null, "only items at or below their reorder level", (d, v) -> d.inventoryItems()
                                .belowReorderLevel()));
            case "employee" ->
                filters.add(new Filter("--active", null, "only active employees", (d, v) -> d.employees()
                        .active()));
            case "appointment" -> filters.addAll(appointments());
            default -> {}
        }
        return filters;
    }

    private static List<Filter> tickets(Nouns noun) {
        return List.of(
                new Filter(
                        "--status",
                        "STATUS",
                        "one of "
                                + String.join(
                                        ", ",
                                        noun.type()
                                                .field("status")
                                                .orElseThrow()
                                                .allowedValues()),
                        (d, v) -> d.tickets()
                                .withStatus(
                                        Values.parse(noun.type().field("status").orElseThrow(), "--status", v)
                                                .toString())),
                new Filter("--assignee", "ID", "tickets assigned to this employee", (d, v) -> d.tickets()
                        .assignedTo(Values.id("--assignee", v))),
                new Filter("--customer", "ID", "tickets of this customer", (d, v) -> d.tickets()
                        .ofCustomer(Values.id("--customer", v))));
    }

    private static List<Filter> appointments() {
        return List.of(
                new Filter(
                        "--from",
                        "DATE",
                        "from this date or time (default: now when --to is given)",
                        (d, v) -> between(d, v, null)),
                new Filter(
                        "--to",
                        "DATE",
                        "before this date or time (default: a week after --from)",
                        (d, v) -> between(d, null, v)));
    }

    private static List<?> between(RepairSyncDevice device, String from, String to) {
        Instant start = from == null ? Instant.now().minus(Duration.ofDays(3650)) : Values.instant("--from", from);
        Instant end = to == null ? start.plus(Duration.ofDays(7)) : Values.instant("--to", to);
        if (from == null && to != null) {
            start = Instant.EPOCH;
        }
        if (!end.isAfter(start)) {
            throw CliException.usage("--to: must be after --from");
        }
        return device.appointments().between(start, end);
    }
}
