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
 * {@code quit} or the end of stdin.
 */
public final class ServerChild {
    private static final HeapPeak HEAP = HeapPeak.watch();

    private ServerChild() {}

    private static final java.io.PrintStream CONTROL = new java.io.PrintStream(
            new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);

    public static void main(String[] args) throws IOException {
        System.setOut(System.err); // the server's log goes to server.log; stdout carries only answers
        RepairSyncServer server = RepairSyncServer.start(ServerConfig.parse(args, Map.of()), Clock.systemUTC());
        CONTROL.println("READY " + server.port());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
            switch (line) {
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
        server.stop();
        System.exit(0);
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
