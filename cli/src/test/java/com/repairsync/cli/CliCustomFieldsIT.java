package com.repairsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.cli.InProcessCli.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shop's own fields from the command line: an admin declares, changes and removes fields with
 * {@code field ...}, a ticket gets values with {@code --field NAME=VALUE} (bad ones and a missing
 * required one refused naming {@code --field NAME}, nothing stored), {@code show} and the export
 * carry them, another device receives them, and a technician acting on a device is refused {@code
 * field add} and never receives a managers-only value. One server process; the commands run in
 * this JVM ({@link InProcessCli}), so each costs milliseconds, not a process start.
 */
class CliCustomFieldsIT {
    @RegisterExtension
    static final ServerProcess server = ServerProcess.start();

    private static final Path PASSWORD = Cli.secretFile(TerminalShop.PASSWORD);
    private static String email;

    @BeforeAll
    static void shop() {
        email = "owner-" + UUID.randomUUID().toString().substring(0, 8) + "@fixit.test";
        Outcome created = InProcessCli.command(
                "shop",
                "create",
                "--server",
                server.url(),
                "--name",
                "Fix-It Corner",
                "--email",
                email,
                "--password-file",
                PASSWORD.toString(),
                "--first-name",
                "Ada",
                "--json");
        assertThat(created.exitCode()).as("%s", created).isZero();
    }

    @Test
    void anAdminDeclaresFieldsAndTicketsCarryTheirValues() throws Exception {
        Path desk = device("front desk");
        ok(desk, "field", "add", "ticket", "accessories", "--type", "text", "--label", "Accessories left");
        JsonNode water = ok(desk, "field", "add", "tickets", "waterDamage", "--type", "yes-no", "--required");
        assertThat(water.path("label").asText()).isEqualTo("Water damage");
        assertThat(water.path("syncStatus").asText()).isEqualTo("synced");
        ok(
                desk,
                "field",
                "add",
                "ticket",
                "condition",
                "--type",
                "choice",
                "--choice",
                "good",
                "--choice",
                "scratched");
        String customer =
                ok(desk, "customer", "add", "--first-name", "Grace").path("id").asText();
        String[] ticket = {
            "ticket", "add", "--customer-id", customer, "--device-type", "phone", "--problem", "cracked screen"
        };

        assertUsage(run(desk, with(ticket, "--field", "accessories=charger")), "--field waterDamage", "required");
        assertUsage(run(desk, with(ticket, "--field", "waterDamage=maybe")), "--field waterDamage", "'maybe'");
        assertUsage(
                run(desk, with(ticket, "--field", "waterDamage=no", "--field", "condition=broken")),
                "--field condition",
                "'broken'");
        assertUsage(run(desk, with(ticket, "--field", "waterDamage=no", "--field", "colour=red")), "--field colour");
        assertUsage(run(desk, with(ticket, "--field", "waterDamage")), "--field", "NAME=VALUE");
        assertThat(ok(desk, "ticket", "list").size())
                .as("nothing stored by a refused add")
                .isZero();

        JsonNode added = ok(
                desk,
                with(
                        ticket,
                        "--field",
                        "accessories=charger, case",
                        "--field",
                        "waterDamage=yes",
                        "--field",
                        "condition=good"));
        String id = added.path("id").asText();
        assertThat(added.path("custom").path("accessories").asText()).isEqualTo("charger, case");
        assertThat(added.path("custom").path("waterDamage").asBoolean()).isTrue();
        assertThat(added.path("syncStatus").asText()).isEqualTo("synced");

        ok(desk, "field", "change", "ticket", "condition", "--add-choice", "broken", "--label", "State");
        JsonNode edited = ok(desk, "ticket", "edit", id, "--field", "condition=broken", "--field", "accessories=");
        assertThat(edited.path("custom").path("condition").asText()).isEqualTo("broken");
        assertThat(edited.path("custom").has("accessories"))
                .as("an empty value clears")
                .isFalse();

        ok(desk, "field", "remove", "ticket", "accessories");
        assertThat(names(ok(desk, "field", "list", "ticket"))).containsExactly("waterDamage", "condition");
        assertThat(names(ok(desk, "field", "list", "ticket", "--all"))).contains("accessories");
        JsonNode kept = ok(desk, "ticket", "edit", id, "--field", "accessories=charger");
        assertThat(kept.path("custom").path("accessories").asText())
                .as("a removed field still takes values")
                .isEqualTo("charger");

        JsonNode history = ok(desk, "history", "ticket", id);
        assertThat(history.toString()).contains("custom.condition", "changed State from good to broken");

        Outcome shown = run(desk, "ticket", "show", id);
        assertThat(shown.stdout()).contains("custom.condition", "broken", "custom.waterDamage");
        assertThat(run(desk, "ticket", "list").stdout()).contains("WATER-DAMAGE", "CONDITION");

        Path folder = Files.createTempDirectory("repairsync-custom-export-").resolve("csv");
        ok(desk, "export", "--out", folder.toString());
        List<String> csv = Files.readAllLines(folder.resolve("tickets.csv"), StandardCharsets.UTF_8);
        assertThat(csv.get(0)).contains("custom.waterDamage", "custom.condition", "custom.accessories");
        assertThat(csv.get(1)).contains(",true,", ",broken,", ",charger,");

        ok(desk, "field", "restore", "ticket", "accessories");
        assertThat(names(ok(desk, "field", "list", "ticket"))).contains("accessories");

        Path tablet = device("tablet");
        JsonNode there = ok(tablet, "ticket", "show", id);
        assertThat(there.path("custom").path("condition").asText()).isEqualTo("broken");
        assertThat(names(ok(tablet, "field", "list", "ticket")))
                .containsExactly("accessories", "waterDamage", "condition");
    }

