package com.repairsync.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the user saves waits for the disk; what the server can send again does not. */
class LocalDatabaseDurabilityTest {
    private static final int NORMAL = 1;
    private static final int FULL = 2;

    @TempDir
    Path dir;

    private static int synchronous(LocalDatabase.Tx tx) throws java.sql.SQLException {
        return tx.queryOne("PRAGMA synchronous", row -> row.getInt(1)).orElseThrow();
    }

    @Test
    void localWritesCommitWithFullSyncEvenAfterServerState() {
        try (LocalDatabase db = LocalDatabase.open(dir.resolve("device.db"), TestKeys.vault())) {
            assertThat(db.transaction(LocalDatabaseDurabilityTest::synchronous)).isEqualTo(FULL);
            assertThat(db.serverStateTransaction(LocalDatabaseDurabilityTest::synchronous))
                    .isEqualTo(NORMAL);
            assertThat(db.transaction(LocalDatabaseDurabilityTest::synchronous)).isEqualTo(FULL);
        }
    }

    @Test
    void aServerStateTransactionInsideALocalOneKeepsTheLocalOnesMode() {
        try (LocalDatabase db = LocalDatabase.open(dir.resolve("device.db"), TestKeys.vault())) {
            int inner = db.transaction(tx -> db.serverStateTransaction(LocalDatabaseDurabilityTest::synchronous));
            assertThat(inner).isEqualTo(FULL);
        }
    }
}
