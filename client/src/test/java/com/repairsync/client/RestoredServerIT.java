package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.client.records.Customer;
import com.repairsync.client.records.NewCustomer;
import com.repairsync.client.records.NewInventoryItem;
import com.repairsync.client.records.NewTicket;
import com.repairsync.server.backup.SqliteBackup;
import com.repairsync.server.backup.SqliteRestore;
import com.repairsync.server.store.ServerHistory;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.MutableClock;
import java.nio.file.Path;
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
 * The server's data is put back to an earlier copy: an online backup, then a restore with the
 * server stopped, as {@code repairsync backup} and {@code restore} do. Devices whose cursor is past the restored
 * sequence must not skip what is written after the restore, which reuses those sequence numbers:
 * they notice the new history, send again the changes the server acknowledged since (those it
 * still has come back as duplicates, so stock counts stay exact), download the shop again, and
 * keep their own queued changes.
 */
class RestoredServerIT {
    @TempDir
    Path dir;

    @Test
    void devicesHealARestoredServerAndSkipNothingWrittenAfterIt() throws Exception {
        Path data = dir.resolve("data");
        TestServer server = TestServer.startIn(data, Clock.systemUTC(), Map.of());
        try (Devices devices = new Devices(server)) {
            Shop shop = server.createShop();
            RepairSyncDevice desk = devices.open("desk", manual());
            desk.join(shop.adminEmail(), TestServer.PASSWORD, "desk");
            RepairSyncDevice tablet = devices.open("tablet", manual());
            tablet.join(shop.adminEmail(), TestServer.PASSWORD, "tablet");
            String ada = desk.customers().create(new NewCustomer("Ada"));
            String screens = desk.inventoryItems().create(new NewInventoryItem("SCR-1", "Screen").quantity(10L));
            desk.inventoryItems().adjustStock(screens, -1);
            desk.syncNow();
            tablet.syncNow();

            Path backup = dir.resolve("backup.db");
            SqliteBackup.backup(data, backup, SqliteBackup.Progress.NONE); // online, as `repairsync backup`
            String historyBefore = history(backup);

            // Acknowledged after the backup: the restore loses them, the desk keeps them.
            String grace = desk.customers().create(new NewCustomer("Grace"));
            String linus = desk.customers().create(new NewCustomer("Linus"));
            desk.inventoryItems().adjustStock(screens, -2);
            tablet.inventoryItems().adjustStock(screens, -4);
            desk.syncNow();
            tablet.syncNow();
            desk.syncNow();
            assertThat(names(tablet)).containsExactlyInAnyOrder("Ada", "Grace", "Linus");
            assertThat(stock(desk, screens)).isEqualTo(3);

            server.stop();
            SqliteRestore.restore(data, backup, Clock.systemUTC()); // as `repairsync restore`
            assertThat(history(server.databaseFile())).isNotEqualTo(historyBefore);
            server = server.startAgainOnSamePort();

            // After the restore a fresh device writes: the sequence numbers the others have already seen.
            RepairSyncDevice laptop = devices.open("laptop", manual());
            laptop.join(shop.adminEmail(), TestServer.PASSWORD, "laptop");
            laptop.customers().create(new NewCustomer("Margaret"));
            laptop.customers().create(new NewCustomer("Barbara"));
            laptop.syncNow();
            assertThat(names(laptop)).as("the restored server").containsExactlyInAnyOrder("Ada", "Margaret", "Barbara");
            String queuedOnDesk = desk.customers().create(new NewCustomer("Edsger"));

            desk.syncNow(); // its push answer names the new history: it sends again what it kept, then downloads
            tablet.syncNow(); // its pull does: it sends its -4 again and gets what the desk healed
            desk.syncNow(); // the tablet's healed change
            laptop.syncNow();

            List<String> everyone = List.of("Ada", "Grace", "Linus", "Margaret", "Barbara", "Edsger");
            for (RepairSyncDevice device : List.of(desk, tablet, laptop)) {
                assertThat(names(device))
                        .as("%s skipped nothing and lost nothing", device)
                        .containsExactlyInAnyOrderElementsOf(everyone);
                assertThat(stock(device, screens))
                        .as("10 - 1 - 2 - 4: each acknowledged adjustment once, the -1 the backup had not twice")
                        .isEqualTo(3);
                assertThat(device.failedMutations()).isEmpty();
                assertThat(device.syncState().pendingCount()).isZero();
            }
            assertThat(desk.status("customers", queuedOnDesk)).isEqualTo(SyncStatus.SYNCED);
            assertThat(List.of(ada, grace, linus))
                    .allSatisfy(id -> assertThat(laptop.customers().get(id)).isPresent());
        } finally {
            server.stop();
        }
    }

