package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.client.records.Customer;
import com.repairsync.client.records.NewCustomer;
import com.repairsync.server.store.ServerHistory;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's data is put back to an earlier copy (SQLite: the file copied while stopped, then a
 * new history id, as {@code repairsync restore} does). Devices whose cursor is past the restored
 * sequence must not skip what is written after the restore, which reuses those sequence numbers:
 * they notice the new history, download the shop again, and keep their own queued changes.
 */
class RestoredServerIT {
    @TempDir
    Path dir;

    @Test
    void devicesAheadOfARestoredServerDownloadAgainAndSkipNothingWrittenAfter() throws Exception {
        Path data = dir.resolve("data");
        TestServer server = TestServer.startIn(data, Clock.systemUTC(), Map.of());
        try (Devices devices = new Devices(server)) {
            Shop shop = server.createShop();
            RepairSyncDevice desk = devices.open("desk", manual());
            desk.join(shop.adminEmail(), TestServer.PASSWORD, "desk");
            RepairSyncDevice tablet = devices.open("tablet", manual());
            tablet.join(shop.adminEmail(), TestServer.PASSWORD, "tablet");
            String ada = desk.customers().create(new NewCustomer("Ada"));
            desk.syncNow();
            tablet.syncNow();
            server.stop();
            String historyBefore = history(server.databaseFile());
            Path backup = dir.resolve("backup.db");
            Files.copy(server.databaseFile(), backup);
            server = server.startAgainOnSamePort();

            // Acknowledged after the backup: lost by the restore, still on both devices.
            String grace = desk.customers().create(new NewCustomer("Grace"));
            String linus = desk.customers().create(new NewCustomer("Linus"));
            desk.syncNow();
            tablet.syncNow();
            assertThat(names(tablet)).containsExactlyInAnyOrder("Ada", "Grace", "Linus");

            server.stop();
            restore(server, backup);
            assertThat(history(server.databaseFile())).isNotEqualTo(historyBefore);
            server = server.startAgainOnSamePort();

            // After the restore a fresh device writes: the sequence numbers the tablet has already seen.
            RepairSyncDevice laptop = devices.open("laptop", manual());
            laptop.join(shop.adminEmail(), TestServer.PASSWORD, "laptop");
            laptop.customers().create(new NewCustomer("Margaret"));
            laptop.customers().create(new NewCustomer("Barbara"));
            laptop.syncNow();
            String queuedOnDesk = desk.customers().create(new NewCustomer("Edsger"));

            desk.syncNow(); // its push answer names the new history: it pushes, then downloads again
            tablet.syncNow(); // its pull does

            assertThat(names(tablet))
                    .as("the tablet skipped nothing written after the restore, and dropped nothing it held")
                    .containsExactlyInAnyOrder("Ada", "Grace", "Linus", "Margaret", "Barbara", "Edsger");
            assertThat(names(desk)).containsExactlyInAnyOrder("Ada", "Grace", "Linus", "Margaret", "Barbara", "Edsger");
            assertThat(desk.status("customers", queuedOnDesk)).isEqualTo(SyncStatus.SYNCED);
            assertThat(desk.failedMutations()).isEmpty();
            assertThat(desk.customers().get(ada)).isPresent();
            assertThat(List.of(grace, linus))
                    .as("held by the devices; healing the server with them is issue 25's next step")
                    .allSatisfy(id -> assertThat(tablet.customers().get(id)).isPresent());

            laptop.syncNow();
            assertThat(names(laptop)).containsExactlyInAnyOrder("Ada", "Margaret", "Barbara", "Edsger");
        } finally {
            server.stop();
        }
    }

    private static DeviceOptions manual() {
        return Devices.fastOptions().withAutoSync(false);
    }

    private static Set<String> names(RepairSyncDevice device) {
        return device.customers().all().stream().map(Customer::firstName).collect(Collectors.toSet());
    }

    private static String history(Path database) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database)) {
            return ServerHistory.current(connection);
        }
    }

    /** What {@code repairsync restore} does to the files: the copy in place, a new history id. */
    private static void restore(TestServer stopped, Path backup) throws Exception {
        Path live = stopped.databaseFile();
        for (String suffix : List.of("-wal", "-shm")) {
            Files.deleteIfExists(live.resolveSibling(live.getFileName() + suffix));
        }
        Files.copy(backup, live, StandardCopyOption.REPLACE_EXISTING);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + live)) {
            ServerHistory.renew(connection);
        }
    }
}
