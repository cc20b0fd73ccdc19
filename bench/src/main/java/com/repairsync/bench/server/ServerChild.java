package com.repairsync.bench.server;

import com.repairsync.bench.HeapPeak;
import com.repairsync.bench.ProcessCpu;
import com.repairsync.server.RepairSyncServer;
import com.repairsync.server.ServerConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/**
 * The server under test, in its own JVM so that its heap and CPU are its own: starts {@link
 * RepairSyncServer} with the given flags, prints {@code READY <port>}, then answers one line of
 * JSON for each command read from stdin ({@code stats}, {@code gc-stats}, {@code reset-peak}) until
 * {@code quit} or the end of stdin. {@code raw-sink} starts the attachments scenario's {@link
 * RawSink} (once) and answers {@code SINK <port>}.
 */
public final class ServerChild {
    private static final HeapPeak HEAP = HeapPeak.watch();

    /**
     * The server's settings from the environment start with this; the child reads those the harness
     * set for it (and {@link ServerProcess} removes the rest of the harness's).
     */
    static final String ENVIRONMENT_PREFIX = "REPAIRSYNC_";

    private ServerChild() {}

    private static final java.io.PrintStream CONTROL = new java.io.PrintStream(
            new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);

    public static void main(String[] args) throws IOException {
        System.setOut(System.err); // the server's log goes to server.log; stdout carries only answers
        RepairSyncServer server =
                RepairSyncServer.start(ServerConfig.parse(args, settingsFromEnvironment()), Clock.systemUTC());
        CONTROL.println("READY " + server.port());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        RawSink sink = null;
        for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
            switch (line) {
                case "raw-sink" -> {
                    if (sink == null) {
                        sink = RawSink.start(dataDir(args).resolve("raw-sink"));
                    }
                    CONTROL.println("SINK " + sink.port());
                }
                case "gc-stats" -> {
                    collectGarbage();
                    answer();
                }
                case "reset-peak" -> {
                    HEAP.reset();
                    answer();
                }
                default -> answer();
            }
        }
        if (sink != null) {
            sink.stop();
        }
        server.stop();
        System.exit(0);
    }

    /** The {@code REPAIRSYNC_*} variables of this process: only those the harness set (see {@link ServerProcess}). */
    private static Map<String, String> settingsFromEnvironment() {
        Map<String, String> settings = new java.util.HashMap<>();
        System.getenv().forEach((name, value) -> {
            if (name.startsWith(ENVIRONMENT_PREFIX)) {
                settings.put(name, value);
            }
        });
        return settings;
    }

    /** The {@code --data} directory among the server's flags (the harness always passes one). */
    private static java.nio.file.Path dataDir(String[] args) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--data")) {
                return java.nio.file.Path.of(args[i + 1]);
            }
        }
        return java.nio.file.Path.of("data");
    }

    private static void answer() {
        CONTROL.println("{\"heapUsed\":" + HeapPeak.used() + ",\"heapPeak\":" + HEAP.peak() + ",\"cpuNanos\":"
                + ProcessCpu.nanos() + ",\"threads\":" + Thread.activeCount() + "}");
    }

    private static void collectGarbage() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
    }
}
