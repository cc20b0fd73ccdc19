package com.repairsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code repairsync.jar} as a separate process, as a shop's script would: arguments
 * in, exit code, stdout and stderr out. The jar is the one {@code mvn package} built.
 */
final class Cli {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JAR = Path.of(System.getProperty("repairsync.cli.jar", "target/repairsync.jar"));

    /** What a finished command left. */
    record Run(int exitCode, String stdout, String stderr) {
        JsonNode json() {
            try {
                return JSON.readTree(stdout);
            } catch (IOException e) {
                throw new AssertionError("stdout is not one JSON document: " + this, e);
            }
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    private Cli() {}

    static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(com.repairsync.testkit.ChildJvm.java());
        command.add("-XX:TieredStopAtLevel=1"); // short-lived processes: start fast
        command.add("-jar");
        command.add(JAR.toAbsolutePath().toString());
        command.addAll(args);
        return command;
    }

    static ProcessBuilder builder(List<String> args, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command(args));
        builder.environment().remove("REPAIRSYNC_DEVICE");
        builder.environment().remove("REPAIRSYNC_PASSWORD");
        builder.environment().putAll(env);
        return builder;
    }

    /** Runs to completion (at most two minutes) with nothing on stdin. */
    static Run run(String... args) {
        return run(Map.of(), args);
    }

    static Run run(Map<String, String> env, String... args) {
        try {
            Path out = Files.createTempFile("repairsync-cli-out", ".txt");
            Path err = Files.createTempFile("repairsync-cli-err", ".txt");
            Process process = builder(List.of(args), env)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("repairsync " + String.join(" ", args) + " did not finish in 120 s");
            }
            Run run = new Run(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A file holding a secret, for {@code --password-file} and {@code --pin-file}. */
    static Path secretFile(String secret) {
        try {
            Path file = Files.createTempFile("repairsync-secret", ".txt");
            Files.writeString(file, secret + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
