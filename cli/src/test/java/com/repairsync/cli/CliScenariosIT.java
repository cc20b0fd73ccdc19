package com.repairsync.cli;

import static com.repairsync.cli.TerminalShop.ok;
import static com.repairsync.cli.TerminalShop.on;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scenarios through the real jar: a server process and terminal device processes,
 * checked through their {@code --json} output and exit codes.
 */
class CliScenariosIT {
    @RegisterExtension
    static final ServerProcess server = ServerProcess.start();

    @Test
    void aCustomerAndTicketFromTheFrontDeskReachTheTechnicianWithTheirSyncStatus() {
        TerminalShop shop = new TerminalShop(server);
        Path desk = shop.device("front desk");
        Path tech = shop.device("technician");

        JsonNode customer =
                ok(desk, "customer", "add", "--first-name", "Grace", "--last-name", "Hopper", "--phone", "555-0100");
        assertThat(customer.path("syncStatus").asText()).isEqualTo("synced");
        JsonNode ticket = ok(
                desk,
                "ticket",
                "add",
                "--customer-id",
                customer.path("id").asText(),
                "--device-type",
                "phone",
                "--device-model",
                "Pixel 8",
                "--problem",
                "cracked screen");
        JsonNode pending = ok(desk, "customer", "add", "--first-name", "Offline", "--no-sync");
        assertThat(pending.path("syncStatus").asText()).isEqualTo("pending");

        ok(tech, "sync");
        JsonNode tickets = ok(tech, "ticket", "list", "--status", "checked_in");
        assertThat(tickets)
                .extracting(t -> t.path("id").asText())
                .containsExactly(ticket.path("id").asText());
        assertThat(tickets.get(0).path("syncStatus").asText()).isEqualTo("synced");
        assertThat(ok(tech, "customer", "list"))
                .extracting(c -> c.path("firstName").asText())
                .containsExactly("Grace");

        JsonNode whoami = ok(tech, "whoami");
        assertThat(whoami.path("shopId").asText()).isEqualTo(shop.shopId);
        assertThat(whoami.path("deviceName").asText()).isEqualTo("technician");
        JsonNode status = ok(desk, "status");
        assertThat(status.path("online").asBoolean()).isTrue();
        assertThat(status.path("pending").asInt()).isEqualTo(1);
        assertThat(status.path("pendingByEntity").path("customers").asInt()).isEqualTo(1);
    }

    @Test
    void twoTechniciansTakingTheLastPartsLeaveAnExactCount() {
        TerminalShop shop = new TerminalShop(server);
        Path desk = shop.device("front desk");
        Path tech = shop.device("technician");
        String item = ok(desk, "item", "add", "--sku", "SCR-P8", "--name", "Pixel 8 screen", "--quantity", "2")
                .path("id")
                .asText();
        ok(tech, "sync");

        assertThat(ok(desk, "item", "adjust", item, "--by", "-1", "--no-sync")
                        .path("quantity")
                        .asLong())
                .isEqualTo(1);
        assertThat(ok(tech, "item", "adjust", item, "--by", "-1", "--no-sync")
                        .path("quantity")
                        .asLong())
                .isEqualTo(1);
        ok(desk, "sync");
        ok(tech, "sync");
        ok(desk, "sync");

        for (Path device : List.of(desk, tech)) {
            JsonNode shown = ok(device, "item", "show", item);
            assertThat(shown.path("quantity").asLong())
                    .as("stock on %s", device)
                    .isZero();
            assertThat(shown.path("syncStatus").asText()).isEqualTo("synced");
        }
        assertThat(ok(desk, "item", "list", "--low-stock")).hasSize(0); // no reorder level set
    }

    @Test
    void aTechnicianIsRefusedAnEmployeeEditBeforeAnythingIsQueued() {
        TerminalShop shop = new TerminalShop(server);
        Path desk = shop.device("front desk");
        Path tech = shop.device("technician");
        String tom = ok(desk, "employee", "add", "--first-name", "Tom", "--role", "technician")
                .path("id")
                .asText();
        Path pin = Cli.secretFile("1234");
        ok(desk, "employee", "set-pin", tom, "--pin-file", pin.toString());
        ok(tech, "sync");

        JsonNode switched = ok(tech, "switch", "--employee", tom, "--pin-file", pin.toString());
        assertThat(switched.path("actingEmployeeId").asText()).isEqualTo(tom);
        Cli.Run refused = on(tech, "employee", "edit", shop.adminId, "--first-name", "Mallory");

        assertThat(refused.exitCode()).as("%s", refused).isEqualTo(ExitCode.REFUSED);
        assertThat(refused.stderr()).contains("not allowed").contains("technician");
        assertThat(ok(tech, "status").path("pending").asInt()).isZero();
        Cli.Run wrongPin = on(
                tech,
                "switch",
                "--employee",
                tom,
                "--pin-file",
                Cli.secretFile("9999").toString());
        assertThat(wrongPin.exitCode()).isEqualTo(ExitCode.REFUSED);
    }

