package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reconnect waits: jittered over the whole window, doubling per failed try, capped, never exhausted. */
class ReconnectPolicyTest {
    private static final long SEED = 29L;

    @Test
    void ceilingsDoubleFromTheProbeIntervalUpToEightIntervals() {
        ReconnectPolicy policy = ReconnectPolicy.forProbeInterval(Duration.ofSeconds(2));

        assertThat(policy.ceiling(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.ceiling(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.ceiling(4)).isEqualTo(Duration.ofSeconds(16));
        assertThat(policy.ceiling(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(policy.ceiling(1_000_000))
                .as("never exhausted, never past the cap")
                .isEqualTo(Duration.ofSeconds(16));
    }

    @Test
    void waitsSpreadOverTheWholeWindowSoDevicesOfADeadNodeDoNotReturnTogether() {
        System.out.println("ReconnectPolicyTest seed " + SEED);
        Random random = new Random(SEED);
        ReconnectPolicy policy = new ReconnectPolicy(Duration.ofMillis(1000), Duration.ofSeconds(16));
        Set<Long> tenthsOfTheWindow = new HashSet<>();
        for (int device = 0; device < 1000; device++) {
            Duration wait = policy.delay(1, random);
            assertThat(wait).isBetween(Duration.ZERO, Duration.ofMillis(1000));
            tenthsOfTheWindow.add(wait.toMillis() / 100);
        }
        assertThat(tenthsOfTheWindow)
                .as("every tenth of the first window has returns")
                .hasSize(10);
        for (int attempt = 2; attempt < 10; attempt++) {
            assertThat(policy.delay(attempt, random)).isBetween(Duration.ZERO, policy.ceiling(attempt));
        }
    }

    @Test
    void aSeededRandomReplaysTheSameWaits() {
        ReconnectPolicy policy = ReconnectPolicy.forProbeInterval(Duration.ofMillis(500));
        Random first = new Random(SEED);
        Random again = new Random(SEED);
        for (int attempt = 1; attempt < 8; attempt++) {
            assertThat(policy.delay(attempt, first)).isEqualTo(policy.delay(attempt, again));
        }
    }

    @Test
    void badBoundsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> new ReconnectPolicy(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("first must be a positive duration");
        assertThatThrownBy(() -> new ReconnectPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cap must be at least first");
        assertThatThrownBy(
                        () -> new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(2)).delay(0, new Random()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attempt must be >= 1");
    }
}
