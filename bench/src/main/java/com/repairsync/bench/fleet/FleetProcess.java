package com.repairsync.bench.fleet;

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

/** The parent's handle on one {@link FleetChild}: starts it, asks it, stops it. */
public final class FleetProcess implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final Path log;

    private FleetProcess(Process process, BufferedReader out, Writer in, Path log) {
        this.process = process;
        this.out = out;
        this.in = in;
        this.log = log;
    }

    /**
     * Starts a child with this JVM's class path on a spec, its standard error in {@code log}, and
     * returns once it has started opening its sockets.
     *
     * @throws IllegalStateException if it exits before that
     */
    public static FleetProcess start(Path spec, Path log, String heap) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx" + heap, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path")));
        command.add(FleetChild.class.getName());
        command.add(spec.toString());
        try {
            Process process =
                    new ProcessBuilder(command).redirectError(log.toFile()).start();
            FleetProcess child = new FleetProcess(
                    process,
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
                    new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8),
                    log);
            child.expect("READY");
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a fleet child", e);
        }
    }

    /** Sends a command and returns the words of its answer after the answer's name. */
    public synchronized String[] ask(String command, String answer) {
        try {
            in.write(command + "\n");
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("fleet child gone (see " + log + ")", e);
        }
        return expect(answer);
    }

    private String[] expect(String answer) {
        try {
            String line = out.readLine();
            if (line == null || !line.startsWith(answer)) {
                throw new IllegalStateException(
                        "fleet child answered '" + line + "' where " + answer + " was due; see " + log);
            }
            String rest = line.substring(answer.length()).trim();
            return rest.isEmpty() ? new String[0] : rest.split(" ");
        } catch (IOException e) {
            throw new UncheckedIOException("fleet child gone (see " + log + ")", e);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** Asks the child to close its sockets and exit; ends it forcibly after ten seconds. */
    @Override
    public void close() {
        try {
            in.write("QUIT\n");
            in.flush();
        } catch (IOException alreadyGone) {
            // it exited: nothing to ask
        }
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
