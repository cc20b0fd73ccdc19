package com.repairsync.cli;

import static com.repairsync.cli.TerminalShop.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 28 through the real jar: a record's history, the audit, undelete, keeping mine or theirs in
 * a conflict, and erasing a customer; refusals that need a server or a device's records (bad input
 * alone is {@link HistoryCommandsTest}).
 */
class CliHistoryIT {
    @RegisterExtension
    static final ServerProcess server = ServerProcess.start();

    private static final String UNKNOWN = "6f1c2d3e-0000-4000-8000-000000000000";

    /** A command as a person types it (no --json): for the readable lines and the one-line refusals. */
    private static Cli.Run typed(Path device, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--device";
        all[args.length + 1] = device.toString();
        return Cli.run(all);
    }

    private static void refused(Cli.Run run, int exitCode, String... mentions) {
        assertThat(run.exitCode()).as("%s", run).isEqualTo(exitCode);
        assertThat(run.stderr().strip().lines()).as("%s", run).hasSize(1);
        assertThat(run.stderr()).startsWith("repairsync: ").contains(mentions).doesNotContain("Exception");
        assertThat(run.stdout()).as("%s", run).isEmpty();
    }

    @Test
    void historyShowsWhoChangedWhatTheAuditFiltersAndOnlyAnAdminErases() {
        TerminalShop shop = new TerminalShop(server);
        Path desk = shop.device("front desk");
        String tom = ok(
                        desk,
                        "employee",
                        "add",
                        "--first-name",
                        "Tom",
                        "--role",
                        "manager",
                        "--email",
                        "tom@fixit.test")
                .path("id")
                .asText();
        shop.setPassword(tom, "manager password 1");
        Path office = shop.device("office", "tom@fixit.test", Cli.secretFile("manager password 1"));
        String grace = ok(desk, "customer", "add", "--first-name", "Grace", "--phone", "555-0100")
                .path("id")
                .asText();
        ok(desk, "customer", "edit", grace, "--phone", "555-0199");
        ok(office, "sync");
        ok(office, "customer", "edit", grace, "--last-name", "Hopper");

        Cli.Run lines = typed(desk, "history", "customer", grace);
        assertThat(lines.exitCode()).as("%s", lines).isZero();
        assertThat(lines.stdout().lines().toList())
                .as("%s", lines)
                .hasSize(3)
                .satisfies(l -> assertThat(l.get(0)).startsWith("Tom set last name to \"Hopper\" on office"))
                .satisfies(l -> assertThat(l.get(1))
                        .startsWith("Ada changed phone from \"555-0100\" to \"555-0199\" on front desk"))
                .satisfies(l -> assertThat(l.get(2)).startsWith("Ada created this customer on front desk"));
        JsonNode page = ok(desk, "history", "customers", grace, "--limit", "1");
        assertThat(page.path("source").asText()).isEqualTo("server");
        assertThat(page.path("entries")).hasSize(1);
        assertThat(page.path("entries").get(0).path("op").asText()).isEqualTo("update");
        assertThat(page.path("entries").get(0).path("actorId").asText()).isEqualTo(tom);
        JsonNode older = ok(
                desk,
                "history",
                "customer",
                grace,
                "--before",
                page.path("before").asText());
        assertThat(older.path("entries").findValuesAsText("op")).containsExactly("update", "create");

        JsonNode toms = ok(desk, "audit", "--employee", "tom@fixit.test");
        assertThat(toms.path("entries").findValuesAsText("actorId")).containsOnly(tom);
        assertThat(toms.path("entries").findValuesAsText("recordId")).contains(grace);
        Cli.Run adminsEmployees =
                typed(office, "audit", "--entity", "employees", "--employee", shop.adminId, "--from", "2020-01-01");
        assertThat(adminsEmployees.exitCode()).as("%s", adminsEmployees).isZero();
        assertThat(adminsEmployees.stdout())
                .contains("employee " + tom + ": Ada created this employee on front desk")
                .doesNotContain("customer ");

        refused(typed(office, "customer", "erase", grace, "--yes"), ExitCode.REFUSED, "not allowed");
        JsonNode erased =
                ok(desk, "customer", "erase", grace, "--yes", "--password-file", shop.passwordFile.toString());
        assertThat(erased.path("records").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(erased.path("erasedOnThisDevice").asBoolean()).isTrue();
        JsonNode shown = ok(desk, "customer", "show", grace);
        assertThat(shown.path("firstName").asText()).isEqualTo("(erased)");
        assertThat(shown.path("phone").isNull()).as("%s", shown).isTrue();
        assertThat(shown.path("lastName").isNull()).as("%s", shown).isTrue();
        Cli.Run after = typed(desk, "history", "customer", grace);
        assertThat(after.stdout())
                .contains("erased this customer's personal details")
                .doesNotContain("555-01", "Hopper");

        refused(typed(desk, "history", "customer", UNKNOWN), ExitCode.NOT_FOUND, UNKNOWN);
        refused(typed(desk, "audit", "--device-id", "attic"), ExitCode.NOT_FOUND, "--device-id", "attic");
    }

    @Test
    void aDeletedRecordComesBackAndConflictsKeepMineOrTheirs() {
        TerminalShop shop = new TerminalShop(server);
        Path desk = shop.device("front desk");
        Path laptop = shop.device("laptop");
        String ada = ok(desk, "customer", "add", "--first-name", "Ada", "--phone", "555-0001")
                .path("id")
                .asText();
        ok(laptop, "sync");

        ok(desk, "customer", "edit", ada, "--phone", "555-0002", "--email", "desk@fixit.test", "--no-sync");
        ok(laptop, "customer", "edit", ada, "--phone", "555-0003", "--email", "laptop@fixit.test", "--no-sync");
        ok(laptop, "sync");
        ok(desk, "sync");
        JsonNode conflicts = ok(desk, "conflicts", "list");
        assertThat(conflicts.findValuesAsText("field")).containsExactlyInAnyOrder("phone", "email");
        String phone = idOf(conflicts, "phone");
        String email = idOf(conflicts, "email");

        JsonNode mine = ok(desk, "conflicts", "keep-mine", phone);
        assertThat(mine.path("syncStatus").asText()).isEqualTo("synced");
        assertThat(ok(desk, "conflicts", "keep-theirs", email).path("kept").asText())
                .isEqualTo("theirs");
        assertThat(ok(desk, "conflicts", "list")).isEmpty();
        ok(laptop, "sync");
        JsonNode settled = ok(laptop, "customer", "show", ada);
        assertThat(settled.path("phone").asText()).isEqualTo("555-0002");
        assertThat(settled.path("email").asText()).isEqualTo("laptop@fixit.test");

        ok(desk, "customer", "delete", ada);
        ok(laptop, "sync");
        JsonNode deleted = ok(laptop, "customer", "deleted");
        assertThat(deleted.findValuesAsText("id"))
                .as("the tombstone came with its values")
                .containsExactly(ada);
        assertThat(deleted.get(0).path("phone").asText()).isEqualTo("555-0002");
        JsonNode back = ok(laptop, "customer", "undelete", ada);
        assertThat(back.path("syncStatus").asText()).isEqualTo("synced");
        assertThat(back.path("phone").asText()).isEqualTo("555-0002");
        ok(desk, "sync");
        assertThat(ok(desk, "customer", "list").findValuesAsText("id")).containsExactly(ada);
        refused(typed(desk, "customer", "undelete", ada), ExitCode.USAGE, "ID", "not deleted");
        refused(typed(desk, "ticket", "undelete", UNKNOWN), ExitCode.NOT_FOUND, "no deleted ticket");
        refused(typed(desk, "customer", "deleted", "--limit", "0"), ExitCode.USAGE, "--limit");
    }

    @Test
    void withTheServerDownHistoryComesFromTheDevicesCopyAndSaysSo() throws Exception {
        try (ServerProcess own = ServerProcess.start()) {
            TerminalShop shop = new TerminalShop(own);
            Path desk = shop.device("front desk");
            String item = ok(desk, "item", "add", "--sku", "SCR-1", "--name", "Screen", "--quantity", "4")
                    .path("id")
                    .asText();
            ok(desk, "item", "adjust", item, "--by", "-1");
            assertThat(own.interrupt()).isIn(0, 143);

            Cli.Run offline = typed(desk, "history", "item", item);
            assertThat(offline.exitCode()).as("%s", offline).isZero();
            assertThat(offline.stderr()).contains("cannot be reached", "last 30 days");
            assertThat(offline.stdout().lines().toList())
                    .as("%s", offline)
                    .hasSize(2)
                    .satisfies(l -> assertThat(l.get(0)).contains("adjusted quantity -1 → 3"));
            JsonNode json = ok(desk, "history", "item", item);
            assertThat(json.path("source").asText()).isEqualTo("device");
            assertThat(json.path("windowDays").asInt()).isEqualTo(30);
            refused(typed(desk, "audit"), ExitCode.OFFLINE, "unreachable", "audit");
        }
    }

    private static String idOf(JsonNode conflicts, String field) {
        return StreamSupport.stream(conflicts.spliterator(), false)
                .filter(c -> c.path("field").asText().equals(field))
                .map(c -> c.path("id").asText())
                .findFirst()
                .orElseThrow();
    }
}
