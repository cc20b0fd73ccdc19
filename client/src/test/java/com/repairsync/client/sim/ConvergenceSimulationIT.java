package com.repairsync.client.sim;

import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.MutableClock;
import com.repairsync.testkit.Seeds;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Seeded convergence simulation: per seed, 3 to 5 devices make random creates, field edits,
 * deletes, stock adjustments and ticket parts over a network that drops requests and responses,
 * duplicates requests, delivers stale answers and disconnects, while devices restart; then the
 * network heals and every device drains. Each seed must end with every device equal to the server,
 * stock equal to the initial stock plus every adjustment not discarded, and no acknowledged write
 * lost (see {@link Simulation}).
 *
 * <p>Seeds: {@code -Drepairsync.simSeeds=N} runs N seeds (default 60, times {@code
 * -Drepairsync.scale} for a nightly run) from a random base, or from {@code
 * -Drepairsync.simBaseSeed=B}; {@code -Drepairsync.seed=S} replays the single seed S. Every seed is
 * printed and is the name of its test; a failure names its seed and lists the run's steps.
 */
class ConvergenceSimulationIT {
    private static final int DEFAULT_SEEDS = 60;

    /** Simulated time, shared by the server and (with their skews) the devices; moved only by the runs. */
    private static final MutableClock CLOCK = MutableClock.atNow();

    @RegisterExtension
    static final TestServer server = TestServer.start(CLOCK, Map.of());

    @TestFactory
    Stream<DynamicTest> everyDeviceConvergesWithTheServerOverABadNetwork() {
        return seeds().stream()
                .map(seed -> DynamicTest.dynamicTest("seed=" + seed, () -> {
                    String summary = new Simulation(server, CLOCK, seed).run();
                    System.out.println(
                            "ConvergenceSimulationIT " + summary + " (replay with -Drepairsync.seed=" + seed + ")");
                }));
    }

    private static List<Long> seeds() {
        String fixed = System.getProperty("repairsync.seed");
        if (fixed != null) {
            return List.of(Seeds.seed("ConvergenceSimulationIT"));
        }
        int count = Seeds.scaled(Integer.getInteger("repairsync.simSeeds", DEFAULT_SEEDS));
        String base = System.getProperty("repairsync.simBaseSeed");
        long first = base != null
                ? Long.parseLong(base)
                : ThreadLocalRandom.current().nextLong(1, 1L << 40);
        System.out.println("ConvergenceSimulationIT: " + count + " seeds from " + first
                + " (rerun all with -Drepairsync.simBaseSeed=" + first + ", one with -Drepairsync.seed=N)");
        return LongStream.range(first, first + count).boxed().toList();
    }
}
