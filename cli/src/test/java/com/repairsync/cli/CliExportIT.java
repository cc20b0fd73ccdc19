package com.repairsync.cli;

import static com.repairsync.cli.TerminalShop.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code repairsync export} on a real device: an admin's export has the pay rates, the same device
 * with a technician acting has none; a customer named like a formula is defused in the CSV.
 */
class CliExportIT {
    @RegisterExtension
    static final ServerProcess server = ServerProcess.start();

    @Test
    void aTechniciansExportLacksWhatTheRoleMayNotSee() throws Exception {
        TerminalShop shop = new TerminalShop(server);
        Path desk = shop.device("front desk");
        String formula = "=HYPERLINK(\"http://evil.test\",\"Click\")";
        ok(desk, "customer", "add", "--first-name", formula, "--last-name", "Smith, Jr.", "--no-sync");
        String tom = ok(
                        desk,
                        "employee",
                        "add",
                        "--first-name",
                        "Tom",
                        "--role",
                        "technician",
                        "--hourly-rate-cents",
                        "2550")
                .path("id")
                .asText();
        Path pin = Cli.secretFile("1234");
        ok(desk, "employee", "set-pin", tom, "--pin-file", pin.toString());

        Path asAdmin = Files.createTempDirectory("repairsync-export-").resolve("admin");
        JsonNode summary = ok(desk, "export", "--out", asAdmin.toString());
        assertThat(summary.path("files")).hasSize(7);
        String employees = Files.readString(asAdmin.resolve("employees.csv"), StandardCharsets.UTF_8);
        assertThat(employees.lines().findFirst().orElseThrow()).contains("hourlyRateCents", "hasPin");
        assertThat(employees).contains("2550").doesNotContain("$argon2");

        ok(desk, "switch", "--employee", tom, "--pin-file", pin.toString());
        Path asTech = asAdmin.resolveSibling("technician");
        JsonNode techSummary = ok(desk, "export", "--out", asTech.toString());

        assertThat(techSummary.path("roles").toString()).contains("technician");
        String techEmployees = Files.readString(asTech.resolve("employees.csv"), StandardCharsets.UTF_8);
        assertThat(techEmployees).doesNotContain("hourlyRateCents", "2550", "hasPin", "pinHash");
        List<String> customers = Files.readAllLines(asTech.resolve("customers.csv"), StandardCharsets.UTF_8);
        assertThat(customers.get(0)).startsWith("id,firstName,lastName,phone,email,address,notes,");
        assertThat(customers.get(1))
                .contains("\"'=HYPERLINK(\"\"http://evil.test\"\",\"\"Click\"\")\"")
                .contains("\"Smith, Jr.\"")
                .endsWith(",synced");
        assertThat(Files.readString(asTech.resolve("customers.csv"), StandardCharsets.UTF_8))
                .endsWith(",synced\r\n");
    }
}
