package com.repairsync.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HlcClockTest {

    /** A wall clock the test moves by hand, forwards or backwards. */
    private static final class SettableClock extends Clock {
        private long millis;

        SettableClock(long millis) {
            this.millis = millis;
        }

        void set(long millis) {
            this.millis = millis;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final SettableClock wall = new SettableClock(1_000_000L);
    private final HlcClock clock = new HlcClock(wall, "local");

    @Test
    void stampsTheWallClockAndItsNode() {
        Hlc hlc = clock.now();

        assertThat(hlc).isEqualTo(new Hlc(1_000_000L, 0, "local"));
        assertThat(clock.node()).isEqualTo("local");
    }

    @Test
    void monotonicWhenTheWallClockStandsStill() {
        Hlc first = clock.now();
        Hlc second = clock.now();
        Hlc third = clock.now();

        assertThat(second).isGreaterThan(first);
        assertThat(third).isGreaterThan(second);
        assertThat(third).isEqualTo(new Hlc(1_000_000L, 2, "local"));
    }

    @Test
    void monotonicWhenTheWallClockGoesBackwards() {
        Hlc before = clock.now();
        wall.set(1_000_000L - 60_000L);

        Hlc after = clock.now();
        Hlc later = clock.now();

        assertThat(after).isGreaterThan(before);
        assertThat(later).isGreaterThan(after);
        assertThat(after.millis()).isEqualTo(1_000_000L);
    }

    @Test
    void counterResetsWhenTheWallClockMovesOn() {
        clock.now();
        clock.now();
        wall.set(1_000_005L);

        assertThat(clock.now()).isEqualTo(new Hlc(1_000_005L, 0, "local"));
    }

    @Test
    void receivingAnHlcFromTheFutureMakesLaterStampsSortAfterIt() {
        clock.now();
        Hlc remote = new Hlc(5_000_000L, 7, "remote");

        clock.receive(remote);
        Hlc next = clock.now();

        assertThat(next).isGreaterThan(remote);
        assertThat(next.toString()).isGreaterThan(remote.toString());
        assertThat(next.millis()).isEqualTo(5_000_000L);
        assertThat(next.node()).isEqualTo("local");
    }

    @Test
    void receivingAnHlcWithTheSameMillisAndAHigherCounterOrdersAfterIt() {
        clock.now();
        Hlc remote = new Hlc(1_000_000L, 500, "a-remote");

        clock.receive(remote);

        assertThat(clock.now()).isGreaterThan(remote);
    }

    @Test
    void receivingAnHlcFromThePastKeepsTheClockMonotonic() {
        wall.set(2_000_000L);
        Hlc mine = clock.now();

        clock.receive(new Hlc(1_000L, 99, "zzz-remote"));

        assertThat(clock.now()).isGreaterThan(mine);
    }

    @Test
    void aWallClockAheadOfEverythingWins() {
        clock.receive(new Hlc(1_000L, 3, "remote"));
        wall.set(3_000_000L);

        assertThat(clock.now()).isEqualTo(new Hlc(3_000_000L, 0, "local"));
    }

    @Test
    void counterOverflowOnNowRollsTheMillis() {
        Hlc previous = clock.now();
        for (int i = 1; i <= Hlc.MAX_COUNTER; i++) {
            Hlc next = clock.now();
            assertThat(next.compareTo(previous)).isPositive();
            previous = next;
        }
        assertThat(previous).isEqualTo(new Hlc(1_000_000L, Hlc.MAX_COUNTER, "local"));

        Hlc rolled = clock.now();

        assertThat(rolled).isEqualTo(new Hlc(1_000_001L, 0, "local"));
        assertThat(rolled).isGreaterThan(previous);
    }

    @Test
    void counterOverflowOnReceiveRollsTheMillis() {
        Hlc remote = new Hlc(1_000_000L, Hlc.MAX_COUNTER, "remote");

        clock.receive(remote);
        Hlc next = clock.now();

        assertThat(next).isGreaterThan(remote);
        assertThat(next.millis()).isEqualTo(1_000_001L);
    }

    @Test
    void everyStampSortsAfterEverythingIssuedOrReceivedBefore() {
        Random random = new Random(TestSeeds.seed("HlcClockTest.everyStampSortsAfterEverythingIssuedOrReceivedBefore"));
        Hlc latest = null;
        for (int step = 0; step < 5_000; step++) {
            switch (random.nextInt(4)) {
                case 0 -> wall.set(Math.max(0, wall.millis() + random.nextInt(2_001) - 1_000));
                case 1 -> {
                    Hlc remote = new Hlc(
                            Math.max(0, wall.millis() + random.nextInt(4_001) - 2_000),
                            random.nextInt(Hlc.MAX_COUNTER + 1),
                            random.nextBoolean() ? "a-remote" : "z-remote");
                    clock.receive(remote);
                    latest = remote.isAfter(latest) ? remote : latest;
                }
                default -> {
                    Hlc now = clock.now();
                    assertThat(now.isAfter(latest))
                            .as("step %d: %s after %s", step, now, latest)
                            .isTrue();
                    latest = now;
                }
            }
        }
    }
}
