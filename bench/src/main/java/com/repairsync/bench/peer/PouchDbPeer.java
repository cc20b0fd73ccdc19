package com.repairsync.bench.peer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.bench.BenchOptions.PeerStorage;
import com.repairsync.bench.Harness;
import com.repairsync.bench.Results;
import com.repairsync.protocol.JsonMappers;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The peer: PouchDB replicating the same records, as documents, from a pouchdb-server to a fresh
 * PouchDB on loopback, both on disk (LevelDB, PouchDB's default and durable like our SQLite files) or
 * both in memory ({@code --peer-storage memory}). npm installs {@code pouchdb@9}, {@code pouchdb-server@4.2} and
 * {@code pouchdb-adapter-memory@9} into a temp folder (reused by later runs: the install compiles
 * native modules for minutes); the node script that loads and replicates is ours, a resource of
 * this module. When node or npm is missing or the install fails, the peer is skipped and the
 * results say why.
 */
public final class PouchDbPeer {
    private static final ObjectMapper JSON = JsonMappers.shared();
    private static final List<String> PACKAGES = List.of("pouchdb@9", "pouchdb-server@4.2", "pouchdb-adapter-memory@9");
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
        Path dir = harness.options().peerDir() != null
                ? harness.options().peerDir()
                : Path.of(System.getProperty("java.io.tmpdir"), "repairsync-bench-pouchdb");
        String missing = install(dir);
        if (missing != null) {
            results.note("PouchDB peer skipped: " + missing);
            return null;
        }
        Path docsFile = writeDocs(harness.workDir().resolve("pouchdb-docs.ndjson"), docs);
        Path script = dir.resolve("pouchdb-peer.js");
        try (InputStream in = PouchDbPeer.class.getResourceAsStream("pouchdb-peer.js")) {
            Files.write(script, in.readAllBytes());
        }
        int port = freePort();
        boolean onDisk = harness.options().peerStorage() == PeerStorage.DISK;
        Path serverData = Files.createDirectories(harness.workDir().resolve("pouchdb-server-data"));
        List<String> serverCommand = new ArrayList<>(List.of(
                "node",
                dir.resolve("node_modules/pouchdb-server/bin/pouchdb-server").toString(),
                "--no-stdout-logs",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port)));
        serverCommand.addAll(onDisk ? List.of("--dir", serverData.toString()) : List.of("--in-memory"));
        Process server = new ProcessBuilder(serverCommand)
                .directory(serverData.toFile())
                .redirectErrorStream(true)
                .redirectOutput(harness.workDir().resolve("pouchdb-server.log").toFile())
                .start();
        try {
            awaitUp("http://127.0.0.1:" + port + "/");
            Process run = new ProcessBuilder(
                            "node",
                            script.toString(),
                            "http://127.0.0.1:" + port + "/bench",
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
            results.note("PouchDB: " + PACKAGES + " from " + dir + "; "
                    + (onDisk
                            ? "pouchdb-server --dir (LevelDB on disk), client adapter leveldb (on disk)"
                            : "pouchdb-server --in-memory, client adapter memory")
                    + ", replicate batch_size " + BATCH + " (our pull page is 1000)");
            return new Outcome(
                    answer.get("docs").asLong(),
                    answer.get("millis").asDouble() / 1000,
                    answer.get("loadMillis").asDouble() / 1000);
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** Installs the packages unless already there; returns why the peer cannot run, or null. */
    private static String install(Path dir) throws InterruptedException {
        if (Files.isDirectory(dir.resolve("node_modules/pouchdb-server"))
                && Files.isDirectory(dir.resolve("node_modules/pouchdb-adapter-memory"))
                && Files.isDirectory(dir.resolve("node_modules/pouchdb"))) {
            return null;
        }
        List<String> command = new ArrayList<>(
                List.of("npm", "install", "--prefix", dir.toString(), "--no-audit", "--no-fund", "--loglevel=error"));
        command.addAll(PACKAGES);
        try {
            Files.createDirectories(dir);
            System.err.println("bench: installing " + PACKAGES + " into " + dir + " (a few minutes, once)...");
            Process npm = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("npm-install.log").toFile())
                    .start();
            if (!npm.waitFor(20, TimeUnit.MINUTES)) {
                npm.destroyForcibly();
                return "npm install did not finish in 20 minutes (log: " + dir.resolve("npm-install.log") + ")";
            }
            if (npm.exitValue() != 0) {
                return "npm install failed with exit " + npm.exitValue() + " (log: " + dir.resolve("npm-install.log")
                        + ")";
            }
            return null;
        } catch (IOException e) {
            return "npm is not available (" + e.getMessage() + ")";
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

    private static void awaitUp(String url) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                HttpURLConnection connection =
                        (HttpURLConnection) URI.create(url).toURL().openConnection();
                if (connection.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("pouchdb-server did not answer at " + url + " within 30 s");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