    @Test
    void withNothingKeptARestoreStillSkipsNothing() throws Exception {
        Path data = dir.resolve("data");
        TestServer server = TestServer.startIn(data, Clock.systemUTC(), Map.of());
        try (Devices devices = new Devices(server)) {
            Shop shop = server.createShop();
            RepairSyncDevice desk = devices.open("desk", manual().withKeepAcknowledged(java.time.Duration.ZERO));
            desk.join(shop.adminEmail(), TestServer.PASSWORD, "desk");
            desk.customers().create(new NewCustomer("Ada"));
            desk.syncNow();
            Path backup = dir.resolve("backup.db");
            SqliteBackup.backup(data, backup, SqliteBackup.Progress.NONE);
            desk.customers().create(new NewCustomer("Grace"));
            desk.syncNow();

            server.stop();
            SqliteRestore.restore(data, backup, Clock.systemUTC());
            server = server.startAgainOnSamePort();
            RepairSyncDevice laptop = devices.open("laptop", manual());
            laptop.join(shop.adminEmail(), TestServer.PASSWORD, "laptop");
            laptop.customers().create(new NewCustomer("Margaret"));
            laptop.syncNow();
            desk.syncNow();

            assertThat(names(desk))
                    .as("Grace stays on the desk that kept nothing to send again; Margaret is not skipped")
                    .containsExactlyInAnyOrder("Ada", "Grace", "Margaret");
            laptop.syncNow();
            assertThat(names(laptop)).containsExactlyInAnyOrder("Ada", "Margaret");
        } finally {
            server.stop();
        }
    }

    /**
     * After a restore another device's edit of a record the restore lost can reach the server
     * before the record's maker sends its create again. The edit waits for it: made into a create,
     * it would have stamped every other field with its own (later) HLC and hidden the create's
     * values for good (RestoreSimulationIT seed 887847531149 lost a phone number and a last name so).
     */
    @Test
    void anEditOfARecordTheRestoreLostWaitsForItsCreateAndKeepsTheCreatesOtherFields() throws Exception {
        try (BackedUpShop shop = new BackedUpShop()) {
            RepairSyncDevice desk = shop.desk;
            RepairSyncDevice tablet = shop.tablet;

            String grace = shop.customerMadeAfterTheBackup(new NewCustomer("Grace").phone("555-0100"));
            shop.restoreTheBackup();

            shop.clock.advance(java.time.Duration.ofSeconds(1));
            tablet.customers().update(grace, Map.of("firstName", "Gracie", "lastName", "Hopper"));
            tablet.syncNow(); // the server lacks Grace: the edit waits
            assertThat(tablet.failedMutations()).as("a wait, not a failure").isEmpty();
            assertThat(tablet.syncState().pendingCount()).isEqualTo(1);
            shop.deskHealsThenTheTabletsWaitingChangesGo();

            for (RepairSyncDevice device : List.of(desk, tablet)) {
                Customer shown = device.customers().get(grace).orElseThrow();
                assertThat(shown.firstName() + " " + shown.lastName())
                        .as("the edit")
                        .isEqualTo("Gracie Hopper");
                assertThat(shown.phone()).as("the create's other field").isEqualTo("555-0100");
            }
            shop.assertBothDrained();
        }
    }

    /** An acknowledged delete sent again waits for the record's create as an edit does, and then wins. */
    @Test
    void anAcknowledgedDeleteOfARecordTheRestoreLostWaitsForItsCreateAndThenDeletesIt() throws Exception {
        try (BackedUpShop shop = new BackedUpShop()) {
            RepairSyncDevice desk = shop.desk;
            RepairSyncDevice tablet = shop.tablet;

            String grace = shop.customerMadeAfterTheBackup(new NewCustomer("Grace"));
            tablet.customers().delete(grace);
            tablet.syncNow(); // acknowledged, then lost with the restore
            shop.restoreTheBackup();

            tablet.syncNow(); // sends the delete again: the server lacks Grace, so it waits
            assertThat(tablet.failedMutations()).as("a wait, not a failure").isEmpty();
            shop.deskHealsThenTheTabletsWaitingChangesGo();

            for (RepairSyncDevice device : List.of(desk, tablet)) {
                assertThat(device.customers().get(grace)).as("deleted for good").isEmpty();
            }
            shop.assertBothDrained();
        }
    }

