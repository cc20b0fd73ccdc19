package com.repairsync.bench.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.bench.BenchOptions.PeerStorage;
import com.repairsync.bench.Harness;
import com.repairsync.bench.Results;
import com.repairsync.protocol.JsonMappers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The realtime peer: PouchDB's live (continuous) replication. One node process holds {@code
 * listeners} PouchDBs in memory, each replicating {@code {live: true}} from one database of a
 * pouchdb-server ({@link PouchDbServer}, on disk or in memory as {@code --peer-storage}); a writer
 * puts one new document per event, and each listener's {@code change} event that carries it is its
 * delivery. Latency: from the start of the put until that event, as ours runs from the start of the
 * writer's push. The node script is ours, a resource of this module. When node or npm is missing or
 * the install fails, the peer is skipped and the results say why.
 */
public final class PouchDbLive {
    private static final ObjectMapper JSON = JsonMappers.shared();

    /** Unmeasured events first: the listeners' first round trips and node's JIT. */
    static final int WARMUP_EVENTS = 3;

    private final Harness harness;

    /** What the listeners heard: delivery latency percentiles in ms, and deliveries missed within 15 s. */
    public record Outcome(int listeners, int events, long samples, double p50, double p99, double max, long missed) {}

    public PouchDbLive(Harness harness) {
        this.harness = harness;
    }

    /**
     * Runs {@code events} measured events, one per {@code intervalMillis} (or slower, as each waits
     * until every listener heard it or 15 s passed), to {@code listeners} live replications.
     *
     * @return the outcome, or null when the peer was skipped or failed (a note in {@code results} says why)
     */
    public Outcome listen(int listeners, int events, long intervalMillis, Results results)
            throws IOException, InterruptedException {
        Path dir = PouchDbServer.installDir(harness.options());
        String missing = PouchDbServer.install(dir);
        if (missing != null) {
            results.note("PouchDB live peer skipped: " + missing);
            return null;
        }
        Path script = PouchDbServer.script(dir, "pouchdb-live.js");
        try (PouchDbServer server =
                PouchDbServer.start(dir, harness.workDir(), harness.options().peerStorage())) {
            Process run = new ProcessBuilder(
                            "node",
                            script.toString(),
                            server.database("live"),
                            Integer.toString(listeners),
                            Integer.toString(events),
                            Long.toString(intervalMillis),
                            Integer.toString(WARMUP_EVENTS))
                    .directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!run.waitFor(30, TimeUnit.MINUTES) || run.exitValue() != 0 || output.isEmpty()) {
                results.note("PouchDB live peer failed (exit " + (run.isAlive() ? "none" : run.exitValue())
                        + "); see the error output above");
                run.destroyForcibly();
                return null;
            }
            JsonNode answer = JSON.readTree(output.substring(output.lastIndexOf('\n') + 1));
            if (answer.get("errors").asLong() > 0) {
                results.note("PouchDB live peer: " + answer.get("errors").asLong() + " replication errors, the first: "
                        + answer.get("firstError").asText());
            }
            results.note("PouchDB live peer: " + PouchDbServer.PACKAGES + " from " + dir + "; pouchdb-server "
                    + (harness.options().peerStorage() == PeerStorage.DISK ? "--dir (LevelDB on disk)" : "--in-memory")
                    + "; " + listeners + " PouchDBs in memory in one node process, each replicate({live: true,"
                    + " retry: true}); " + WARMUP_EVENTS + " unmeasured events first; until the last listener"
                    + " heard each event, ms: " + answer.get("untilLastMillis"));
            return new Outcome(
                    listeners,
                    events,
                    answer.get("samples").asLong(),
                    answer.get("p50").asDouble(),
                    answer.get("p99").asDouble(),
                    answer.get("max").asDouble(),
                    answer.get("missed").asLong());
        }
    }
}
