package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.client.internal.TestKeys;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain device database from the release before store encryption ({@link
 * PlainDeviceFixtureGenerator}) is encrypted when today's code opens it, and keeps its session,
 * queued and failed changes, conflict and PIN hashes.
 */
class PlainDeviceMigrationTest {
    private static final byte[] PLAIN_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void aPlainDeviceDatabaseIsEncryptedInPlaceAndLosesNothing() throws Exception {
        Properties facts = new Properties();
        try (InputStream in = resource(PlainDeviceFixtureGenerator.FACTS)) {
            facts.load(in);
        }
        Path file = dir.resolve("device").resolve("device.db");
        Files.createDirectories(file.getParent());
        try (InputStream in = resource(PlainDeviceFixtureGenerator.DATABASE)) {
            Files.copy(in, file);
        }
        assertThat(head(file)).as("the fixture is plain").isEqualTo(PLAIN_HEADER);
        DeviceOptions offline = DeviceOptions.defaults().withAutoSync(false).withKeys(TestKeys.deviceKeys());

        try (RepairSyncDevice device = RepairSyncDevice.open(file, "http://unused", offline)) {
            assertThat(device.identity().deviceId()).isEqualTo(facts.getProperty("deviceId"));
            assertThat(device.identity().shopId()).isEqualTo(facts.getProperty("shopId"));
            assertThat(device.joined()).isTrue();
            assertThat(device.syncState().pendingCount()).isEqualTo(Integer.parseInt(facts.getProperty("pending")));
            assertThat(device.status("customers", facts.getProperty("queuedCustomer")))
                    .isEqualTo(SyncStatus.PENDING);
            assertThat(device.failedMutations())
                    .extracting(FailedMutation::mutationId)
                    .containsExactly(facts.getProperty("failedMutation"));
            assertThat(device.status("tickets", facts.getProperty("failedTicket")))
                    .isEqualTo(SyncStatus.FAILED);
            assertThat(device.conflicts())
                    .extracting(Conflict::recordId)
                    .containsExactly(facts.getProperty("conflictRecord"));
            assertThat(device.employees()
                            .get(facts.getProperty("technician"))
                            .orElseThrow()
                            .pinHash())
                    .isEqualTo(facts.getProperty("pinHash"));
            assertThat(device.customers()
                            .get(facts.getProperty("customer"))
                            .orElseThrow()
                            .email())
                    .isEqualTo("ada@example.test");
        }

        assertThat(head(file)).as("encrypted now").isNotEqualTo(PLAIN_HEADER);
        assertThat(file.resolveSibling("device.db.keyid")).exists();
        String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(bytes).doesNotContain("ada@example.test").doesNotContain("Lovelace");
        try (RepairSyncDevice reopened = RepairSyncDevice.open(file, "http://unused", offline)) {
            assertThat(reopened.failedMutations()).hasSize(1);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = PlainDeviceMigrationTest.class.getClassLoader().getResourceAsStream(name);
        assertThat(in).as(name).isNotNull();
        return in;
    }

    private static byte[] head(Path file) throws Exception {
        return Arrays.copyOf(Files.readAllBytes(file), PLAIN_HEADER.length);
    }
}
