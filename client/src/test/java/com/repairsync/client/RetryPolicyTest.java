package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.repairsync.testkit.Seeds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final RetryPolicy DEFAULTS = RetryPolicy.defaults();

    private static RandomGenerator seeded(String test) {
        return new SplittableRandom(Seeds.seed("RetryPolicyTest." + test));
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertThat(DEFAULTS).isEqualTo(new RetryPolicy(Duration.ofSeconds(1), 2, Duration.ofMinutes(5), 8));
    }

    @Test
    void ceilingGrowsByTheFactorThenStaysAtTheCap() {
        List<Duration> ceilings = new ArrayList<>();
        for (int attempt = 1; attempt <= 12; attempt++) {
            ceilings.add(DEFAULTS.ceiling(attempt));
        }
        assertThat(ceilings)
                .containsExactly(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(16),
                        Duration.ofSeconds(32),
                        Duration.ofSeconds(64),
                        Duration.ofSeconds(128),
                        Duration.ofSeconds(256),
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(5));
        Duration previous = Duration.ZERO;
        for (int attempt = 1; attempt <= 2_000; attempt++) {
            Duration ceiling = DEFAULTS.ceiling(attempt);
            assertThat(ceiling).as("attempt %d", attempt).isGreaterThanOrEqualTo(previous);
            previous = ceiling;
        }
    }

    @Test
    void fractionalFactorsAndSubSecondBasesAreExact() {
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(100), 1.5, Duration.ofSeconds(1), 10);
        assertThat(policy.ceiling(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.ceiling(2)).isEqualTo(Duration.ofMillis(150));
        assertThat(policy.ceiling(3)).isEqualTo(Duration.ofMillis(225));
        assertThat(policy.ceiling(4)).isEqualTo(Duration.ofNanos(337_500_000));
        assertThat(policy.ceiling(7)).isEqualTo(Duration.ofSeconds(1)); // 1.139 s, capped
    }

    @Test
    void factorOneKeepsTheCeilingAtBase() {
        RetryPolicy constant = new RetryPolicy(Duration.ofSeconds(3), 1, Duration.ofMinutes(1), 5);
        assertThat(constant.ceiling(1)).isEqualTo(Duration.ofSeconds(3));
        assertThat(constant.ceiling(50)).isEqualTo(Duration.ofSeconds(3));
        assertThat(constant.ceiling(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void delaysStayWithinZeroAndTheCeilingAndUseTheWholeRange() {
        RandomGenerator random = seeded("bounds");
        for (int attempt = 1; attempt <= 15; attempt++) {
            Duration ceiling = DEFAULTS.ceiling(attempt);
            boolean sawLow = false;
            boolean sawHigh = false;
            for (int draw = 0; draw < 1_000; draw++) {
                Duration delay = DEFAULTS.delay(attempt, random);
                assertThat(delay).as("attempt %d", attempt).isBetween(Duration.ZERO, ceiling);
                assertThat(delay.toNanos() % 1_000_000).as("whole milliseconds").isZero();
                sawLow |= delay.compareTo(ceiling.dividedBy(10)) < 0;
                sawHigh |= delay.compareTo(ceiling.multipliedBy(9).dividedBy(10)) > 0;
            }
            assertThat(sawLow)
                    .as("attempt %d reaches the bottom tenth", attempt)
                    .isTrue();
            assertThat(sawHigh).as("attempt %d reaches the top tenth", attempt).isTrue();
        }
    }

    @Test
    void fullJitterAveragesHalfTheCeilingAndIsUniform() {
        RandomGenerator random = seeded("mean");
        int draws = 20_000;
        int attempt = 5;
        double ceilingMillis = DEFAULTS.ceiling(attempt).toMillis();
        double sum = 0;
        int belowQuarter = 0;
        int belowHalf = 0;
        for (int i = 0; i < draws; i++) {
            long millis = DEFAULTS.delay(attempt, random).toMillis();
            sum += millis;
            belowQuarter += millis < ceilingMillis / 4 ? 1 : 0;
            belowHalf += millis < ceilingMillis / 2 ? 1 : 0;
        }
        // Uniform on [0, c]: mean c/2 with a standard error of about 0.002 c here.
        // "Equal jitter" (c/2 + uniform(c/2)) would average 0.75 c and never fall below c/4.
        assertThat(sum / draws / ceilingMillis).isBetween(0.47, 0.53);
        assertThat((double) belowQuarter / draws).isBetween(0.22, 0.28);
        assertThat((double) belowHalf / draws).isBetween(0.47, 0.53);
    }

    @Test
    void oneSeedReplaysTheSameDelays() {
        long seed = Seeds.seed("RetryPolicyTest.replay");
        List<Duration> first = new ArrayList<>();
        List<Duration> second = new ArrayList<>();
        RandomGenerator a = new SplittableRandom(seed);
        RandomGenerator b = new SplittableRandom(seed);
        for (int attempt = 1; attempt <= 20; attempt++) {
            first.add(DEFAULTS.delay(attempt, a));
            second.add(DEFAULTS.delay(attempt, b, null));
        }
        assertThat(first).isEqualTo(second);
    }

    @Test
    void hugeAttemptsAndCapsDoNotOverflow() {
        RandomGenerator random = seeded("overflow");
        for (int attempt : new int[] {63, 64, 65, 1_000, 1_025, Integer.MAX_VALUE}) {
            assertThat(DEFAULTS.ceiling(attempt)).isEqualTo(Duration.ofMinutes(5));
            assertThat(DEFAULTS.delay(attempt, random)).isBetween(Duration.ZERO, Duration.ofMinutes(5));
        }
        Duration longest = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
        RetryPolicy unbounded = new RetryPolicy(Duration.ofSeconds(1), 2, longest, 10);
        assertThat(unbounded.ceiling(40)).isEqualTo(Duration.ofSeconds(1L << 39));
        assertThat(unbounded.ceiling(63)).isEqualTo(Duration.ofSeconds(1L << 62));
        assertThat(unbounded.ceiling(64)).isEqualTo(longest);
        assertThat(unbounded.ceiling(1_000)).isEqualTo(longest);
        for (int attempt : new int[] {60, 64, 1_000}) {
            assertThat(unbounded.delay(attempt, random)).isBetween(Duration.ZERO, longest);
        }
        RetryPolicy steep = new RetryPolicy(Duration.ofNanos(1), 1e300, Duration.ofDays(1), 3);
        assertThat(steep.ceiling(2)).isEqualTo(Duration.ofDays(1));
        assertThat(steep.ceiling(3)).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void aCeilingBelowOneMillisecondMeansNoWait() {
        RetryPolicy tiny = new RetryPolicy(Duration.ofNanos(500_000), 1, Duration.ofNanos(500_000), 3);
        assertThat(tiny.delay(1, seeded("tiny"))).isEqualTo(Duration.ZERO);
    }

    @Test
    void retryAfterIsAFloor() {
        RandomGenerator random = seeded("retryAfter");
        // Longer than any jittered wait (and than the cap): the server's wish wins.
        assertThat(DEFAULTS.delay(1, random, Duration.ofSeconds(90))).isEqualTo(Duration.ofSeconds(90));
        assertThat(DEFAULTS.delay(20, random, Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(10));
        // Shorter than the ceiling: the jitter still spreads the waits above it.
        Duration floor = Duration.ofMillis(500);
        boolean sawAbove = false;
        boolean sawFloor = false;
        for (int i = 0; i < 2_000; i++) {
            Duration delay = DEFAULTS.delay(5, random, floor);
            assertThat(delay).isBetween(floor, DEFAULTS.ceiling(5));
            sawAbove |= delay.compareTo(floor) > 0;
            sawFloor |= delay.equals(floor);
        }
        assertThat(sawAbove).isTrue();
        assertThat(sawFloor).isTrue(); // about 3% of draws fall under 500 ms of 16 s
        // Null and negative mean no Retry-After.
        for (int i = 0; i < 200; i++) {
            assertThat(DEFAULTS.delay(3, random, Duration.ofSeconds(-5)))
                    .isBetween(Duration.ZERO, Duration.ofSeconds(4));
            assertThat(DEFAULTS.delay(3, random, null)).isBetween(Duration.ZERO, Duration.ofSeconds(4));
        }
    }

    @Test
    void exhaustedAfterMaxAttempts() {
        RetryPolicy three = new RetryPolicy(Duration.ofSeconds(1), 2, Duration.ofSeconds(10), 3);
        assertThat(three.exhausted(0)).isFalse();
        assertThat(three.exhausted(1)).isFalse();
        assertThat(three.exhausted(2)).isFalse();
        assertThat(three.exhausted(3)).isTrue();
        assertThat(three.exhausted(4)).isTrue();
        assertThat(DEFAULTS.exhausted(7)).isFalse();
        assertThat(DEFAULTS.exhausted(8)).isTrue();
        RetryPolicy once = new RetryPolicy(Duration.ofSeconds(1), 2, Duration.ofSeconds(10), 1);
        assertThat(once.exhausted(0)).isFalse();
        assertThat(once.exhausted(1)).isTrue();
        assertThatThrownBy(() -> three.exhausted(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attemptsMade");
    }

    @Test
    void validationNamesTheParameter() {
        Duration s = Duration.ofSeconds(1);
        Duration m = Duration.ofMinutes(1);
        assertInvalid(() -> new RetryPolicy(null, 2, m, 3), "base is required");
        assertInvalid(() -> new RetryPolicy(Duration.ZERO, 2, m, 3), "base must be positive");
        assertInvalid(() -> new RetryPolicy(Duration.ofMillis(-1), 2, m, 3), "base must be positive");
        assertInvalid(() -> new RetryPolicy(s, 0.99, m, 3), "factor must be a finite number >= 1");
        assertInvalid(() -> new RetryPolicy(s, -2, m, 3), "factor must be a finite number >= 1");
        assertInvalid(() -> new RetryPolicy(s, Double.NaN, m, 3), "factor must be a finite number >= 1");
        assertInvalid(() -> new RetryPolicy(s, Double.POSITIVE_INFINITY, m, 3), "factor must be a finite number >= 1");
        assertInvalid(() -> new RetryPolicy(s, 2, null, 3), "cap is required");
        assertInvalid(() -> new RetryPolicy(s, 2, Duration.ofMillis(999), 3), "cap must be >= base");
        assertInvalid(() -> new RetryPolicy(s, 2, m, 0), "maxAttempts must be >= 1");
        assertInvalid(() -> new RetryPolicy(s, 2, m, -1), "maxAttempts must be >= 1");
        assertInvalid(() -> DEFAULTS.ceiling(0), "attempt must be >= 1");
        assertInvalid(() -> DEFAULTS.delay(-1, new SplittableRandom(1)), "attempt must be >= 1");
        assertThatThrownBy(() -> DEFAULTS.delay(1, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("random");
        // The edges are allowed.
        assertThat(new RetryPolicy(s, 1, s, 1).ceiling(3)).isEqualTo(s);
        assertThat(new RetryPolicy(Duration.ofNanos(1), 1, Duration.ofNanos(1), 1).base())
                .isEqualTo(Duration.ofNanos(1));
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
