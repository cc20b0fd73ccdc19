package com.repairsync.cli.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.cli.CliException;
import com.repairsync.cli.ExitCode;
import com.repairsync.cli.Shops;
import com.repairsync.cli.Terminal;
import com.repairsync.cli.device.TestPinCost;
import com.repairsync.client.Conflict;
import com.repairsync.client.DeviceKeys;
import com.repairsync.client.DeviceOptions;
import com.repairsync.client.FailedMutation;
import com.repairsync.client.PermissionDeniedException;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.transport.HttpSyncTransport;
import com.repairsync.client.transport.ServerTrust;
import com.repairsync.client.transport.SessionTokens;
import com.repairsync.server.RepairSyncServer;
import com.repairsync.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code repairsync demo}: a server on SQLite in a temporary folder and three shop devices, with
 * the story of a shop's morning told step by step, each step checked, then a summary table.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Watch RepairSync work through a shop's morning, each step explained and checked.",
            "A server on SQLite in a temporary folder and three devices (front desk, technician's tablet,"
                    + " owner's laptop); under a minute."
        },
        footer = {"", "Examples:", "  repairsync demo", "  repairsync demo --keep --json"})
public final class DemoCommand implements Callable<Integer> {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final String PASSWORD = "demo password 1";
    private static final String EMAIL = "ada@fixit.example";

    @Option(names = "--keep", description = "keep the temporary folder (server and device databases) afterwards")
    boolean keep;

    @Option(
            names = "--serve",
            description = "afterwards, fill the shop with sample data and keep the server running for RepairSync Desk"
                    + " (./repairsync desk --demo URL) until Ctrl-C")
    boolean serve;

    private RepairSyncServer server;
    private String url;

    @Spec
    CommandSpec spec;