    @Test
    void aTechnicianMayNotDeclareAndNeverSeesAManagersOnlyValue() {
        Path desk = device("front desk");
        ok(desk, "field", "add", "customer", "creditLimit", "--type", "money", "--managers-only");
        ok(desk, "field", "add", "customer", "referral", "--type", "text");
        String customer = ok(
                        desk,
                        "customer",
                        "add",
                        "--first-name",
                        "Alan",
                        "--field",
                        "creditLimit=50000",
                        "--field",
                        "referral=radio")
                .path("id")
                .asText();
        assertUsage(run(desk, "customer", "edit", customer, "--field", "creditLimit=12.50"), "--field creditLimit");
        ok(desk, "customer", "edit", customer, "--field", "creditLimit=60000");
        assertUsage(run(desk, "field", "add", "employee", "shoeSize", "--type", "number"), "ENTITY", "employees");
        assertUsage(run(desk, "field", "add", "ticket", "status", "--type", "text"), "NAME", "built-in");
        assertUsage(run(desk, "field", "add", "ticket", "kind", "--type", "choice"), "--choice");

        String tom = ok(desk, "employee", "add", "--first-name", "Tom", "--role", "technician")
                .path("id")
                .asText();
        Path pin = Cli.secretFile("1234");
        ok(desk, "employee", "set-pin", tom, "--pin-file", pin.toString());
        Path bench = device("bench");
        ok(bench, "switch", "--employee", tom, "--pin-file", pin.toString());

        Outcome refused = run(bench, "field", "add", "ticket", "passcode", "--type", "text");
        assertThat(refused.exitCode()).as("%s", refused).isEqualTo(ExitCode.REFUSED);
        assertThat(refused.stderr()).contains("field add", "admin");
        assertThat(ok(bench, "field", "list", "ticket").toString()).doesNotContain("passcode");

        JsonNode seen = ok(bench, "customer", "show", customer);
        assertThat(seen.path("custom").path("referral").asText()).isEqualTo("radio");
        assertThat(seen.path("custom").has("creditLimit")).isFalse();
        assertThat(names(ok(bench, "field", "list", "customer"))).containsExactly("referral");
        assertThat(ok(bench, "history", "customer", customer).toString())
                .contains("created this customer")
                .doesNotContain("creditLimit", "60000");
        assertThat(ok(desk, "history", "customer", customer).toString()).contains("custom.creditLimit", "60000");
    }

    private static Path device(String name) {
        try {
            Path dir = Files.createTempDirectory("repairsync-cli-custom-");
            Outcome login = InProcessCli.command(
                    "login",
                    "--server",
                    server.url(),
                    "--email",
                    email,
                    "--password-file",
                    PASSWORD.toString(),
                    "--name",
                    name,
                    "--device",
                    dir.toString(),
                    "--json");
            assertThat(login.exitCode()).as("%s", login).isZero();
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Outcome run(Path device, String... args) {
        return InProcessCli.run(device, args);
    }

    private static JsonNode ok(Path device, String... args) {
        Outcome outcome = run(device, with(args, "--json"));
        assertThat(outcome.exitCode()).as("%s", outcome).isZero();
        return outcome.json();
    }

    private static void assertUsage(Outcome outcome, String... mentions) {
        assertThat(outcome.exitCode()).as("%s", outcome).isEqualTo(ExitCode.USAGE);
        assertThat(outcome.stderr()).as("%s", outcome).contains(mentions).doesNotContain("Exception");
    }

    private static String[] with(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static List<String> names(JsonNode fields) {
        List<String> names = new ArrayList<>();
        fields.forEach(field -> names.add(field.path("name").asText()));
        return names;
    }
}
