package com.repairsync.bench.scenario;

import com.repairsync.bench.Harness;
import com.repairsync.bench.RawSqlite;
import com.repairsync.bench.Results;
import com.repairsync.bench.TimedTransport;
import com.repairsync.server.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The first half of {@code history}: what writing history costs a push (target: throughput with
 * history at least 0.85x without, in one run). Two servers run side by side, each in its own JVM
 * with its own SQLite database and shop: one as shipped (history on), one started with history
 * off. Each is warmed by an unmeasured drain of {@code --warmup} mutations; then {@code --rounds}
 * drains of {@code --mutations} each go to each server, alternating (on, off, off, on, on, off, ...)
 * so that the machine's drift hits both alike. Every drain is {@code push}'s: a new device queues
 * the same offline day (same seed) and drains it in batches of {@code --batch}. The figure is each
 * setting's median rate; the ratio is on / off. Afterwards the history rows the drains wrote are
 * counted in each database, so a switch that did nothing, or history written with it off, shows.
 */
final class HistoryPushCost {
    /** The server flags that turn history writing off. */
    static final List<String> HISTORY_OFF = List.of("--record-history", "false");

    private HistoryPushCost() {}

    /** One server setting: its world, its rates per round, its server CPU and what it drained. */
    private static final class Side {
        final String label;
        final Harness harness;
        final List<Double> rates = new ArrayList<>();
        double serverCpuSeconds;
        long measured;
        long drained;
        int failed;

        Side(String label, Harness harness) {
            this.label = label;
            this.harness = harness;
        }

        double median() {
            double[] sorted = rates.stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(sorted);
            int middle = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }
    }

    /**
     * Runs the rounds on two started worlds, one with history and one with {@link #HISTORY_OFF}, puts
     * the figures under {@code push.*}, and returns the errors seen.
     */
    static long measure(Harness onWorld, Harness offWorld, Results results) throws SQLException {
        int mutations = onWorld.options().mutations();
        int rounds = onWorld.options().rounds();
        int warmup = onWorld.options().warmup();
        int batch = onWorld.options().batch();
        Side on = new Side("withHistory", onWorld);
        Side off = new Side("withoutHistory", offWorld);
        long onBefore = historyRows(on.harness.serverDataDir());
        long offBefore = historyRows(off.harness.serverDataDir());
        if (warmup > 0) {
            for (Side side : List.of(on, off)) {
                // A server runs for days: measure its steady state, not the JIT compiling the push path.
                PushDrain.Drain warm =
                        PushDrain.drain(side.harness, "warmup", warmup, batch, new TimedTransport.Meter());
                side.drained += warm.queued();
                side.failed += warm.failed();
            }
            results.note("each server was warmed first by a drain of " + warmup + " mutations (--warmup)");
        }
        long requestErrors = 0;
        for (int round = 1; round <= rounds; round++) {
            // ABBA order: on, off, then off, on, and so on.
            List<Side> order = round % 2 == 1 ? List.of(on, off) : List.of(off, on);
            for (Side side : order) {
                TimedTransport.Meter meter = new TimedTransport.Meter();
                PushDrain.Drain drain = PushDrain.drain(side.harness, "round-" + round, mutations, batch, meter);
                double rate = drain.queued() / meter.pushSpanSeconds();
                side.rates.add(rate);
                side.serverCpuSeconds += drain.serverCpuSeconds();
                side.measured += drain.queued();
                side.drained += drain.queued();
                side.failed += drain.failed();
                requestErrors += meter.errors.get();
                results.put("push." + side.label + ".round" + round, rate, "mutations/s");
            }
        }
        for (Side side : List.of(on, off)) {
            results.put("push." + side.label + ".mutationsPerSecond", side.median(), "mutations/s (median of rounds)");
            results.put(
                    "push." + side.label + ".serverCpuMicrosPerMutation",
                    side.serverCpuSeconds * 1e6 / side.measured,
                    "µs of server CPU per measured mutation (its push, and the pull of its echo)");
        }
        results.put("push.ratioWithHistory", on.median() / off.median(), "x (median with history / median without)");
        results.put(
                "push.cpuRatioWithHistory",
                (off.serverCpuSeconds / off.measured) / (on.serverCpuSeconds / on.measured),
                "x (server CPU per mutation without / with: the ratio were the server's CPU the limit)");
        long onRows = historyRows(on.harness.serverDataDir()) - onBefore;
        long offRows = historyRows(off.harness.serverDataDir()) - offBefore;
        results.put("push.withHistory.historyRows", onRows, "history rows the drains wrote");
        results.put("push.withoutHistory.historyRows", offRows, "history rows the drains wrote (history off)");
        long errors = requestErrors + on.failed + off.failed;
        // Each drained customer is four mutations: three creates, which always write a row, and
        // a status change, which writes one when the status differed.
        if (onRows < on.drained * 3 / 4 || onRows > on.drained) {
            results.note("history on: " + onRows + " history rows for " + on.drained + " mutations drained");
            errors++;
        }
        if (offRows != 0) {
            results.note("history off: " + offRows + " history rows written anyway");
            errors++;
        }
        results.note("push rounds: " + rounds + " of " + mutations + " mutations on each server, alternating;"
                + " batches of " + batch + "; history off is the server flags " + String.join(" ", HISTORY_OFF));
        return errors;
    }

    /** The rows of the record history in the SQLite database of a server's data directory. */
    static long historyRows(Path serverDataDir) throws SQLException {
        try (Connection connection = RawSqlite.open(serverDataDir.resolve(SqliteStore.FILE_NAME));
                Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("SELECT count(*) FROM record_history")) {
            count.next();
            return count.getLong(1);
        }
    }
}