    private Terminal terminal;
    private final List<String[]> summary = new ArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        terminal = Terminal.of(spec);
        Path dir = Files.createTempDirectory("repairsync-demo-");
        long started = System.nanoTime();
        try {
            run(dir);
            closeAll();
            printSummary(started, dir);
            if (serve) {
                serveSampleShop(dir);
            }
        } finally {
            closeAll();
            if (server != null) {
                server.stop();
            }
            if (!keep) {
                deleteTree(dir);
            }
        }
        return ExitCode.OK;
    }

    private void printSummary(long started, Path dir) {
        long seconds = (System.nanoTime() - started) / 1_000_000_000;
        ObjectNode result = Terminal.object().put("ok", true).put("seconds", seconds);
        ArrayNode steps = result.putArray("steps");
        summary.forEach(row ->
                steps.addObject().put("step", row[0]).put("result", row[1]).put("time", row[2]));
        if (keep) {
            result.put("folder", dir.toString());
        }
        terminal.result(result, () -> {
            terminal.line("");
            terminal.line("Summary");
            terminal.table(
                    List.of("STEP", "RESULT", "TIME"),
                    summary.stream().map(List::of).toList(),
                    80);
            terminal.line("");
            terminal.line("All steps checked in " + seconds + " s." + (keep ? " Databases kept in " + dir + "." : ""));
            terminal.line("Next: run a server and two terminal devices by hand (README, Quick start).");
        });
    }

    /** Adds sample data to the demo shop and keeps the server up until Ctrl-C, for the desktop app. */
    private void serveSampleShop(Path dir) {
        SessionTokens tokens = new SessionTokens();
        try (HttpSyncTransport transport = new HttpSyncTransport(url, tokens)) {
            var session = tokens.signIn(transport, EMAIL, PASSWORD, "sample data", null);
            var made = new com.repairsync.cli.seed.Seeder(transport, session, Clock.systemUTC(), 500)
                    .seed(
                            new com.repairsync.cli.seed.SampleData(7, Instant.now()),
                            new com.repairsync.cli.seed.Seeder.Counts(3, 25, 40, 1.5, 0.75),
                            sent -> {});
            terminal.note("");
            terminal.note("The demo server stays up with " + made.total() + " more sample records at " + url + ".");
            terminal.note("Sign in as " + EMAIL + " with the password '" + PASSWORD
                    + "' (PINs: Ada 246810, Tom 1234, Tia 5678):");
            terminal.note("  ./repairsync desk --demo " + url + " --email " + EMAIL + " --password '" + PASSWORD + "'");
            terminal.note("  ./repairsync login --server " + url + " --email " + EMAIL + " --device ./demo-device");
            terminal.note("Ctrl-C stops it.");
        }
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.stop(); // the JVM may end before the main thread cleans up, so the hook does it
                            if (!keep) {
                                deleteTree(dir);
                            }
                            stopped.countDown();
                        },
                        "demo-stop"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(Path dir) {
        say("Starting a RepairSync server on SQLite in " + dir + " …");
        RepairSyncServer server = RepairSyncServer.start(
                ServerConfig.parse(
                        new String[] {
                            "--host",
                            "127.0.0.1",
                            "--port",
                            "0",
                            "--data",
                            dir.resolve("server").toString()
                        },
                        Map.of()),
                Clock.systemUTC());
        this.server = server;
        this.url = server.url(); // loopback only, so plain HTTP: nothing leaves this machine
        String adaId = Shops.create(url, ServerTrust.authorities(), "Fix-It Corner", EMAIL, PASSWORD, "Ada", "Lovelace")
                .path("employeeId")
                .asText();
        say("Created the shop 'Fix-It Corner'; its owner Ada Lovelace is the admin. Server at " + url + ".");

        Cable deskCable = new Cable();
        Cable tabletCable = new Cable();
        Cable laptopCable = new Cable();
        RepairSyncDevice desk = device(dir, "front-desk", url, deskCable);
        desk.join(EMAIL, PASSWORD, "front desk");
        String tom = desk.employees().create(Map.of("firstName", "Tom", "lastName", "Kilburn", "role", "technician"));
        String tia = desk.employees().create(Map.of("firstName", "Tia", "lastName", "Okafor", "role", "technician"));
        desk.employees().setPin(tom, "1234");
        desk.employees().setPin(tia, "5678");
        desk.employees().setPin(adaId, "246810"); // an admin's PIN has at least 6 digits
        desk.syncNow();
        RepairSyncDevice tablet = device(dir, "tablet", url, tabletCable);
        tablet.join(EMAIL, PASSWORD, "technician's tablet");
        tablet.switchEmployee(tom, "1234");
        RepairSyncDevice laptop = device(dir, "laptop", url, laptopCable);
        laptop.join(EMAIL, PASSWORD, "owner's laptop");
        step(
                "Setup",
                "3 devices joined; Tom switched in on the tablet by PIN",
                null,
                "Three devices joined the shop: the front desk, the technician's tablet (Tom switched in by his PIN,"
                        + " which works offline too) and the owner's laptop. Each keeps its own SQLite database.");

        // 1. realtime
        long t = System.nanoTime();
        String grace = desk.customers().create(Map.of("firstName", "Grace", "lastName", "Hopper", "phone", "555-0100"));
        String ticket = desk.tickets()
                .create(Map.of(
                        "customerId", grace,
                        "deviceType", "phone",
                        "deviceModel", "Pixel 8",
                        "problem", "cracked screen",
                        "assignedEmployeeId", tom));
        long realtime = waitFor(
                "the ticket reaches the tablet",
                () -> tablet.tickets().get(ticket).isPresent(),
                t);
        step(
                "Realtime",
                "ticket on the tablet, no request of its own",
                realtime,
                "The front desk checked in Grace Hopper's Pixel 8 (cracked screen) for Tom. It was on Tom's tablet "
                        + realtime
                        + " ms later: the server's realtime hint woke the tablet, which pulled just that change.");

        // 2. offline and catch-up, 3. field conflict
        // The laptop edits the ticket offline: it must have heard of it first (the step above waited
        // for the tablet only; unplugged before the ticket arrived, the laptop could not find it).
        waitFor(
                "the ticket reaches the laptop",
                () -> laptop.tickets().get(ticket).isPresent(),
                System.nanoTime());
        laptopCable.unplug();
        waitFor("the laptop notices it is offline", () -> !laptop.syncState().online(), System.nanoTime());
        laptop.tickets().update(ticket, Map.of("estimateCents", 12000L, "notes", "Quote approved by phone"));
        say("The owner's laptop lost its network. Ada still works: she sets the estimate to 120.00 and adds a note."
                + " Queued on the laptop: " + laptop.syncState().pendingCount() + " change(s), the ticket shows '"
                + status(laptop.status("tickets", ticket)) + "'.");
        waitFor("a later clock tick", () -> true, System.nanoTime());
        desk.tickets().update(ticket, Map.of("estimateCents", 14900L));
        desk.customers().update(grace, Map.of("phone", "555-0199"));
        desk.syncNow();
        say("Meanwhile the front desk, online, changes the estimate to 149.00 and Grace's phone number.");
        t = System.nanoTime();
        laptopCable.plugIn();
        long catchUp = waitFor(
                "the laptop catches up",
                () -> laptop.syncState().pendingCount() == 0
                        && laptop.customers()
                                .get(grace)
                                .map(c -> "555-0199".equals(c.phone()))
                                .orElse(false)
                        && desk.tickets()
                                .get(ticket)
                                .map(x -> "Quote approved by phone".equals(x.notes()))
                                .orElse(false),
                t);
        step(
                "Offline",
                "laptop's edits arrived; it caught up",
                catchUp,
                "The network came back. Without anyone pressing sync, the laptop found the server, sent its queued edit"
                        + " and pulled what it missed, in " + catchUp + " ms. Ada's note is on every device.");
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
        step(
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

        // 4. stock counters
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
                        "customerId",
                        grace,
                        "deviceType",
                        "phone",
                        "deviceModel",
                        "Pixel 8",
                        "problem",
                        "second phone, cracked screen"));
        desk.syncNow();
        waitFor(
                "the tablet has the screens",
                () -> tablet.inventoryItems().get(screen).isPresent()
                        && tablet.tickets().get(second).isPresent(),
                System.nanoTime());
        desk.switchEmployee(tia, "5678");
        deskCable.unplug();
        tabletCable.unplug();
        tablet.tickets().addPart(ticket, screen, 1, 8900L);
        desk.tickets().addPart(second, screen, 1, 8900L);
        say("Two screens left. Tom (tablet) and Tia (front-desk computer, switched in by PIN) each take one while their"
                + " writes cross: both devices show "
                + tablet.inventoryItems().get(screen).orElseThrow().quantity() + " left.");
        t = System.nanoTime();
        deskCable.plugIn();
        tabletCable.plugIn();
        long counted = waitFor(
                "every device counts 0 screens",
                () -> Stream.of(desk, tablet, laptop)
                        .allMatch(d -> d.inventoryItems()
                                        .get(screen)
                                        .map(i -> i.quantity() != null && i.quantity() == 0L)
                                        .orElse(false)
                                && d.syncState().pendingCount() == 0),
                t);
        step(
                "Stock",
                "2 - 1 - 1 = 0 on every device",
                counted,
                "Last-writer-wins would have said 1 left. Stock is a counter: the server adds the adjustments, so every"
                        + " device shows 0 screens, " + counted + " ms after the networks came back.");

        // 5. permissions before queueing
        int before = tablet.syncState().pendingCount();
        String refusal;
        try {
            tablet.employees().update(tia, Map.of("hourlyRateCents", 9999L));
            throw new CliException(ExitCode.INTERNAL, "demo: a technician was allowed to edit an employee");
        } catch (PermissionDeniedException expected) {
            refusal = expected.getMessage();
        }
        int after = tablet.syncState().pendingCount();
        step(
                "Permissions",
                "refused on the tablet; queue " + before + " -> " + after,
                null,
                "Tom tried to change Tia's pay rate. The tablet refused at once (" + refusal
                        + "); nothing was queued, so nothing fails later.");

        // 6. a stale device's change refused, then fixed
        desk.switchEmployee(adaId, "246810");
        String duplicate = desk.customers().create(Map.of("firstName", "Grace", "lastName", "H.", "phone", "555-0100"));
        desk.syncNow();
        waitFor(
                "the laptop sees the duplicate",
                () -> laptop.customers().get(duplicate).isPresent(),
                System.nanoTime());
        deskCable.unplug();
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
        deskCable.plugIn();
        waitFor(
                "the server refuses the stale booking",
                () -> !desk.failedMutations().isEmpty(),
                System.nanoTime());
        FailedMutation failed = desk.failedMutations().get(0);
        say(
                "Ada deleted a duplicate customer on the laptop while the front desk, offline and stale, booked Grace's pick-up"
                        + " on that duplicate. The server refused the booking: " + failed.code() + ": "
                        + failed.message() + ".");
        desk.retry(failed.mutationId(), Map.of("customerId", grace));
        t = System.nanoTime();
        long fixed = waitFor(
                "the fixed booking reaches the laptop",
                () -> laptop.appointments().get(appointment).isPresent()
                        && desk.failedMutations().isEmpty(),
                t);
        step(
                "Failed queue",
                "refused (" + failed.code() + "), edited, retried, applied",
                fixed,
                "The refusal waited in the front desk's failed queue with its reason instead of vanishing. The receptionist"
                        + " pointed the booking at the real Grace and retried; it was on the laptop " + fixed
                        + " ms later.");

        // final agreement
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
        step(
                "Agreement",
                "3 devices agree: " + customers + " customer(s), "
                        + desk.tickets().all().size() + " tickets, "
                        + desk.appointments().all().size() + " appointment(s)",
                null,
                "At the end all three devices hold the same records as the server.");
    }

    private RepairSyncDevice device(Path dir, String name, String url, Cable cable) {
        DeviceOptions options = TestPinCost.apply(DeviceOptions.defaults()
                .withProbeInterval(Duration.ofMillis(200))
                .withTransport((ignored, tokens) -> cable.connect(new HttpSyncTransport(url, tokens)))
                // throwaway devices in a temporary folder: their keys go with it, not into the user's
                .withKeys(DeviceKeys.inFolder(dir.resolve("keys"))));
        RepairSyncDevice device = RepairSyncDevice.open(dir.resolve(name).resolve("device.db"), url, options);
        toClose.add(0, device);
        return device;
    }

    /** Waits until the condition holds; returns milliseconds since {@code startNanos}. */
    private static long waitFor(String what, BooleanSupplier condition, long startNanos) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new CliException(ExitCode.INTERNAL, "demo: waited " + PATIENCE.toSeconds() + " s for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(ExitCode.INTERNAL, "demo interrupted while waiting for " + what);
            }
        }
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private void step(String name, String result, Long millis, String story) {
        summary.add(new String[] {name, result, millis == null ? "" : millis + " ms"});
        say("");
        say(summary.size() + ". " + name + ": " + story);
    }

    private void say(String line) {
        terminal.say(line);
    }

    private static String status(com.repairsync.client.SyncStatus status) {
        return status.name().toLowerCase(java.util.Locale.ROOT);
    }

    private void closeAll() {
        for (AutoCloseable closeable : toClose) {
            try {
                closeable.close();
            } catch (Exception e) {
                terminal.note("demo: closing failed: " + e.getMessage());
            }
        }
        toClose.clear();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary folder the OS cleans up eventually; nothing of the user's is in it
        }
    }
}
