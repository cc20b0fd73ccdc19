package com.repairsync.server.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.server.store.HistoryRow;
import com.repairsync.server.store.Store;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention deletes every shop's history older than the keep, oldest first, in bounded steps (more
 * rows than one step takes go too), and nothing newer; on PostgreSQL it runs as the application
 * role, through the look-up of shops with old history and row-level security.
 */
class HistoryRetentionIT {
    private static final Duration KEEP = Duration.ofDays(730);

    @Test
    void historyOlderThanTheKeepIsPrunedInEveryShopAndNothingNewer(@TempDir Path dir) {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));
        Instant cutoff = clock.instant().minus(KEEP);
        String busy = UUID.randomUUID().toString();
        String quiet = UUID.randomUUID().toString();
        String fresh = UUID.randomUUID().toString();
        try (Store store = TestServer.openStore(dir)) {
            int old = HistoryRetention.ROWS_PER_DELETE + 250;
            store.write(tx -> {
                for (String shop : List.of(busy, quiet, fresh)) {
                    tx.insertShop(shop, "Shop " + shop, clock.instant());
                }
                List<HistoryRow> rows = new ArrayList<>();
                for (int i = 0; i < old; i++) {
                    rows.add(row(
                            busy,
                            tx.nextSeq(busy),
                            cutoff.minus(Duration.ofDays(400)).plusSeconds(i)));
                }
                rows.add(row(busy, tx.nextSeq(busy), cutoff.minusMillis(1)));
                rows.add(row(busy, tx.nextSeq(busy), cutoff));
                rows.add(row(busy, tx.nextSeq(busy), clock.instant()));
                rows.add(row(quiet, tx.nextSeq(quiet), cutoff.minus(Duration.ofDays(1))));
                rows.add(row(fresh, tx.nextSeq(fresh), clock.instant().minus(Duration.ofDays(1))));
                tx.insertHistory(rows);
                return null;
            });
            HistoryRetention retention = HistoryRetention.manual(store, clock, KEEP);

            assertThat(retention.pruneOnce()).isEqualTo(old + 2L);
            assertThat(times(store, busy)).containsExactly(cutoff, clock.instant());
            assertThat(times(store, quiet)).isEmpty();
            assertThat(times(store, fresh)).hasSize(1);
            assertThat(retention.pruneOnce()).as("nothing left to prune").isZero();

            clock.advance(Duration.ofDays(1));
            assertThat(retention.pruneOnce())
                    .as("a day later the row at the old cutoff goes")
                    .isEqualTo(1);
            assertThat(times(store, busy)).containsExactly(Instant.parse("2026-11-24T12:00:00Z"));
        }
    }

    private static HistoryRow row(String shop, long seq, Instant at) {
        return new HistoryRow(
                shop,
                seq,
                "customers",
                UUID.randomUUID().toString(),
                "create",
                UUID.randomUUID().toString(),
                null,
                null,
                at,
                "[]");
    }

    /** When each of the shop's remaining rows was written, oldest first (through the feed's read). */
    private static List<Instant> times(Store store, String shop) {
        return store.read(tx -> tx.history().feed(shop, 0, Instant.parse("0001-01-01T00:00:00Z"), 10_000)).stream()
                .map(HistoryRow::at)
                .toList();
    }
}
