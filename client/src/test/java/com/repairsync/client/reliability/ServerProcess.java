package com.repairsync.client.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The real server ({@code com.repairsync.server.ServerMain}) in its own JVM on a fixed port and
 * data directory, so it can be killed with SIGKILL and started again on the same data.
 */
final class ServerProcess {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final List<String> output = new ArrayList<>();
    private final long launched = System.nanoTime();
    private volatile long readyAfterMillis = -1;

    private ServerProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "server-process-out");
        reader.setDaemon(true);
        reader.start();
    }

    /** Launches the server; returns at once (see {@link #awaitReady}). */
    static ServerProcess launch(Path dataDir, int port) {
        List<String> command =
                new ArrayList<>(com.repairsync.testkit.ChildJvm.onClassPath(dataDir.getParent(), "-Xshare:auto"));
        command.addAll(List.of(
                "com.repairsync.server.ServerMain",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--data",
                dataDir.toString(),
                "--argon2-memory-kib",
                "1024",
                "--argon2-iterations",
                "1",
                "--shutdown-grace",
                "0s"));
        try {
            return new ServerProcess(
                    new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch the server process", e);
        }
    }

    /** A port that was free a moment ago, for a server that must come back on the same one. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the "ready" line; fails with the process's output if it never comes. */
    ServerProcess awaitReady() throws InterruptedException {
        if (!ready.await(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("server process not ready within " + READY_TIMEOUT + ": " + output());
        }
        return this;
    }

    /** Milliseconds from launch to the ready line, or -1 before it. */
    long readyAfterMillis() {
        return readyAfterMillis;
    }

    boolean isReady() {
        return ready.getCount() == 0;
    }

    /** SIGKILL, and waits until the process is gone (its port and files are released). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("server process survived SIGKILL");
        }
    }

    int exitCode() {
        return process.exitValue();
    }

    synchronized List<String> output() {
        return List.copyOf(output);
    }

    private void read() {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (this) {
                    if (output.size() < 200) {
                        output.add(line);
                    }
                }
                if (line.startsWith("RepairSync server ready on ")) {
                    readyAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - launched);
                    ready.countDown();
                }
            }
        } catch (IOException killed) {
            // the process died: that is what it is for
        }
    }
}
