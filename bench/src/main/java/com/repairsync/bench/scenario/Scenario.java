package com.repairsync.bench.scenario;

import com.repairsync.bench.Harness;
import com.repairsync.bench.Results;

/** One load scenario of the harness. */
public interface Scenario {
    /** The name on the command line, such as {@code initial-sync}. */
    String name();

    /** Runs against a fresh harness (the server is not started yet) and returns what it measured. */
    Results run(Harness harness) throws Exception;

    /**
     * Whether it runs on PostgreSQL too ({@code --pg embedded}, {@code --db-url}); one that measures
     * the SQLite server's files says no, and the harness refuses those flags for it.
     */
    default boolean runsOnPostgres() {
        return true;
    }

    /** Whether it spreads devices over several server nodes ({@code --nodes}); the others run one. */
    default boolean spreadsOverNodes() {
        return false;
    }

    /** The scenario with this name. */
    static Scenario named(String name) {
        return switch (name) {
            case "initial-sync" -> new InitialSync();
            case "push" -> new PushDrain();
            case "realtime" -> new Realtime();
            case "mixed" -> new MixedDay();
            case "restore" -> new RestoreHeal();
            case "attachments" -> new AttachmentUploads();
            case "history" -> new HistoryCost();
            case "shops" -> new ManyShops();
            case "fleet" -> new Fleet();
            case "queries" -> new DeviceQueries();
            default ->
                throw new IllegalArgumentException(
                        "unknown scenario '" + name
                                + "'; one of: initial-sync, push, realtime, mixed, restore, attachments, history, shops, fleet, queries");
        };
    }
}
