package com.repairsync.client.sim;

import com.repairsync.server.backup.SqliteBackup;
import com.repairsync.server.backup.SqliteRestore;
import com.repairsync.server.testing.TestPostgres;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.MutableClock;
import com.repairsync.testkit.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongFunction;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The convergence simulation with the owner restoring yesterday's backup in the middle of the day
 * (see {@link Simulation.ServerRestore}): a backup a third of the way through, the restore two
 * thirds through, then the usual end. Afterwards every acknowledged write is on the server and
 * every device, each stock count is exactly the initial stock plus every acknowledged adjustment,
 * and no device skipped a change made after the restore (a fresh device equals the server, and so
 * does every other).
 *
 * <p>SQLite: an online {@code repairsync backup}, and {@code repairsync restore} with the server
 * stopped. PostgreSQL: the database copied (as a file-level backup) and later put back under its
 * name as a new database, as a DBA restoring a dump does; the server finds out by itself.
 *
 * <p>Seeds: {@code -Drepairsync.restoreSeeds=N} per database (see {@link #DEFAULT_SEEDS}), one with
 * {@code -Drepairsync.seed=N}.
 */
class RestoreSimulationIT {
    /** Seeds per database in CI (times {@code -Drepairsync.scale} in the nightly run). */
    private static final int DEFAULT_SEEDS = 2;

    @TestFactory
    Stream<DynamicTest> onSqliteTheShopHealsAfterAnOnlineBackupIsRestored() {
        return runs("sqlite", seed -> {
            MutableClock clock = MutableClock.atNow();
            TestServer server = TestServer.startIn(temp("restore-sim-sqlite-"), clock, Map.of());
            Path backup = server.dataDir().resolveSibling(server.dataDir().getFileName() + "-backup.db");
            return run(server, clock, seed, new Simulation.ServerRestore() {
                @Override
                public TestServer backUp(TestServer running) {
                    SqliteBackup.backup(running.dataDir(), backup, SqliteBackup.Progress.NONE);
                    return running;
                }

                @Override
                public TestServer restore(TestServer running) {
                    running.stop();
                    SqliteRestore.restore(running.dataDir(), backup, clock);
                    return running.startAgainOnSamePort();
                }
            });
        });
    }

    @TestFactory
    Stream<DynamicTest> onPostgresTheShopHealsAfterADatabaseCopyIsRestored() {
        return runs("postgres", seed -> {
            MutableClock clock = MutableClock.atNow();
            TestServer server = TestServer.startOnPostgres(clock, Map.of());
            String[] backup = new String[1];
            return run(server, clock, seed, new Simulation.ServerRestore() {
                @Override
                public TestServer backUp(TestServer running) {
                    running.stop();
                    backup[0] = TestPostgres.get().copyDatabase(running.postgresUrl());
                    return running.startAgainOnSamePort();
                }

                @Override
                public TestServer restore(TestServer running) {
                    running.stop();
                    TestPostgres.get().replaceDatabase(running.postgresUrl(), backup[0]);
                    return running.startAgainOnSamePort();
                }
            });
        });
    }

    /** Runs one seed; the simulation stops the server it ends with. */
    private static String run(TestServer server, MutableClock clock, long seed, Simulation.ServerRestore restore) {
        Simulation simulation = new Simulation(server, clock, seed, restore);
        try {
            return simulation.run();
        } finally {
            simulation.server().stop();
        }
    }

    private static Stream<DynamicTest> runs(String database, LongFunction<String> run) {
        return seeds(database).stream()
                .map(seed -> DynamicTest.dynamicTest(database + " seed=" + seed, () -> {
                    String summary = run.apply(seed);
                    System.out.println("RestoreSimulationIT " + database + " " + summary
                            + " (replay with -Drepairsync.seed=" + seed + ")");
                }));
    }

    private static List<Long> seeds(String database) {
        if (System.getProperty("repairsync.seed") != null) {
            return List.of(Seeds.seed("RestoreSimulationIT"));
        }
        int count = Seeds.scaled(Integer.getInteger("repairsync.restoreSeeds", DEFAULT_SEEDS));
        long first = ThreadLocalRandom.current().nextLong(1, 1L << 40);
        System.out.println("RestoreSimulationIT " + database + ": " + count + " seeds from " + first
                + " (one with -Drepairsync.seed=N)");
        return LongStream.range(first, first + count).boxed().toList();
    }

    private static Path temp(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
