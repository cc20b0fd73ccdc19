package com.repairsync.protocol;

import java.time.Clock;

/**
 * Issues monotonically increasing {@link Hlc} timestamps for one node and absorbs timestamps it
 * receives, so that everything this node stamps afterwards sorts after what it has seen.
 *
 * <p>Thread-safe. The wall clock is injected so tests control time.
 */
public final class HlcClock {
    private final Clock clock;
    private final String node;
    private long lastMillis;
    private int lastCounter;

    public HlcClock(Clock clock, String node) {
        this.clock = clock;
        this.node = node;
    }

    /** A new timestamp, later than every timestamp this clock issued or received before. */
    public synchronized Hlc now() {
        long wall = clock.millis();
        if (wall > lastMillis) {
            lastMillis = wall;
            lastCounter = 0;
        } else {
            bumpCounter();
        }
        return new Hlc(lastMillis, lastCounter, node);
    }

    /** Advances this clock past a timestamp received from another node. */
    public synchronized void receive(Hlc remote) {
        long wall = clock.millis();
        long max = Math.max(wall, Math.max(lastMillis, remote.millis()));
        if (max == lastMillis && max == remote.millis()) {
            lastCounter = Math.max(lastCounter, remote.counter());
            bumpCounter();
        } else if (max == lastMillis) {
            bumpCounter();
        } else if (max == remote.millis()) {
            lastMillis = max;
            lastCounter = remote.counter();
            bumpCounter();
        } else {
            lastMillis = max;
            lastCounter = 0;
        }
    }

    private void bumpCounter() {
        if (lastCounter == Hlc.MAX_COUNTER) {
            lastMillis++;
            lastCounter = 0;
        } else {
            lastCounter++;
        }
    }

    /** The node id this clock stamps. */
    public String node() {
        return node;
    }
}
