package com.repairsync.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.repairsync.testkit.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SignUpLimitTest {
    private final MutableClock clock = MutableClock.atNow();

    @Test
    void anAddressGetsItsAttemptsPerHourThenWaitsForTheOldestToLeave() {
        SignUpLimit limit = new SignUpLimit(clock, 3);
        assertThat(limit.tryAcquire("198.51.100.1")).isEmpty();
        clock.advance(Duration.ofMinutes(10));
        assertThat(limit.tryAcquire("198.51.100.1")).isEmpty();
        assertThat(limit.tryAcquire("198.51.100.1")).isEmpty();

        assertThat(limit.tryAcquire("198.51.100.1")).contains(Duration.ofMinutes(50));
        assertThat(limit.tryAcquire("198.51.100.2")).as("another address").isEmpty();

        clock.advance(Duration.ofMinutes(50));
        assertThat(limit.tryAcquire("198.51.100.1")).isEmpty();
        assertThat(limit.tryAcquire("198.51.100.1")).isPresent();
    }

    @Test
    void refusedAttemptsDoNotExtendTheWait() {
        SignUpLimit limit = new SignUpLimit(clock, 1);
        limit.tryAcquire("a");
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofMinutes(5));
            assertThat(limit.tryAcquire("a")).isPresent();
        }
        clock.advance(Duration.ofMinutes(10));
        assertThat(limit.tryAcquire("a")).isEmpty();
    }

    @Test
    void memoryIsBoundedWhateverTheNumberOfAddresses() {
        SignUpLimit limit = new SignUpLimit(clock, 5);
        for (int i = 0; i < SignUpLimit.MAX_TRACKED_ADDRESSES + 50_000; i++) {
            limit.tryAcquire("address-" + i);
        }
        assertThat(limit.trackedAddresses()).isLessThanOrEqualTo(SignUpLimit.MAX_TRACKED_ADDRESSES);
    }

    @Test
    void addressesWhoseAttemptsLeftTheWindowAreForgottenFirst() {
        SignUpLimit limit = new SignUpLimit(clock, 1);
        for (int i = 0; i < SignUpLimit.MAX_TRACKED_ADDRESSES - 1; i++) {
            limit.tryAcquire("old-" + i);
        }
        clock.advance(Duration.ofHours(2));
        limit.tryAcquire("recent");
        limit.tryAcquire("new"); // the map is full: the old ones go, "recent" stays

        assertThat(limit.trackedAddresses()).isEqualTo(2);
        assertThat(limit.tryAcquire("recent")).isPresent();
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThatThrownBy(() -> new SignUpLimit(clock, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
