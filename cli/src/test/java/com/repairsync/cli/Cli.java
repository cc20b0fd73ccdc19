package com.repairsync.cli;

import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.cli.device.TestPinCost;
import com.repairsync.client.internal.FolderKeyVault;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sqlite.util.OSInfo;

/**
 * Runs the real {@code repairsync.jar} as a separate process, as a shop's script would: arguments
 * in, exit code, stdout and stderr out. The jar is the one {@code mvn package} built.
 */
final class Cli {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JAR = Path.of(System.getProperty("repairsync.cli.jar", "target/repairsync.jar"));

    /**
     * A class-data-sharing archive of the jar's classes, written by this test JVM's first device
     * command (one with {@code --device}: it opens a device database and talks to the server, so it
     * loads nearly every class later commands need; {@code shop create} loads only about half of
     * them): later commands load classes from it and start about 0.7 s sooner. Made fresh per test
     * JVM, so it always matches the jar just built.
     */
    private static final Path CLASS_DATA = JAR.toAbsolutePath().resolveSibling("cli-test-classes.jsa");

    /**
     * SQLite's native library, unpacked once per test JVM: each command loads it from here instead
     * of unpacking its own copy into the temporary folder and comparing it byte by byte (about 0.1 s
     * a command, and no copies left behind by killed commands).
     */
    private static final Path SQLITE_NATIVE = JAR.toAbsolutePath().resolveSibling("cli-test-sqlite");

    /** The driver's native library, named as it is inside the driver's jar. */
    private static final String SQLITE_LIBRARY = System.mapLibraryName("sqlitejdbc");

    private static final AtomicBoolean classDataStarted = new AtomicBoolean();

    /**
     * Where the commands' devices keep their database keys: the build's {@code
     * REPAIRSYNC_DEVICE_KEYS} ({@code target/device-keys}), else the same folder, so no command
     * writes a key into the real home or OS keyring.
     */
    static final Path DEVICE_KEYS = Path.of(
                    System.getenv().getOrDefault(FolderKeyVault.FOLDER_VARIABLE, "target/device-keys"))
            .toAbsolutePath();

    static {
        try {
            Files.deleteIfExists(CLASS_DATA);
            String library = "/org/sqlite/native/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + SQLITE_LIBRARY;
            try (InputStream in = OSInfo.class.getResourceAsStream(library)) {
                Files.createDirectories(SQLITE_NATIVE);
                Files.copy(in, SQLITE_NATIVE.resolve(SQLITE_LIBRARY), REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

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
        return command(args, null);
    }

    /** The command line; {@code dumpClassesTo} makes the process write the class-data archive there at exit. */
    private static List<String> command(List<String> args, Path dumpClassesTo) {
        List<String> command = new ArrayList<>(com.repairsync.testkit.ChildJvm.java());
        command.add("-XX:TieredStopAtLevel=1"); // short-lived processes: start fast
        command.add("-XX:+UseSerialGC");
        command.add("-Xlog:disable"); // JVM notes (class data sharing's among them) would land in stdout
        command.add("-Dorg.sqlite.lib.path=" + SQLITE_NATIVE);
        command.add("-Dorg.sqlite.lib.name=" + SQLITE_LIBRARY);
        if (dumpClassesTo != null) {
            command.add("-XX:ArchiveClassesAtExit=" + dumpClassesTo);
        } else if (Files.isRegularFile(CLASS_DATA)) {
            command.add("-XX:SharedArchiveFile=" + CLASS_DATA);
        }
        command.add("-jar");
        command.add(JAR.toAbsolutePath().toString());
        command.addAll(args);
        return command;
    }

    static ProcessBuilder builder(List<String> args, Map<String, String> env) {
        return builder(args, env, null);
    }

    private static ProcessBuilder builder(List<String> args, Map<String, String> env, Path dumpClassesTo) {
        ProcessBuilder builder = new ProcessBuilder(command(args, dumpClassesTo));
        builder.environment().remove("REPAIRSYNC_DEVICE");
        builder.environment().remove("REPAIRSYNC_PASSWORD");
        builder.environment().put(FolderKeyVault.FOLDER_VARIABLE, DEVICE_KEYS.toString());
        // Test-only: PIN hashes at the policy's cost would add about a second per set-pin and switch.
        builder.environment().put(TestPinCost.VARIABLE, "64,1,1");
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
            Path dumpClassesTo = List.of(args).contains("--device") && classDataStarted.compareAndSet(false, true)
                    ? CLASS_DATA.resolveSibling(CLASS_DATA.getFileName() + ".part")
                    : null;
            Process process = builder(List.of(args), env, dumpClassesTo)
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
            if (dumpClassesTo != null && Files.isRegularFile(dumpClassesTo)) {
                Files.move(dumpClassesTo, CLASS_DATA, StandardCopyOption.ATOMIC_MOVE);
            }
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
