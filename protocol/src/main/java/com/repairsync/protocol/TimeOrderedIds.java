package com.repairsync.protocol;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Random;
import java.util.UUID;

/**
 * Record, group and mutation ids: version 7 UUIDs (RFC 9562), which begin with the Unix time in
 * milliseconds. Ids made one after another sort one after another (also as lowercase text), so a
 * database inserting them appends to the end of its primary-key B-tree instead of dirtying a random
 * page per row: random (version 4) ids made a server write roughly one 4 KiB page per row and
 * index.
 *
 * <p>Within one millisecond a 12-bit counter (RFC 9562, method 1) keeps ids from one generator
 * increasing; it starts at a random value below 2048 so there is room to count. When the counter
 * runs out, or the clock steps back, the generator carries on from its last millisecond rather
 * than going backwards. The last 62 bits are random, so two devices making ids in the same
 * millisecond do not collide.
 */
public final class TimeOrderedIds {
    private static final TimeOrderedIds SYSTEM = new TimeOrderedIds(Clock.systemUTC(), new SecureRandom());
    private static final int COUNTER_MAX = 0xFFF;

    private final Clock clock;
    private final Random random;
    private long lastMillis = -1;
    private int counter;

    public TimeOrderedIds(Clock clock, Random random) {
        this.clock = clock;
        this.random = random;
    }

    /** A new id from the system clock, as lowercase text. */
    public static String newId() {
        return SYSTEM.next().toString();
    }

    /** The next id: later than every id this generator made before. */
    public synchronized UUID next() {
        long now = clock.millis();
        if (now > lastMillis) {
            lastMillis = now;
            counter = random.nextInt(COUNTER_MAX / 2 + 1);
        } else if (counter < COUNTER_MAX) {
            counter++;
        } else {
            lastMillis++;
            counter = 0;
        }
        long mostSignificant = (lastMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000 | counter;
        long leastSignificant = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(mostSignificant, leastSignificant);
    }
}
