package com.repairsync.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log is checkpointed beside the commits, not inside them, stays bounded, and loses nothing. */
class WalCheckpointerTest {
    /** One log frame: a 4 KiB page and its 24-byte header. */
    private static final long FRAME = 4096 + 24;

    private static final int NEVER = Integer.MAX_VALUE;

    @TempDir
    Path dir;

    @Test
    void backgroundCheckpointsKeepTheLogSmallAndEveryRowSurvives() throws Exception {
        Path file = dir.resolve("device.db");
        try (LocalDatabase db =
                LocalDatabase.open(file, TestKeys.vault(), new WalCheckpointer.Thresholds(NEVER, 5, 1, NEVER))) {
            createScratch(db); // commit 1
            for (int row = 0; row < 300; row++) {
                insertPages(db, row, 1); // commit row + 2
                if ((row + 2) % 5 == 0) {
                    // A device pauses between writes now and then: the checkpoint ends in such a pause.
                    long expected = (row + 2) / 5;
                    await().pollInterval(Duration.ofMillis(2))
                            .atMost(Duration.ofSeconds(10))
                            .until(() -> db.checkpointer().checkpoints() >= expected);
                }
            }
            // The write after each complete checkpoint writes the log from its start again.
            assertThat(Files.size(wal(file))).isLessThan(50 * FRAME);
        }
        assertThat(wal(file))
                .as("the last connection to close checkpoints and removes the log")
                .doesNotExist();
        try (LocalDatabase reopened = LocalDatabase.open(file, TestKeys.vault())) {
            long rows = reopened.transaction(tx -> tx.queryOne("SELECT count(*) FROM scratch", row -> row.getLong(1))
                    .orElseThrow());
            assertThat(rows).isEqualTo(300L);
        }
    }

    @Test
    void aWriterThatNeverPausesHasTheLogStartOverAtSqlitesThreshold() throws Exception {
        Path file = dir.resolve("device.db");
        try (LocalDatabase db =
                LocalDatabase.open(file, TestKeys.vault(), new WalCheckpointer.Thresholds(NEVER, 10, 200, 100))) {
            createScratch(db);
            for (int commit = 0; commit < 1_500; commit++) {
                insertPages(db, commit, 1);
            }
            // 1,500 commits of a page or more each, back to back: the log holds them all unless it starts over.
            assertThat(Files.size(wal(file))).isLessThan(300 * FRAME);
            // Once the writer pauses, the background checkpoint runs.
            await().pollInterval(Duration.ofMillis(10))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> db.checkpointer().checkpoints() >= 1);
        }
    }

    private static void createScratch(LocalDatabase db) {
        db.transaction(tx -> tx.update("CREATE TABLE scratch (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"));
    }

    /** One commit of {@code pages} rows, each filling most of a page (not synced: the test is about the log). */
    private static void insertPages(LocalDatabase db, int commit, int pages) {
        db.serverStateTransaction(tx -> {
            for (int page = 0; page < pages; page++) {
                tx.update("INSERT INTO scratch (body) VALUES (?)", String.format("%-3500d", commit));
            }
            return null;
        });
    }

    private static Path wal(Path file) {
        return file.resolveSibling(file.getFileName() + "-wal");
    }
}
