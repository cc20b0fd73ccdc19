package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.MutableClock;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes {@code fixtures/plain-device-v1.db}: a device database as the release before store
 * encryption left it (plain SQLite), after a real join to a real server, with queued changes, a
 * failed change and a conflict; {@code plain-device-v1.properties} names what it holds. {@link
 * PlainDeviceMigrationTest} opens a copy of it with today's code.
 *
 * <p>The file must come from a release WITHOUT store encryption (today's code would write an
 * encrypted one). To regenerate it, check out {@code d520067} (the commit before "Encrypt every device
 * database": this class and the fixture, on the code before encryption) and run from the repository root:
 *
 * <pre>
 * ./mvnw -B -o -pl protocol,testkit,server,client verify -Dit.test=none -Dtest=PlainDeviceFixtureGenerator \
 *     -Drepairsync.fixtures.regenerate=true -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dfailsafe.failIfNoSpecifiedTests=false -Djacoco.skip=true
 * </pre>
 *
 * then copy {@code client/src/test/resources/fixtures/plain-device-v1.*} to the current branch.
 */
@EnabledIfSystemProperty(named = "repairsync.fixtures.regenerate", matches = "true")
class PlainDeviceFixtureGenerator {
    static final String DATABASE = "fixtures/plain-device-v1.db";
    static final String FACTS = "fixtures/plain-device-v1.properties";

    @Test
    void writeThePlainDeviceFixture() throws IOException {
        Path out = Path.of(System.getProperty("repairsync.fixtures.dir", "src/test/resources"));
        MutableClock clock = MutableClock.atNow();
        Properties facts = new Properties();
        try (TestServer server = TestServer.start(clock);
                Devices devices = new Devices(server)) {
            Shop shop = server.createShop();
            DeviceOptions manual = Devices.fastOptions().withAutoSync(false).withClock(clock);
            RepairSyncDevice desk = devices.joined(shop, "desk", manual);
            RepairSyncDevice tablet = devices.joined(shop, "tablet", manual);

            String tech = desk.employees().create(Map.of("firstName", "Tess", "role", "technician"));
            desk.employees().setPin(tech, "4321");
            String customer = desk.customers()
                    .create(Map.of("firstName", "Ada", "lastName", "Lovelace", "email", "ada@example.test"));
            String gone = desk.customers().create(Map.of("firstName", "Leaving"));
            desk.syncNow();
            tablet.syncNow();

            // A conflict: the desk's earlier phone loses to the tablet's later one.
            desk.customers().update(customer, Map.of("phone", "555-DESK"));
            clock.advance(Duration.ofSeconds(1));
            tablet.customers().update(customer, Map.of("phone", "555-TABLET"));
            tablet.syncNow();
            desk.syncNow();

            // A failed change: a ticket for a customer the tablet deleted meanwhile.
            tablet.customers().delete(gone);
            tablet.syncNow();
            String orphan =
                    desk.tickets().create(Map.of("customerId", gone, "deviceType", "laptop", "problem", "no power"));
            desk.syncNow();

            // Queued changes, never pushed.
            String queued = desk.customers()
                    .create(Map.of("firstName", "Grace", "lastName", "Hopper", "email", "grace@example.test"));
            desk.tickets().create(Map.of("customerId", customer, "deviceType", "phone", "problem", "cracked screen"));

            assertThat(desk.conflicts()).hasSize(1);
            assertThat(desk.failedMutations()).hasSize(1);
            assertThat(desk.syncState().pendingCount()).isEqualTo(2);
            facts.setProperty("deviceId", desk.identity().deviceId());
            facts.setProperty("shopId", shop.shopId());
            facts.setProperty("technician", tech);
            facts.setProperty("customer", customer);
            facts.setProperty("queuedCustomer", queued);
            facts.setProperty("failedTicket", orphan);
            facts.setProperty("failedMutation", desk.failedMutations().get(0).mutationId());
            facts.setProperty("conflictRecord", desk.conflicts().get(0).recordId());
            facts.setProperty("pending", "2");
            facts.setProperty(
                    "pinHash", desk.employees().get(tech).orElseThrow().pinHash());
            desk.close(); // the last connection checkpoints: the log is folded into the file
            Files.createDirectories(out.resolve("fixtures"));
            byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(devices.file("desk")), 16);
            assertThat(new String(head, java.nio.charset.StandardCharsets.US_ASCII))
                    .as("a plain database: run this on the code before store encryption")
                    .isEqualTo("SQLite format 3\0");
            Files.copy(devices.file("desk"), out.resolve(DATABASE), StandardCopyOption.REPLACE_EXISTING);
        }
        try (OutputStream stream = Files.newOutputStream(out.resolve(FACTS))) {
            facts.store(stream, "What " + DATABASE + " holds; written by PlainDeviceFixtureGenerator");
        }
    }
}
