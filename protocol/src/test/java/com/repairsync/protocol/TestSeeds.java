package com.repairsync.protocol;

/**
 * Seeds for this module's random tests (the testkit's Seeds depends on this module, so it cannot
 * be used here): fixed by {@code -Drepairsync.seed=N}, else random, always printed so a failure
 * can be replayed.
 */
final class TestSeeds {
    private TestSeeds() {}

    static long seed(String testName) {
        String fixed = System.getProperty("repairsync.seed");
        long seed = fixed != null ? Long.parseLong(fixed) : System.nanoTime();
        System.out.println(testName + " seed=" + seed + " (rerun with -Drepairsync.seed=" + seed + ")");
        return seed;
    }
}
