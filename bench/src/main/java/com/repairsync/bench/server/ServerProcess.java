package com.repairsync.bench.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.protocol.JsonMappers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ServerChild} JVM run by the harness: its URL, its heap and CPU on request, and its end.
 * The child's log goes to {@code server.log} in its data directory.
 */
public final class ServerProcess implements AutoCloseable {
    private static final ObjectMapper JSON = JsonMappers.shared();

    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final int port;

    /** What the child reported: heap in bytes (now and peak since the last reset), CPU time. */
    public record Stats(long heapUsed, long heapPeak, long cpuNanos, int threads) {}

    private ServerProcess(Process process, BufferedReader out, Writer in, int port) {
        this.process = process;
        this.out = out;
        this.in = in;
        this.port = port;
    }

    /**
     * Starts a server JVM with this JVM's class path.
     *
     * @param jvmArgs extra JVM options, such as {@code -Xmx1g} or a JFR recording
     * @param flags server flags ({@code --data} and the rest), as {@code repairsync server} takes them
     * @throws IllegalStateException if the server does not report ready within a minute
     */
    public static ServerProcess start(Path dataDir, List<String> jvmArgs, List<String> flags) {
        return start(dataDir, jvmArgs, flags, Map.of());
    }

    /**
     * Like {@link #start(Path, List, List)}, with these {@code REPAIRSYNC_*} environment variables
     * (such as the nodes' shared {@code REPAIRSYNC_JWT_SECRET}, kept off the command line). No other
     * {@code REPAIRSYNC_*} variable of the harness's environment reaches the server.
     */
    public static ServerProcess start(
            Path dataDir, List<String> jvmArgs, List<String> flags, Map<String, String> environment) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ServerChild.class.getName());
        command.addAll(flags);
        try {
            java.nio.file.Files.createDirectories(dataDir);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectError(dataDir.resolve("server.log").toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith(ServerChild.ENVIRONMENT_PREFIX));
            builder.environment().putAll(environment);
            Process process = builder.start();
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("READY ")) {
                    return new ServerProcess(
                            process, out, in, Integer.parseInt(line.substring(6).trim()));
                }
            }
            throw new IllegalStateException(
                    "server process exited with " + process.waitFor() + " before it was" + " ready; the end of "
                            + dataDir.resolve("server.log") + ":\n" + tail(dataDir.resolve("server.log")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the server process", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the server", e);
        }
    }

    /** The last lines of a server's log, for an error message (the work folder may be gone by the time it is read). */
    private static String tail(Path log) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** The port the server listens on. */
    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Ends the server at once, as a crash or a power cut would ({@code destroyForcibly}: no
     * shutdown, no goodbye to the other nodes), and waits until its process is gone.
     */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(
                        "server process " + process.pid() + " outlived destroyForcibly by 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing the server process", e);
        }
    }

    /** Heap and CPU now. */
    public Stats stats() {
        return ask("stats");
    }

    /** Heap after a full collection (what stays live), and CPU. */
    public Stats statsAfterGc() {
        return ask("gc-stats");
    }

    /** Starts a new peak-heap window. */
    public Stats resetPeak() {
        return ask("reset-peak");
    }

    /**
     * The URL of a plain HTTP upload sink in the server's JVM ({@code POST <url>/<name>} stores the
     * body in a file; see {@link RawSink}), started on the first call.
     */
    public synchronized String rawSinkUrl() {
        try {
            in.write("raw-sink\n");
            in.flush();
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("SINK ")) {
                    return "http://127.0.0.1:"
                            + Integer.parseInt(line.substring(5).trim()) + "/raw";
                }
            }
            throw new IllegalStateException("the server process ended before it started the raw sink");
        } catch (IOException e) {
            throw new UncheckedIOException("the server process did not start the raw sink", e);
        }
    }

    private synchronized Stats ask(String command) {
        try {
            in.write(command + "\n");
            in.flush();
            String line = out.readLine();
            while (line != null && !line.startsWith("{")) {
                line = out.readLine();
            }
            JsonNode answer = JSON.readTree(line);
            return new Stats(
                    answer.get("heapUsed").asLong(),
                    answer.get("heapPeak").asLong(),
                    answer.get("cpuNanos").asLong(),
                    answer.get("threads").asInt());
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the server process did not answer '" + command + "'", e);
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return; // killed, or ended by itself
        }
        try {
            in.write("quit\n");
            in.flush();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
