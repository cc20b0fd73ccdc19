package com.repairsync.client.reliability;

import com.repairsync.protocol.Mutation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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
        ClassData classData = classData();
        return start(classData.classPath(), dataDir, port, classData.flags());
    }

    private static ServerProcess start(String classPath, Path dataDir, int port, String... flags) {
        List<String> command =
                new ArrayList<>(com.repairsync.testkit.ChildJvm.onClassPath(classPath, dataDir.getParent(), flags));
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
                "--shops-per-address",
                "100000",
                "--shutdown-grace",
                "0s"));
        try {
            return new ServerProcess(
                    new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch the server process", e);
        }
    }

    /** The class path and class-data flags of the server processes. */
    private record ClassData(String classPath, String... flags) {}

    private static ClassData classData; // guarded by ServerProcess.class

    /**
     * A class-data-sharing archive of the server's classes, made once per test JVM by a server that
     * starts on an empty folder and stops on SIGTERM (a killed JVM writes none): every server after
     * it starts about a second sooner, most of what a kill and restart costs. The servers run on
     * the jars of this JVM's class path, since a folder on it rules the archive out; where the
     * server's classes are in folders (an IDE run), they run as before, on the whole class path.
     */
    private static synchronized ClassData classData() {
        if (classData == null) {
            classData = new ClassData(System.getProperty("java.class.path"), "-Xshare:auto");
            com.repairsync.testkit.ChildJvm.jarsOnly(com.repairsync.server.ServerMain.class, Mutation.class)
                    .ifPresent(jars -> archive(jars)
                            .ifPresent(archive -> classData =
                                    new ClassData(jars, "-XX:SharedArchiveFile=" + archive, "-Xshare:auto")));
        }
        return classData;
    }

    private static Optional<Path> archive(String jars) {
        long started = System.nanoTime();
        try {
            Path dir = Files.createTempDirectory("repairsync-server-classes-");
            Path archive = dir.resolve("server.jsa");
            dir.toFile().deleteOnExit();
            archive.toFile().deleteOnExit();
            ServerProcess server = start(jars, dir.resolve("data"), 0, "-XX:ArchiveClassesAtExit=" + archive);
            try {
                server.awaitReady();
            } finally {
                server.process.destroy(); // SIGTERM: the clean exit writes the archive
                server.process.waitFor(60, TimeUnit.SECONDS);
            }
            deleteTree(dir.resolve("data"));
            System.out.printf(
                    "ServerProcess: class-data archive %s in %d ms%n",
                    Files.isRegularFile(archive) ? "written" : "NOT written (servers start without it)",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return Files.isRegularFile(archive) ? Optional.of(archive) : Optional.empty();
        } catch (IOException | AssertionError e) {
            System.out.println("ServerProcess: no class-data archive, servers start without it: " + e);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
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
