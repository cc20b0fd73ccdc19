package com.repairsync.bench;

/**
 * How big a shop the queries scenario puts on a device ({@code --customers --tickets --parts
 * --appointments}): parts are the stocked items the low-stock list reads (each ticket also gets a
 * ticket part, as the seeder makes them).
 */
public record ShopSize(int customers, int tickets, int parts, int appointments) {
    /** The big shop: ten years of a busy repair shop. */
    public static final ShopSize BIG = new ShopSize(100_000, 300_000, 600_000, 50_000);
}