    @Test
    void aManagersPinNeedsSixDigitsAndAPromotedTechnicianChoosesOneAtTheNextSwitch() {
        TerminalShop shop = new TerminalShop(server);
        Path desk = shop.device("front desk");
        String tom = ok(desk, "employee", "add", "--first-name", "Tom", "--role", "technician")
                .path("id")
                .asText();
        Path shortPin = Cli.secretFile("1234");
        ok(desk, "employee", "set-pin", tom, "--pin-file", shortPin.toString());
        ok(desk, "employee", "edit", tom, "--role", "manager");

        Cli.Run tooShort = on(desk, "employee", "set-pin", tom, "--pin-file", shortPin.toString());
        assertThat(tooShort.exitCode()).as("%s", tooShort).isEqualTo(ExitCode.USAGE);
        assertThat(tooShort.stderr()).contains("a manager's PIN must be at least 6 digits");
        Cli.Run asked = on(desk, "switch", "--employee", tom, "--pin-file", shortPin.toString());
        assertThat(asked.exitCode()).as("%s", asked).isEqualTo(ExitCode.REFUSED);
        assertThat(asked.stderr()).contains("at least 6 digits").contains("--new-pin-file");

        JsonNode switched = ok(
                desk,
                "switch",
                "--employee",
                tom,
                "--pin-file",
                shortPin.toString(),
                "--new-pin-file",
                Cli.secretFile("583920").toString());
        assertThat(switched.path("actingEmployeeId").asText()).isEqualTo(tom);
    }

