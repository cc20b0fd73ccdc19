package com.repairsync.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.protocol.schema.FieldSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {
    @Test
    void isAVersion7UuidCarryingTheClocksMillisecond() {
        Instant now = Instant.parse("2026-11-25T09:30:00.123Z");
        UUID id = new TimeOrderedIds(Clock.fixed(now, ZoneOffset.UTC), new Random(1)).next();

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(now.toEpochMilli());
        assertThat(FieldSpec.canonicalUuid(id.toString())).contains(id.toString());
    }

    @Test
    void idsOfOneGeneratorIncreaseAsTextEvenWhenTheClockStandsStillOrStepsBack() {
        long seed = TestSeeds.seed("idsOfOneGeneratorIncrease");
        Random random = new Random(seed);
        AtomicLong millis = new AtomicLong(1_764_000_000_000L);
        Clock clock = new SteppingClock(millis);
        TimeOrderedIds ids = new TimeOrderedIds(clock, random);

        String previous = "";
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            // Mostly the same millisecond (the counter must run out and carry), sometimes later,
            // sometimes a step back of up to 2 s (an NTP correction).
            int move = random.nextInt(100);
            if (move < 5) {
                millis.addAndGet(1 + random.nextInt(3));
            } else if (move == 5) {
                millis.addAndGet(-random.nextInt(2_000));
            }
            String id = ids.next().toString();
            assertThat(id).as("id %d after %s", i, previous).isGreaterThan(previous);
            assertThat(seen.add(id)).isTrue();
            previous = id;
        }
    }

    @Test
    void twoDevicesInTheSameMillisecondDoNotCollide() {
        long seed = TestSeeds.seed("twoDevicesInTheSameMillisecond");
        Clock clock = Clock.fixed(Instant.parse("2026-11-25T09:30:00Z"), ZoneOffset.UTC);
        TimeOrderedIds first = new TimeOrderedIds(clock, new Random(seed));
        TimeOrderedIds second = new TimeOrderedIds(clock, new Random(seed + 1));
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 50_000; i++) {
            assertThat(seen.add(first.next())).isTrue();
            assertThat(seen.add(second.next())).isTrue();
        }
    }

    @Test
    void theSystemGeneratorMakesCanonicalText() {
        String id = TimeOrderedIds.newId();
        assertThat(UUID.fromString(id).version()).isEqualTo(7);
        assertThat(id).isEqualTo(id.toLowerCase(java.util.Locale.ROOT)).hasSize(36);
    }

    private static final class SteppingClock extends Clock {
        private final AtomicLong millis;

        SteppingClock(AtomicLong millis) {
            this.millis = millis;
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
