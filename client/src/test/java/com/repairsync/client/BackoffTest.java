package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.repairsync.client.transport.OfflineException;
import com.repairsync.client.transport.ServerBusyException;
import com.repairsync.testkit.MutableClock;
import com.repairsync.testkit.Seeds;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server errors are retried by the policy on the fake clock; being offline spends nothing. */
class BackoffTest {
    private static final RetryPolicy POLICY = new RetryPolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), 4);

    @TempDir
    Path dir;

    private RepairSyncDevice device(ScriptedTransport transport, MutableClock clock, long seed) {
        DeviceOptions options = DeviceOptions.defaults()
                .withAutoSync(false)
                .withClock(clock)
                .withRetry(POLICY)
                .withRandom(new Random(seed))
                .withTransport((url, tokens) -> transport);
        RepairSyncDevice device = RepairSyncDevice.open(dir.resolve("device.db"), "http://unused", options);
        device.join("owner@shop.test", "secret", "desk");
        return device;
    }

    @Test
    void serverErrorsWaitByTheJitteredPolicyAndFailOnlyAfterTheLastAttempt() {
        long seed = Seeds.seed("BackoffTest");
        MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:00:00Z"));
        ScriptedTransport transport = new ScriptedTransport();
        try (RepairSyncDevice device = device(transport, clock, seed)) {
            String id = device.customers().create(Map.of("firstName", "Busy"));
            transport.mode = ScriptedTransport.Mode.BUSY;
            assertThatThrownBy(device::syncNow).isInstanceOf(ServerBusyException.class);

            for (int attempt = 1; attempt < POLICY.maxAttempts(); attempt++) {
                assertThat(device.failedMutations())
                        .as("after attempt %d", attempt)
                        .isEmpty();
                assertThat(device.status("customers", id)).isEqualTo(SyncStatus.PENDING);
                Duration waited = waitForNextPush(device, transport, clock);
                assertThat(waited)
                        .as("attempt %d waits within its jittered ceiling %s", attempt + 1, POLICY.ceiling(attempt))
                        .isLessThanOrEqualTo(POLICY.ceiling(attempt).plus(STEP));
            }
            assertThat(transport.pushCount()).isEqualTo(POLICY.maxAttempts());
            FailedMutation failed = device.failedMutations().get(0);
            assertThat(failed.code()).isEqualTo("unavailable");
            assertThat(failed.attempts()).isEqualTo(POLICY.maxAttempts());
            assertThat(device.status("customers", id)).isEqualTo(SyncStatus.FAILED);

            clock.advance(Duration.ofHours(1));
            device.syncNow();
            assertThat(transport.pushCount())
                    .as("a failed mutation is not pushed again by itself")
                    .isEqualTo(4);
        }
    }

    private static final Duration STEP = Duration.ofMillis(50);

    /** Moves the clock in small steps, syncing each time, until the engine pushes; returns the wait. */
    private static Duration waitForNextPush(RepairSyncDevice device, ScriptedTransport transport, MutableClock clock) {
        int before = transport.pushCount();
        Duration waited = Duration.ZERO;
        while (transport.pushCount() == before) {
            clock.advance(STEP);
            waited = waited.plus(STEP);
            try {
                device.syncNow();
            } catch (ServerBusyException pushedAndFailedAgain) {
                // the retry went out
            }
            assertThat(waited).isLessThan(Duration.ofMinutes(10));
        }
        return waited;
    }

    @Test
    void beingOfflineSpendsNoAttempt() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:00:00Z"));
        ScriptedTransport transport = new ScriptedTransport();
        try (RepairSyncDevice device = device(transport, clock, 1)) {
            String id = device.customers().create(Map.of("firstName", "Patient"));
            transport.mode = ScriptedTransport.Mode.OFFLINE;
            for (int i = 0; i < 20; i++) {
                assertThatThrownBy(device::syncNow).isInstanceOf(OfflineException.class);
                clock.advance(Duration.ofMinutes(10));
            }
            assertThat(device.failedMutations()).isEmpty();
            assertThat(device.syncState().online()).isFalse();

            transport.mode = ScriptedTransport.Mode.APPLY;
            device.syncNow();
            assertThat(device.status("customers", id)).isEqualTo(SyncStatus.SYNCED);
            assertThat(device.syncState().online()).isTrue();
        }
    }
}
