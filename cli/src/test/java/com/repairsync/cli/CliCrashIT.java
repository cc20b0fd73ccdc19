package com.repairsync.cli;

import static com.repairsync.cli.TerminalShop.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.client.internal.FolderKeyVault;
import com.repairsync.client.internal.LocalDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A terminal device killed with SIGKILL in the middle of a sync loses nothing and sends nothing twice. */
class CliCrashIT {
    /**
     * Enough that the pull outlasts a few polls of its cursor: each poll opens the encrypted device
     * database with its key, and 3,000 customers finished between two polls on a busy machine.
     */
    private static final int CUSTOMERS = Integer.getInteger("repairsync.cliCrashCustomers", 6000);

    @RegisterExtension
    static final ServerProcess server = ServerProcess.start();

    @Test
    void aDeviceKilledWhileSyncingCatchesUpAfterRestartWithNothingLostOrDoubled() throws Exception {
        TerminalShop shop = new TerminalShop(server);
        Path desk = shop.device("front desk");
        Cli.Run seeded = Cli.run(
                "seed",
                "--server",
                server.url(),
                "--email",
                shop.email,
                "--password-file",
                shop.passwordFile.toString(),
                "--customers",
                Integer.toString(CUSTOMERS),
                "--json");
        assertThat(seeded.exitCode()).as("%s", seeded).isZero();
        long records = seeded.json().path("total").asLong();
        List<String> mine = List.of(
                ok(desk, "customer", "add", "--first-name", "Kept-1", "--no-sync")
                        .path("id")
                        .asText(),
                ok(desk, "customer", "add", "--first-name", "Kept-2", "--no-sync")
                        .path("id")
                        .asText(),
                ok(desk, "customer", "add", "--first-name", "Kept-3", "--no-sync")
                        .path("id")
                        .asText());

        long before = cursor(desk);
        Process sync = Cli.builder(List.of("sync", "--device", desk.toString(), "--json"), Map.of())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long cursorAtKill;
        while ((cursorAtKill = cursor(desk)) <= before || cursorAtKill >= before + records) {
            assertThat(sync.isAlive())
                    .as("the sync finished before it could be killed; raise the seed size")
                    .isTrue();
            assertThat(System.nanoTime()).as("the sync never started pulling").isLessThan(deadline);
            Thread.sleep(2); // polling the other process's progress, not waiting for correctness
        }
        sync.destroyForcibly(); // SIGKILL, mid-pull
        assertThat(sync.waitFor(30, TimeUnit.SECONDS)).isTrue();

        ok(desk, "sync");

        JsonNode status = ok(desk, "status");
        assertThat(status.path("pending").asInt()).isZero();
        assertThat(status.path("failed").asInt()).isZero();
        JsonNode customers = ok(desk, "customer", "list");
        long seededCustomers = seeded.json().path("created").path("customers").asLong();
        assertThat(customers).hasSize((int) seededCustomers + mine.size());
        Path other = shop.device("check");
        JsonNode elsewhere = ok(other, "customer", "list", "--search", "Kept-");
        assertThat(elsewhere).extracting(c -> c.path("id").asText()).containsExactlyInAnyOrderElementsOf(mine);
        System.out.printf(
                "killed the device at cursor %d of about %d; after restart it has all %d customers%n",
                cursorAtKill, records, customers.size());
    }

    /** The device's cursor, read from its database while the device process runs (WAL allows it). */
    private static long cursor(Path device) {
        try (Connection db = LocalDatabase.connect(device.resolve("device.db"), new FolderKeyVault(Cli.DEVICE_KEYS));
                ResultSet row =
                        db.createStatement().executeQuery("SELECT value FROM device_info WHERE key = 'cursor'")) {
            return row.next() ? Long.parseLong(row.getString(1)) : 0;
        } catch (java.sql.SQLException busy) {
            return 0;
        }
    }
}
