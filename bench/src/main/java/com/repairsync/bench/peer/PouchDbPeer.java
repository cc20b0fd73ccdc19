package com.repairsync.bench.peer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.bench.BenchOptions.PeerStorage;
import com.repairsync.bench.Harness;
import com.repairsync.bench.Results;
import com.repairsync.protocol.JsonMappers;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The peer: PouchDB replicating the same records, as documents, from a pouchdb-server to a fresh
 * PouchDB on loopback, both on disk (LevelDB, PouchDB's default and durable like our SQLite files) or
 * both in memory ({@code --peer-storage memory}). {@link PouchDbServer} installs PouchDB with npm
 * and runs the server; the node script that loads and replicates is ours, a resource of this module. When node or npm is missing or the install fails, the peer is skipped and the
 * results say why.
 */
public final class PouchDbPeer {
    private static final ObjectMapper JSON = JsonMappers.shared();
    private static final int BATCH = 1000;

    private final Harness harness;

    /** What the peer did: documents replicated and the seconds it took. */
    public record Outcome(long docs, double seconds, double loadSeconds) {}

    /** A document row: the record's entity, id and server state (JSON). */
    public record Doc(String entity, String id, String json) {}

    public PouchDbPeer(Harness harness) {
        this.harness = harness;
    }

    /**
     * Loads the documents into a new pouchdb-server and times a fresh PouchDB replicating them.
     *
     * @return the outcome, or null when the peer was skipped (a note in {@code results} says why)
     */
    public Outcome replicate(List<Doc> docs, Results results) throws IOException, InterruptedException {
        if (!harness.options().peer()) {
            results.note("PouchDB peer skipped: --no-peer");
            return null;
        }
        Path dir = PouchDbServer.installDir(harness.options());
        String missing = PouchDbServer.install(dir);
        if (missing != null) {
            results.note("PouchDB peer skipped: " + missing);
            return null;
        }
        Path docsFile = writeDocs(harness.workDir().resolve("pouchdb-docs.ndjson"), docs);
        Path script = PouchDbServer.script(dir, "pouchdb-peer.js");
        boolean onDisk = harness.options().peerStorage() == PeerStorage.DISK;
        try (PouchDbServer server =
                PouchDbServer.start(dir, harness.workDir(), harness.options().peerStorage())) {
            Process run = new ProcessBuilder(
                            "node",
                            script.toString(),
                            server.database("bench"),
                            docsFile.toString(),
                            Integer.toString(BATCH),
                            onDisk ? "leveldb" : "memory",
                            harness.workDir().resolve("pouchdb-client").toString())
                    .directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!run.waitFor(30, TimeUnit.MINUTES) || run.exitValue() != 0) {
                results.note("PouchDB peer failed (exit " + run.exitValue() + "); see the error output above");
                return null;
            }
            var answer = JSON.readTree(output.substring(output.lastIndexOf('\n') + 1));
            results.note("PouchDB: " + PouchDbServer.PACKAGES + " from " + dir + "; "
                    + (onDisk
                            ? "pouchdb-server --dir (LevelDB on disk), client adapter leveldb (on disk)"
                            : "pouchdb-server --in-memory, client adapter memory")
                    + ", replicate batch_size " + BATCH + " (our pull page is 1000)");
            return new Outcome(
                    answer.get("docs").asLong(),
                    answer.get("millis").asDouble() / 1000,
                    answer.get("loadMillis").asDouble() / 1000);
        }
    }

    private static Path writeDocs(Path file, List<Doc> docs) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Doc doc : docs) {
                ObjectNode json = doc.json() == null ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(doc.json());
                ObjectNode document = JSON.createObjectNode();
                document.put("_id", doc.entity() + ":" + doc.id());
                document.put("type", doc.entity());
                document.setAll(json);
                document.remove("id");
                out.write(JSON.writeValueAsString(document));
                out.newLine();
            }
        }
        return file;
    }
}
