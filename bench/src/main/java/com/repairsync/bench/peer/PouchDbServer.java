package com.repairsync.bench.peer;

import com.repairsync.bench.BenchOptions;
import com.repairsync.bench.BenchOptions.PeerStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A pouchdb-server on loopback for the PouchDB peers, and the npm install both peers share: {@code
 * pouchdb@9}, {@code pouchdb-server@4.2} and {@code pouchdb-adapter-memory@9} in a temp folder
 * ({@code --peer-dir}), reused by later runs, since the install compiles native modules for minutes.
 * Its documents live on disk (LevelDB, PouchDB's default) or in memory ({@code --peer-storage}).
 */
final class PouchDbServer implements AutoCloseable {
    static final List<String> PACKAGES = List.of("pouchdb@9", "pouchdb-server@4.2", "pouchdb-adapter-memory@9");

    private final Process process;
    private final String url;

    private PouchDbServer(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /** Where npm installs the packages: {@code --peer-dir}, or a temp folder that later runs reuse. */
    static Path installDir(BenchOptions options) {
        return options.peerDir() != null
                ? options.peerDir()
                : Path.of(System.getProperty("java.io.tmpdir"), "repairsync-bench-pouchdb");
    }

    /** Installs the packages into {@code dir} unless already there; returns why a peer cannot run, or null. */
    static String install(Path dir) throws InterruptedException {
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

    /** Copies one of this module's node scripts into the install folder, where node finds the packages. */
    static Path script(Path dir, String name) throws IOException {
        Path script = dir.resolve(name);
        try (InputStream in = PouchDbServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("the bench jar lacks its resource " + name);
            }
            Files.write(script, in.readAllBytes());
        }
        return script;
    }

    /**
     * Starts pouchdb-server from the install folder, its data in {@code workDir} (on disk) or in
     * memory, logging to {@code workDir/pouchdb-server.log}; returns once it answers.
     */
    static PouchDbServer start(Path dir, Path workDir, PeerStorage storage) throws IOException, InterruptedException {
        int port = freePort();
        Path data = Files.createDirectories(workDir.resolve("pouchdb-server-data"));
        List<String> command = new ArrayList<>(List.of(
                "node",
                dir.resolve("node_modules/pouchdb-server/bin/pouchdb-server").toString(),
                "--no-stdout-logs",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port)));
        command.addAll(storage == PeerStorage.DISK ? List.of("--dir", data.toString()) : List.of("--in-memory"));
        Process process = new ProcessBuilder(command)
                .directory(data.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("pouchdb-server.log").toFile())
                .start();
        PouchDbServer server = new PouchDbServer(process, "http://127.0.0.1:" + port);
        try {
            server.awaitUp();
        } catch (RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The URL of a database on this server. */
    String database(String name) {
        return url + "/" + name;
    }

    private void awaitUp() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                HttpURLConnection connection =
                        (HttpURLConnection) URI.create(url + "/").toURL().openConnection();
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

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
