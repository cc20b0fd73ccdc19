package com.repairsync.cli;

import static com.repairsync.cli.TerminalShop.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 25, item 2, as a shop owner does it through the real jar: an online {@code repairsync
 * backup} while devices work, more work synced after it, the server stopped, {@code repairsync
 * restore}, the server started again on the same data directory and port. The devices send back
 * what the backup missed, so every device, and one signed in afresh, ends with every customer and
 * the exact stock (the initial count plus every adjustment, none lost and none counted twice).
 */
class CliBackupRestoreIT {
    @Test
    void aRestoredServerHealsFromItsDevicesWithEveryCustomerAndTheExactStock() throws Exception {
        ServerProcess server = ServerProcess.start();
        try {
            TerminalShop shop = new TerminalShop(server);
            Path desk = shop.device("front desk");
            Path tech = shop.device("technician");
            String item = ok(desk, "item", "add", "--sku", "SCR-P8", "--name", "Pixel 8 screen", "--quantity", "10")
                    .path("id")
                    .asText();
            ok(desk, "customer", "add", "--first-name", "Before-Backup");
            ok(tech, "sync");
            assertThat(ok(tech, "item", "adjust", item, "--by", "-2")
                            .path("quantity")
                            .asLong())
                    .isEqualTo(8);

            Path backup = Files.createTempDirectory("repairsync-cli-backups-").resolve("shop.db");
            Cli.Run backedUp =
                    Cli.run("backup", "--data", server.dataDir().toString(), "--out", backup.toString(), "--json");
            assertThat(backedUp.exitCode()).as("%s", backedUp).isZero();
            assertThat(backedUp.json().path("bytes").asLong()).isEqualTo(Files.size(backup));

            // Acknowledged by the server after the backup: the restore loses them, the devices keep them.
            ok(desk, "customer", "add", "--first-name", "After-Backup-Desk");
            ok(desk, "item", "adjust", item, "--by", "-1");
            ok(tech, "customer", "add", "--first-name", "After-Backup-Tech");
            assertThat(ok(tech, "item", "adjust", item, "--by", "5")
                            .path("quantity")
                            .asLong())
                    .as("10 - 2 - 1 + 5, with the desk's -1 pulled by the adjust's sync")
                    .isEqualTo(12);

            assertThat(server.interrupt()).as("exit code after SIGTERM").isIn(0, 143);
            Cli.Run restored =
                    Cli.run("restore", "--data", server.dataDir().toString(), "--from", backup.toString(), "--json");
            assertThat(restored.exitCode()).as("%s", restored).isZero();
            assertThat(restored.json().path("historyId").asText()).isNotBlank();
            assertThat(Path.of(restored.json().path("replaced").asText()).resolve("repairsync.db"))
                    .exists();
            server = server.restart();

            ok(desk, "customer", "add", "--first-name", "After-Restore");
            ok(tech, "sync");
            ok(desk, "sync");
            Path fresh = shop.device("fresh tablet");

            List<String> everyone = List.of("After-Backup-Desk", "After-Backup-Tech", "After-Restore", "Before-Backup");
            for (Path device : List.of(desk, tech, fresh)) {
                assertThat(ok(device, "customer", "list"))
                        .as("customers on %s", device)
                        .extracting(c -> c.path("firstName").asText())
                        .containsExactlyInAnyOrderElementsOf(everyone);
                JsonNode stock = ok(device, "item", "show", item);
                assertThat(stock.path("quantity").asLong())
                        .as("stock on %s: 10 - 2 - 1 + 5", device)
                        .isEqualTo(12);
                assertThat(stock.path("syncStatus").asText()).isEqualTo("synced");
            }
            JsonNode status = ok(desk, "status");
            assertThat(status.path("pending").asInt()).isZero();
            assertThat(status.path("failed").asInt()).isZero();
        } finally {
            server.close();
        }
    }
}