    @Test
    void aStaleDevicesRefusedChangeWaitsInTheFailedQueueAndIsFixedThere() {
        TerminalShop shop = new TerminalShop(server);
        Path desk = shop.device("front desk");
        Path laptop = shop.device("owner's laptop");
        String grace =
                ok(desk, "customer", "add", "--first-name", "Grace").path("id").asText();
        String duplicate = ok(desk, "customer", "add", "--first-name", "Grace", "--last-name", "H.")
                .path("id")
                .asText();
        ok(laptop, "sync");
        ok(laptop, "customer", "delete", duplicate);

        Cli.Run booked = on(
                desk,
                "appointment",
                "add",
                "--customer-id",
                duplicate,
                "--type",
                "pick_up",
                "--starts-at",
                "2026-12-01T10:00");
        assertThat(booked.exitCode()).as("%s", booked).isEqualTo(ExitCode.REFUSED);
        assertThat(booked.stderr()).contains("refused").contains("customerId");
        JsonNode failed = ok(desk, "failed", "list");
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).path("code").asText()).isEqualTo("unknown_record");
        assertThat(failed.get(0).path("field").asText()).isEqualTo("customerId");
        Cli.Run stillFailing = on(desk, "sync");
        assertThat(stillFailing.exitCode()).isEqualTo(ExitCode.REFUSED);

        JsonNode retried =
                ok(desk, "failed", "retry", failed.get(0).path("mutationId").asText(), "--set", "customerId=" + grace);

        assertThat(retried.path("failedAfter").asInt()).isZero();
        ok(laptop, "sync");
        JsonNode appointments = ok(laptop, "appointment", "list", "--from", "2026-11-30", "--to", "2026-12-02");
        assertThat(appointments).hasSize(1);
        assertThat(appointments.get(0).path("customerId").asText()).isEqualTo(grace);
    }

    @Test
    void aFieldBothDevicesChangedShowsUpAsAConflictUntilDismissed() {
        TerminalShop shop = new TerminalShop(server);
        Path desk = shop.device("front desk");
        Path laptop = shop.device("owner's laptop");
        String customer =
                ok(desk, "customer", "add", "--first-name", "Ada").path("id").asText();
        ok(laptop, "sync");

        ok(desk, "customer", "edit", customer, "--phone", "555-0001", "--no-sync");
        ok(laptop, "customer", "edit", customer, "--phone", "555-0002", "--no-sync");
        ok(laptop, "sync");
        ok(desk, "sync");

        JsonNode conflicts = ok(desk, "conflicts", "list");
        assertThat(conflicts).hasSize(1);
        assertThat(conflicts.get(0).path("field").asText()).isEqualTo("phone");
        assertThat(ok(desk, "customer", "show", customer).path("phone").asText())
                .isEqualTo("555-0002");
        ok(desk, "conflicts", "dismiss", conflicts.get(0).path("id").asText());
        assertThat(ok(desk, "conflicts", "list")).isEmpty();
    }

    @Test
    void watchPrintsChangesFromOtherDevicesAsTheyArrive() throws Exception {
        TerminalShop shop = new TerminalShop(server);
        Path desk = shop.device("front desk");
        Path tech = shop.device("technician");
        Process watch = Cli.builder(
                        List.of("sync", "--watch", "--for", "60s", "--json", "--device", tech.toString()),
                        java.util.Map.of())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            var lines = new java.io.BufferedReader(
                    new java.io.InputStreamReader(watch.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            List<JsonNode> events = new ArrayList<>();
            waitForEvent(lines, events, e -> e.path("event").asText().equals("online"));

            String id = ok(desk, "customer", "add", "--first-name", "Live")
                    .path("id")
                    .asText();

            JsonNode change = waitForEvent(
                    lines,
                    events,
                    e -> e.path("event").asText().equals("change")
                            && e.path("id").asText().equals(id));
            assertThat(change.path("record").path("firstName").asText()).isEqualTo("Live");
            assertThat(events)
                    .anySatisfy(e -> assertThat(e.path("event").asText()).isEqualTo("presence"));
        } finally {
            watch.destroyForcibly();
        }
    }

    @Test
    void theOwnerMakesAnAdminWithThePasswordAgainAndRemovesALostTablet() {
        TerminalShop shop = new TerminalShop(server);
        Path desk = shop.device("front desk");
        Path tablet = shop.device("tablet");
        Path password = Cli.secretFile(TerminalShop.PASSWORD);

        JsonNode grace = ok(
                desk,
                "employee",
                "add",
                "--first-name",
                "Grace",
                "--role",
                "admin",
                "--password-file",
                password.toString());
        assertThat(grace.path("syncStatus").asText()).as("%s", grace).isEqualTo("synced");

        String tabletId = ok(tablet, "whoami").path("deviceId").asText();
        String deskId = ok(desk, "whoami").path("deviceId").asText();
        JsonNode listed = ok(desk, "devices", "list");
        assertThat(listed.findValuesAsText("deviceId")).contains(tabletId);
        JsonNode deskListed = java.util.stream.StreamSupport.stream(listed.spliterator(), false)
                .filter(device -> device.path("deviceId").asText().equals(deskId))
                .findFirst()
                .orElseThrow();
        assertThat(deskListed.path("online").asBoolean()).as("%s", deskListed).isTrue();
        assertThat(deskListed.path("health").path("appVersion").asText())
                .as("the desk reported its health after adding Grace")
                .startsWith("RepairSync CLI");
        assertThat(deskListed.path("health").path("queueDepth").asInt()).isZero();
        Cli.Run table = Cli.run("devices", "list", "--device", desk.toString());
        assertThat(table.exitCode()).as("%s", table).isZero();
        assertThat(table.stdout()).contains("ONLINE", "QUEUE", "OLDEST UNSENT", "FAILED", "CLOCK", "RepairSync CLI");
        JsonNode removed = ok(desk, "devices", "revoke", tabletId);
        assertThat(removed.path("revokedAt").asText()).isNotBlank();

        Cli.Run refused = on(tablet, "sync");
        assertThat(refused.exitCode()).as("%s", refused).isEqualTo(ExitCode.NOT_SIGNED_IN);
        assertThat(refused.stderr()).contains("removed from the shop by");
    }

    private static JsonNode waitForEvent(
            java.io.BufferedReader lines, List<JsonNode> seen, java.util.function.Predicate<JsonNode> wanted)
            throws Exception {
        var future = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = lines.readLine()) != null; ) {
                    JsonNode event = Cli.JSON.readTree(line);
                    seen.add(event);
                    if (wanted.test(event)) {
                        return event;
                    }
                }
                throw new AssertionError("watch ended; events: " + seen);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return future.get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
}
