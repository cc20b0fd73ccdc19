package com.repairsync.testkit;

/** Seeds for randomized tests: fixed by {@code -Drepairsync.seed=N}, else random; always printed. */
public final class Seeds {
    private Seeds() {}

    public static long seed(String testName) {
        String fixed = System.getProperty("repairsync.seed");
        long seed = fixed != null ? Long.parseLong(fixed) : System.nanoTime();
        System.out.println(testName + " seed=" + seed + " (rerun with -Drepairsync.seed=" + seed + ")");
        return seed;
    }

    /** A count that is small in CI and large in the nightly profile ({@code -Drepairsync.scale=N}). */
    public static int scaled(int base) {
        return base * Integer.getInteger("repairsync.scale", 1);
    }
}
