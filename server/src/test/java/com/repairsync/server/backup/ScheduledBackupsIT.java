package com.repairsync.server.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's own backups: named by their UTC time, the oldest beyond --backup-keep removed, failures counted. */
class ScheduledBackupsIT {
    @TempDir
    Path folder;

    @Test
    void backupsAreNamedByTimeTheOldestRemovedAndCountedInMetrics() throws Exception {
        assumeFalse(TestServer.isPostgres(), "SQLite backups");
        MutableClock clock = MutableClock.atNow();
        Path backups = folder.resolve("backups");
        try (TestServer server = TestServer.start(
                clock, Map.of("--backup-dir", backups.toString(), "--backup-every", "1h", "--backup-keep", "2"))) {
            server.createShop();
            BackupSchedule schedule = server.server().backups().orElseThrow();
            List<Path> taken = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                taken.add(schedule.runOnce().orElseThrow());
                clock.advance(Duration.ofHours(1));
            }
            assertThat(taken.get(0).getFileName().toString()).matches("repairsync-\\d{8}T\\d{6}Z\\.db");
            assertThat(schedule.backups()).containsExactly(taken.get(1), taken.get(2));

            String metrics = server.http().get("/metrics", null).raw().body();
            assertThat(metrics).contains("repairsync_backups_total{result=\"ok\"} 3.0");
        }
    }

    @Test
    void aFailedBackupIsReportedAndTakesNothing() {
        List<Boolean> results = new ArrayList<>();
        BackupSchedule schedule = BackupSchedule.manual(
                folder.resolve("no-data"), folder.resolve("backups"), 2, MutableClock.atNow(), results::add);
        Optional<Path> taken = schedule.runOnce();
        assertThat(taken).isEmpty();
        assertThat(results).containsExactly(false);
    }

    /** A server killed during a scheduled backup leaves its temporary file; the next backup removes it. */
    @Test
    void theNextBackupRemovesWhatAKilledOneLeftAndNothingElse() throws Exception {
        assumeFalse(TestServer.isPostgres(), "SQLite backups");
        Path backups = java.nio.file.Files.createDirectories(folder.resolve("backups"));
        Path killed = java.nio.file.Files.writeString(
                backups.resolve(".repairsync-20261206T010000Z.db.partial-7d1c"), "half a database");
        Path someoneElses = java.nio.file.Files.writeString(backups.resolve(".mine.db.partial-1"), "not ours");
        try (TestServer server = TestServer.start(
                MutableClock.atNow(), Map.of("--backup-dir", backups.toString(), "--backup-keep", "2"))) {
            server.createShop();
            server.server().backups().orElseThrow().runOnce().orElseThrow();
        }
        assertThat(killed).doesNotExist();
        assertThat(someoneElses).exists();
    }
}
