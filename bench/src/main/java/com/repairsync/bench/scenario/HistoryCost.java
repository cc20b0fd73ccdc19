package com.repairsync.bench.scenario;

import com.repairsync.bench.Harness;
import com.repairsync.bench.Results;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code history}: what record history costs (issue 28's targets), on SQLite. First the push with
 * history against the same push without, on two servers in one run ({@link HistoryPushCost}: at
 * least 0.85x); then one record's 50 newest entries read from a shop of {@code --records} records
 * ({@link HistoryReads}: at most 20 ms, p99 over HTTP, beside the store method alone and a raw
 * SELECT). The three servers start together: a server's start is seconds of one core's work.
 */
final class HistoryCost implements Scenario {
    @Override
    public String name() {
        return "history";
    }

    /** Its raw baseline and history row counts read the SQLite database file: --pg and --db-url are refused. */
    @Override
    public boolean runsOnPostgres() {
        return false;
    }

    @Override
    public Results run(Harness harness) throws Exception {
        Results results = new Results(name());
        long errors;
        try (Harness on = harness.inner("history-on", List.of());
                Harness off = harness.inner("history-off", HistoryPushCost.HISTORY_OFF)) {
            startTogether(List.of(on, off, harness));
            errors = HistoryPushCost.measure(on, off, results);
        } // the push servers stop before the reads are timed
        errors += HistoryReads.measure(harness, results);
        results.put("errors", errors, "");
        results.atLeast("push.ratioWithHistory", 0.85);
        results.atMost("read.http.p99", 20);
        results.atMost("errors", 0);
        return results;
    }

    /** Starts every world's server (and shop) at once; the first failure is thrown. */
    private static void startTogether(List<Harness> worlds) throws InterruptedException {
        ExecutorService starting = Executors.newFixedThreadPool(worlds.size());
        try {
            List<Future<?>> started = new ArrayList<>();
            for (Harness world : worlds) {
                started.add(starting.submit(world::start));
            }
            for (Future<?> future : started) {
                future.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure
                    ? failure
                    : new IllegalStateException("a server did not start", e.getCause());
        } finally {
            starting.shutdownNow();
        }
    }
}
