package com.repairsync.server.sync;

import com.repairsync.protocol.Hlc;
import com.repairsync.protocol.HlcClock;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's hybrid logical clocks, one per shop, so one shop's devices (a tablet whose clock
 * runs a day ahead, say) move only that shop's server HLC, never another shop's.
 *
 * <p>Clocks are made on first use and the least recently used beyond {@code capacity} are
 * forgotten. A forgotten shop's clock must not restart before an HLC it already issued, so every
 * forgotten clock raises a floor that new clocks start from: a shop's clock is always at or after
 * the later of the wall clock and the last HLC any forgotten clock reached. Only forgetting moves
 * the floor, so a far-future HLC reaches other shops only once its shop falls out of the most
 * recently used {@code capacity}.
 */
public final class ShopClocks {
    /** Shops whose clocks are kept; far more than one node serves at once. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private final Clock clock;
    private final String node;
    private final Map<String, HlcClock> clocks;
    private Hlc floor;

    public ShopClocks(Clock clock, String node) {
        this(clock, node, DEFAULT_CAPACITY);
    }

    ShopClocks(Clock clock, String node, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("shop clock capacity must be at least 1, got " + capacity);
        }
        this.clock = clock;
        this.node = node;
        this.clocks = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, HlcClock> eldest) {
                if (size() <= capacity) {
                    return false;
                }
                raiseFloor(eldest.getValue().now());
                return true;
            }
        };
    }

    /** The clock of a shop, made (at or after the floor) if the shop has none. */
    public synchronized HlcClock of(String shopId) {
        HlcClock shopClock = clocks.get(shopId);
        if (shopClock == null) {
            shopClock = new HlcClock(clock, node);
            if (floor != null) {
                shopClock.receive(floor);
            }
            clocks.put(shopId, shopClock);
        }
        return shopClock;
    }

    private void raiseFloor(Hlc last) {
        if (floor == null || last.compareTo(floor) > 0) {
            floor = last;
        }
    }
}
