package com.repairsync.cli.demo;

import static com.repairsync.cli.demo.Patience.waitFor;

import com.repairsync.cli.CliException;
import com.repairsync.cli.ExitCode;
import com.repairsync.client.Conflict;
import com.repairsync.client.FailedMutation;
import com.repairsync.client.PermissionDeniedException;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.SyncStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The demo's story after the setup: a shop's morning on three devices, one method per step, each
 * step narrated and checked (a check that fails ends the demo with {@link ExitCode#INTERNAL}). The steps build on
 * each other: Grace's repair ticket from the first is edited, stocked and booked in the later ones.
 */
final class MorningStory {
    private final ShopFloor floor;
    private final RepairSyncDevice desk;
    private final RepairSyncDevice tablet;
    private final RepairSyncDevice laptop;
    private final Narrator narrator;

    /** The customer Grace Hopper and her repair ticket, both made in the realtime step. */
    private String grace;

    private String ticket;

    MorningStory(ShopFloor floor, Narrator narrator) {
        this.floor = floor;
        this.desk = floor.desk();
        this.tablet = floor.tablet();
        this.laptop = floor.laptop();
        this.narrator = narrator;
    }

    /** Tells the steps in order. */
    void tell() {
        realtime();
        offlineEdits();
        conflict();
        stockCounter();
        permissions();
        failedQueue();
        agreement();
    }

    /** A ticket made at the front desk reaches the tablet without the tablet asking. */
    private void realtime() {
        long t = System.nanoTime();
        grace = desk.customers().create(Map.of("firstName", "Grace", "lastName", "Hopper", "phone", "555-0100"));
        ticket = desk.tickets()
                .create(Map.of(
                        "customerId", grace,
                        "deviceType", "phone",
                        "deviceModel", "Pixel 8",
                        "problem", "cracked screen",
                        "assignedEmployeeId", floor.tom()));
        long realtime = waitFor(
                "the ticket reaches the tablet",
                () -> tablet.tickets().get(ticket).isPresent(),
                t);
        narrator.step(
                "Realtime",
                "ticket on the tablet, no request of its own",
                realtime,
                "The front desk checked in Grace Hopper's Pixel 8 (cracked screen) for Tom. It was on Tom's tablet "
                        + realtime
                        + " ms later: the server's realtime hint woke the tablet, which pulled just that change.");
    }

    /** The laptop edits the ticket offline while the desk edits it online; plugged in, the laptop catches up. */
    private void offlineEdits() {
        // The laptop edits the ticket offline: it must have heard of it first (the step above waited
        // for the tablet only; unplugged before the ticket arrived, the laptop could not find it).
        waitFor(
                "the ticket reaches the laptop",
                () -> laptop.tickets().get(ticket).isPresent(),
                System.nanoTime());
        floor.laptopCable().unplug();
        waitFor("the laptop notices it is offline", () -> !laptop.syncState().online(), System.nanoTime());
        laptop.tickets().update(ticket, Map.of("estimateCents", 12000L, "notes", "Quote approved by phone"));
        narrator.say(
                "The owner's laptop lost its network. Ada still works: she sets the estimate to 120.00 and adds a note."
                        + " Queued on the laptop: " + laptop.syncState().pendingCount()
                        + " change(s), the ticket shows '"
                        + status(laptop.status("tickets", ticket)) + "'.");
        waitFor("a later clock tick", () -> true, System.nanoTime());
        desk.tickets().update(ticket, Map.of("estimateCents", 14900L));
        desk.customers().update(grace, Map.of("phone", "555-0199"));
        desk.syncNow();
        narrator.say("Meanwhile the front desk, online, changes the estimate to 149.00 and Grace's phone number.");
        long t = System.nanoTime();
        floor.laptopCable().plugIn();
        long catchUp = waitFor("the laptop catches up", this::laptopCaughtUp, t);
        narrator.step(
                "Offline",
                "laptop's edits arrived; it caught up",
                catchUp,
                "The network came back. Without anyone pressing sync, the laptop found the server, sent its queued edit"
                        + " and pulled what it missed, in " + catchUp + " ms. Ada's note is on every device.");
    }

    /** The laptop sent its queue, has the desk's phone number, and the desk has the laptop's note. */
    private boolean laptopCaughtUp() {
        return laptop.syncState().pendingCount() == 0
                && laptop.customers()
                        .get(grace)
                        .map(c -> "555-0199".equals(c.phone()))
                        .orElse(false)
                && desk.tickets()
                        .get(ticket)
                        .map(x -> "Quote approved by phone".equals(x.notes()))
                        .orElse(false);
    }

    /** The later estimate wins on every device; the laptop keeps a conflict entry for the one it lost. */
    private void conflict() {
        List<Conflict> conflicts = laptop.conflicts();
        Conflict estimate = conflicts.stream()
                .filter(c -> c.field().equals("estimateCents"))
                .findFirst()
                .orElseThrow(() ->
                        new CliException(ExitCode.INTERNAL, "demo: the laptop recorded no conflict for estimateCents"));
        long agreed = Stream.of(desk, tablet, laptop)
                .filter(d -> d.tickets()
                        .get(ticket)
                        .map(x -> Long.valueOf(14900L).equals(x.estimateCents()))
                        .orElse(false))
                .count();
        narrator.step(
                "Conflict",
                "estimate: wrote " + estimate.localValue() + ", won " + estimate.winningValue() + "; " + agreed
                        + "/3 agree",
                null,
                "Both changed the estimate. The later write (the front desk's 149.00) wins, field by field, on every device;"
                        + " Ada's laptop keeps a conflict entry so she sees her 120.00 lost: '" + estimate.localValue()
                        + "' vs '" + estimate.winningValue() + "'. Her note, a different field, was not lost.");
        if (agreed != 3) {
            throw new CliException(ExitCode.INTERNAL, "demo: the devices disagree on the estimate");
        }
    }

    /** Two devices each take one of two screens while offline; the stock counter ends at 0 everywhere. */
    private void stockCounter() {
        String screen = desk.inventoryItems()
                .create(Map.of(
                        "sku",
                        "SCR-P8",
                        "name",
                        "Pixel 8 screen",
                        "quantity",
                        2L,
                        "reorderLevel",
                        1L,
                        "priceCents",
                        8900L));
        String second = desk.tickets()
                .create(Map.of(
                        "customerId", grace,
                        "deviceType", "phone",
                        "deviceModel", "Pixel 8",
                        "problem", "second phone, cracked screen"));
        desk.syncNow();
        waitFor(
                "the tablet has the screens",
                () -> tablet.inventoryItems().get(screen).isPresent()
                        && tablet.tickets().get(second).isPresent(),
                System.nanoTime());
        desk.switchEmployee(floor.tia(), "5678");
        floor.deskCable().unplug();
        floor.tabletCable().unplug();
        tablet.tickets().addPart(ticket, screen, 1, 8900L);
        desk.tickets().addPart(second, screen, 1, 8900L);
        narrator.say(
                "Two screens left. Tom (tablet) and Tia (front-desk computer, switched in by PIN) each take one while"
                        + " their writes cross: both devices show "
                        + tablet.inventoryItems().get(screen).orElseThrow().quantity() + " left.");
        long t = System.nanoTime();
        floor.deskCable().plugIn();
        floor.tabletCable().plugIn();
        long counted = waitFor("every device counts 0 screens", () -> everyDeviceCountsNone(screen), t);
        narrator.step(
                "Stock",
                "2 - 1 - 1 = 0 on every device",
                counted,
                "Last-writer-wins would have said 1 left. Stock is a counter: the server adds the adjustments, so every"
                        + " device shows 0 screens, " + counted + " ms after the networks came back.");
    }

    /** Every device shows 0 of the item and has nothing left to send. */
    private boolean everyDeviceCountsNone(String item) {
        return Stream.of(desk, tablet, laptop)
                .allMatch(d -> d.inventoryItems()
                                .get(item)
                                .map(i -> i.quantity() != null && i.quantity() == 0L)
                                .orElse(false)
                        && d.syncState().pendingCount() == 0);
    }

    /** A technician's edit he may not make is refused on his device, before it is queued. */
    private void permissions() {
        int before = tablet.syncState().pendingCount();
        String refusal;
        try {
            tablet.employees().update(floor.tia(), Map.of("hourlyRateCents", 9999L));
            throw new CliException(ExitCode.INTERNAL, "demo: a technician was allowed to edit an employee");
        } catch (PermissionDeniedException expected) {
            refusal = expected.getMessage();
        }
        int after = tablet.syncState().pendingCount();
        narrator.step(
                "Permissions",
                "refused on the tablet; queue " + before + " -> " + after,
                null,
                "Tom tried to change Tia's pay rate. The tablet refused at once (" + refusal
                        + "); nothing was queued, so nothing fails later.");
    }

    /** A stale device's booking is refused by the server, waits in the failed queue, and is fixed and retried. */
    private void failedQueue() {
        String appointment = bookOnADeletedCustomer();
        waitFor(
                "the server refuses the stale booking",
                () -> !desk.failedMutations().isEmpty(),
                System.nanoTime());
        FailedMutation failed = desk.failedMutations().get(0);
        narrator.say(
                "Ada deleted a duplicate customer on the laptop while the front desk, offline and stale, booked Grace's pick-up"
                        + " on that duplicate. The server refused the booking: " + failed.code() + ": "
                        + failed.message() + ".");
        desk.retry(failed.mutationId(), Map.of("customerId", grace));
        long t = System.nanoTime();
        long fixed = waitFor(
                "the fixed booking reaches the laptop",
                () -> laptop.appointments().get(appointment).isPresent()
                        && desk.failedMutations().isEmpty(),
                t);
        narrator.step(
                "Failed queue",
                "refused (" + failed.code() + "), edited, retried, applied",
                fixed,
                "The refusal waited in the front desk's failed queue with its reason instead of vanishing. The receptionist"
                        + " pointed the booking at the real Grace and retried; it was on the laptop " + fixed
                        + " ms later.");
    }

    /**
     * The laptop deletes a duplicate of Grace while the offline front desk books her pick-up on that
     * duplicate; the desk's cable is back in when this returns. Returns the booking's id.
     */
    private String bookOnADeletedCustomer() {
        desk.switchEmployee(floor.ada(), "246810");
        String duplicate = desk.customers().create(Map.of("firstName", "Grace", "lastName", "H.", "phone", "555-0100"));
        desk.syncNow();
        waitFor(
                "the laptop sees the duplicate",
                () -> laptop.customers().get(duplicate).isPresent(),
                System.nanoTime());
        floor.deskCable().unplug();
        laptop.customers().delete(duplicate);
        laptop.syncNow();
        Instant tomorrow = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.DAYS);
        String appointment = desk.appointments()
                .create(Map.of(
                        "customerId",
                        duplicate,
                        "type",
                        "pick_up",
                        "startsAt",
                        tomorrow.toString(),
                        "ticketId",
                        ticket));
        floor.deskCable().plugIn();
        return appointment;
    }

    /** After a last sync everywhere, the three devices hold the same records. */
    private void agreement() {
        for (RepairSyncDevice device : List.of(desk, tablet, laptop)) {
            device.syncNow();
        }
        long customers = desk.customers().all().size();
        boolean same = Stream.of(tablet, laptop)
                .allMatch(d -> d.customers().all().size() == customers
                        && d.tickets().all().size() == desk.tickets().all().size()
                        && d.appointments().all().size()
                                == desk.appointments().all().size());
        if (!same) {
            throw new CliException(ExitCode.INTERNAL, "demo: the devices do not agree at the end");
        }
        narrator.step(
                "Agreement",
                "3 devices agree: " + customers + " customer(s), "
                        + desk.tickets().all().size() + " tickets, "
                        + desk.appointments().all().size() + " appointment(s)",
                null,
                "At the end all three devices hold the same records as the server.");
    }

    private static String status(SyncStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }
}
