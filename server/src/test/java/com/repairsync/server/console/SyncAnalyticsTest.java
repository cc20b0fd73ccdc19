package com.repairsync.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.repairsync.protocol.Role;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.store.CounterRow;
import com.repairsync.server.store.Store;
import com.repairsync.server.store.StoreException;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Counts reach the stored hour they were made in, survive a failed write, and old hours go. */
class SyncAnalyticsTest {
    private static final Instant START = Instant.parse("2026-12-06T09:59:59Z");

    @TempDir
    Path dir;

    @Test
    void countsAStoreRefusedAreKeptForTheNextFlushAndOldHoursAreDeleted() {
        MutableClock clock = new MutableClock(START.minus(SyncAnalytics.KEEP).minus(Duration.ofHours(2)));
        String shopId = UUID.randomUUID().toString();
        Principal device = new Principal(
                shopId,
                UUID.randomUUID().toString(),
                Role.ADMIN,
                UUID.randomUUID().toString(),
                START);
        AtomicBoolean failing = new AtomicBoolean();
        try (Store real = TestServer.openStore(dir);
                SyncAnalytics analytics = SyncAnalytics.start(flaky(real, failing), clock)) {
            real.write(tx -> {
                tx.insertShop(shopId, "shop", START);
                return null;
            });
            analytics.pulled(device, Duration.ofMillis(20)); // an hour past the keep window
            analytics.flush();
            clock.set(START);
            analytics.pulled(device, Duration.ofMillis(20));
            analytics.pulled(device, Duration.ofMillis(20));
            failing.set(true);

            assertThatThrownBy(analytics::flush).isInstanceOf(StoreException.class);

            failing.set(false);
            clock.advance(Duration.ofSeconds(2)); // the next hour
            analytics.pulled(device, Duration.ofMillis(20));
            analytics.flush();

            List<CounterRow> pulls =
                    real.read(tx -> tx.counters(shopId, Instant.EPOCH, START.plus(Duration.ofDays(1)))).stream()
                            .filter(row -> row.name().equals(SyncAnalytics.PULLS))
                            .toList();
            Instant hour = START.truncatedTo(ChronoUnit.HOURS);
            assertThat(pulls)
                    .as(
                            "the two pulls the failed write held, in their hour; the next pull in the next; the old hour gone")
                    .containsExactlyInAnyOrder(
                            new CounterRow(hour, device.deviceId(), SyncAnalytics.PULLS, 2),
                            new CounterRow(hour.plus(1, ChronoUnit.HOURS), device.deviceId(), SyncAnalytics.PULLS, 1));
        }
    }

    /** A store whose writes fail while {@code failing} is set. */
    private static Store flaky(Store real, AtomicBoolean failing) {
        return new Store() {
            @Override
            public <T> T write(Work<T> work) {
                if (failing.get()) {
                    throw new StoreException("disk full (test)", null);
                }
                return real.write(work);
            }

            @Override
            public <T> T read(Work<T> work) {
                return real.read(work);
            }

            @Override
            public String historyId() {
                return real.historyId();
            }

            @Override
            public void close() {
                // the test closes the real store
            }
        };
    }
}