    /**
     * A ticket made after the restore for a customer the restore lost waits for the customer, and
     * the ticket's edit queued behind it waits with it instead of failing for want of the ticket
     * (RestoreSimulationIT seed 51219567192).
     */
    @Test
    void aNewTicketForACustomerTheRestoreLostAndItsEditBothWaitForTheCustomer() throws Exception {
        try (BackedUpShop shop = new BackedUpShop()) {
            RepairSyncDevice desk = shop.desk;
            RepairSyncDevice tablet = shop.tablet;

            String grace = shop.customerMadeAfterTheBackup(new NewCustomer("Grace"));
            shop.restoreTheBackup();

            tablet.syncNow(); // meets the new history
            String ticket = tablet.tickets().create(new NewTicket(grace, "phone", "cracked screen"));
            tablet.tickets().update(ticket, Map.of("notes", "customer waits"));
            tablet.syncNow(); // the server lacks Grace: the ticket waits, and its edit with it
            assertThat(tablet.failedMutations()).as("waits, not failures").isEmpty();
            assertThat(tablet.syncState().pendingCount()).isEqualTo(2);
            shop.deskHealsThenTheTabletsWaitingChangesGo();

            for (RepairSyncDevice device : List.of(desk, tablet)) {
                assertThat(device.tickets().get(ticket).orElseThrow().notes()).isEqualTo("customer waits");
            }
            shop.assertBothDrained();
        }
    }

    /**
     * A shop of a desk and a tablet joined to a SQLite server on a clock the test moves, with an
     * online backup taken once both joined; {@link #restoreTheBackup} puts it back as {@code
     * repairsync restore} does.
     */
    private final class BackedUpShop implements AutoCloseable {
        final MutableClock clock = MutableClock.atNow();
        final Path data = dir.resolve("data");
        final Path backup = dir.resolve("backup.db");
        final Devices devices;
        final RepairSyncDevice desk;
        final RepairSyncDevice tablet;
        TestServer server;

        BackedUpShop() {
            server = TestServer.startIn(data, clock, Map.of());
            devices = new Devices(server);
            Shop shop = server.createShop();
            desk = devices.open("desk", manual().withClock(clock));
            desk.join(shop.adminEmail(), TestServer.PASSWORD, "desk");
            tablet = devices.open("tablet", manual().withClock(clock));
            tablet.join(shop.adminEmail(), TestServer.PASSWORD, "tablet");
            SqliteBackup.backup(data, backup, SqliteBackup.Progress.NONE);
        }

        void restoreTheBackup() {
            server.stop();
            SqliteRestore.restore(data, backup, clock);
            server = server.startAgainOnSamePort();
        }

        /** The desk makes a customer after the backup; both devices have it, acknowledged. */
        String customerMadeAfterTheBackup(NewCustomer customer) {
            String id = desk.customers().create(customer);
            desk.syncNow();
            tablet.syncNow();
            return id;
        }

        /**
         * The desk sends its kept changes again, and the tablet's waiting changes go again once the
         * 30 s after which a change waiting for a record the restore lost is retried have passed.
         */
        void deskHealsThenTheTabletsWaitingChangesGo() {
            desk.syncNow();
            clock.advance(java.time.Duration.ofSeconds(31));
            tablet.syncNow();
            desk.syncNow();
        }

        void assertBothDrained() {
            for (RepairSyncDevice device : List.of(desk, tablet)) {
                assertThat(device.syncState().pendingCount()).as("%s", device).isZero();
                assertThat(device.failedMutations()).as("%s", device).isEmpty();
            }
        }

        @Override
        public void close() {
            try {
                devices.close();
            } finally {
                server.stop();
            }
        }
    }

    private static DeviceOptions manual() {
        return Devices.fastOptions().withAutoSync(false);
    }

    private static Set<String> names(RepairSyncDevice device) {
        return device.customers().all().stream().map(Customer::firstName).collect(Collectors.toSet());
    }

    private static long stock(RepairSyncDevice device, String item) {
        return device.inventoryItems().get(item).orElseThrow().quantity();
    }

    private static String history(Path database) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database)) {
            return ServerHistory.current(connection);
        }
    }
}
