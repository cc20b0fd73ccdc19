package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.client.internal.TestKeys;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every device-database migration since the first keeps what a device saved: a database of the
 * first schema (V1) with a full outbox, queued and failed changes, opens with today's code (every
 * later migration, and encryption) with each change still queued or failed as it was.
 */
class MigrationKeepsTheQueueTest {
    private static final int QUEUED = 300;
    private static final int FAILED = 7;

    @TempDir
    Path dir;

    @Test
    void aFullOutboxOfTheFirstSchemaCrossesEveryMigration() throws Exception {
        Path file = dir.resolve("device.db");
        String url = "jdbc:sqlite:" + file;
        Flyway.configure()
                .dataSource(url, null, null)
                .locations("classpath:db/device-migrations")
                .target("1")
                .load()
                .migrate();
        try (Connection db = DriverManager.getConnection(url)) {
            db.setAutoCommit(false);
            fill(db);
            db.commit();
        }

        DeviceOptions offline = DeviceOptions.defaults().withAutoSync(false).withKeys(TestKeys.deviceKeys());
        try (RepairSyncDevice device = RepairSyncDevice.open(file, "http://127.0.0.1:9", offline)) {
            SyncState state = device.syncState();
            assertThat(state.pendingCount()).isEqualTo(QUEUED);
            assertThat(state.failedCount()).isEqualTo(FAILED);
            assertThat(device.failedMutations()).hasSize(FAILED).allSatisfy(failed -> assertThat(failed.message())
                    .isEqualTo("firstName is required"));
            assertThat(device.customers().all()).hasSize(QUEUED + FAILED);
        }
    }

    /** Customers written offline at V1: each a record and its outbox mutation, some refused. */
    private static void fill(Connection db) throws Exception {
        try (PreparedStatement record = db.prepareStatement(
                        "INSERT INTO records (entity, id, base, base_seq, base_deleted, view, deleted, status, updated_at)"
                                + " VALUES ('customers', ?, NULL, 0, 0, ?, 0, ?, '2026-12-01T09:00:00.000Z')");
                PreparedStatement outbox = db.prepareStatement("INSERT INTO outbox (mutation_id, entity, record_id, op,"
                        + " fields, hlc, actor_id, priority, state, attempts, last_code, last_message, last_field,"
                        + " last_error_at, created_at) VALUES (?, 'customers', ?, 'upsert', ?, ?, ?, 10, ?, ?, ?, ?,"
                        + " ?, ?, '2026-12-01T09:00:00.000Z')")) {
            String actor = UUID.randomUUID().toString();
            for (int i = 0; i < QUEUED + FAILED; i++) {
                boolean failed = i >= QUEUED;
                String id = UUID.randomUUID().toString();
                String fields = "{\"firstName\":\"Customer " + i + "\"}";
                record.setString(1, id);
                record.setString(2, "{\"id\":\"" + id + "\",\"firstName\":\"Customer " + i + "\"}");
                record.setString(3, failed ? "failed" : "pending");
                record.executeUpdate();
                outbox.setString(1, UUID.randomUUID().toString());
                outbox.setString(2, id);
                outbox.setString(3, fields);
                outbox.setString(4, String.format("%015d-%05d-%s", 1_764_579_600_000L + i, 0, "device"));
                outbox.setString(5, actor);
                outbox.setString(6, failed ? "failed" : "pending");
                outbox.setInt(7, failed ? 1 : 0);
                outbox.setString(8, failed ? "validation_failed" : null);
                outbox.setString(9, failed ? "firstName is required" : null);
                outbox.setString(10, failed ? "firstName" : null);
                outbox.setString(11, failed ? "2026-12-01T09:05:00.000Z" : null);
                outbox.executeUpdate();
            }
        }
    }
}
