package com.repairsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs {@link RepairSyncCli} inside the test JVM, with stdout and stderr captured: for the checks of
 * bad input that are refused before a device is opened, and for device commands of tests that need
 * no process of their own (no process to start, so each takes milliseconds after the first). Output
 * is captured per thread, so tests running at the same time (failsafe runs two) keep theirs apart.
 */
final class InProcessCli {
    private InProcessCli() {}

    /** What a command left. */
    record Outcome(int exitCode, String stdout, String stderr) {
        com.fasterxml.jackson.databind.JsonNode json() {
            try {
                return Cli.JSON.readTree(stdout);
            } catch (java.io.IOException e) {
                throw new AssertionError("stdout is not one JSON document: " + this, e);
            }
        }
    }

    /** Runs a command with {@code --device} naming {@code device}. */
    static Outcome run(Path device, String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--device";
        all[args.length + 1] = device.toString();
        return command(all);
    }

    /** Runs a command line as it is. */
    static Outcome command(String... all) {
        routeOnce();
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        CAPTURE.set(new ByteArrayOutputStream[] {capturedOut, capturedErr});
        try {
            int exitCode = RepairSyncCli.run(all);
            return new Outcome(
                    exitCode,
                    capturedOut.toString(StandardCharsets.UTF_8),
                    capturedErr.toString(StandardCharsets.UTF_8));
        } finally {
            CAPTURE.remove();
        }
    }

    /**
     * Where the thread running a command writes its stdout and stderr ([0] and [1]); other threads,
     * such as a concurrent test's, write where they always did.
     */
    private static final ThreadLocal<ByteArrayOutputStream[]> CAPTURE = new ThreadLocal<>();

    /** Puts the per-thread routing in place of {@code System.out} and {@code System.err}, once. */
    private static synchronized void routeOnce() {
        if (!(System.out instanceof Routed)) {
            System.setOut(new Routed(System.out, 0));
        }
        if (!(System.err instanceof Routed)) {
            System.setErr(new Routed(System.err, 1));
        }
    }

    /** A standard stream that writes to the running command's capture, if this thread runs one. */
    private static final class Routed extends PrintStream {
        Routed(PrintStream original, int stream) {
            super(
                    new OutputStream() {
                        @Override
                        public void write(int b) throws java.io.IOException {
                            target().write(b);
                        }

                        @Override
                        public void write(byte[] bytes, int offset, int length) throws java.io.IOException {
                            target().write(bytes, offset, length);
                        }

                        @Override
                        public void flush() {
                            original.flush();
                        }

                        private OutputStream target() {
                            ByteArrayOutputStream[] capture = CAPTURE.get();
                            return capture == null ? original : capture[stream];
                        }
                    },
                    true,
                    StandardCharsets.UTF_8);
        }
    }

    /** A usage error: exit code 2, one line on stderr naming every mention, nothing on stdout. */
    static void assertUsage(Outcome outcome, String... mentions) {
        assertThat(outcome.exitCode()).as("%s", outcome).isEqualTo(ExitCode.USAGE);
        assertThat(outcome.stderr().strip().lines()).as("%s", outcome).hasSize(1);
        assertThat(outcome.stderr()).startsWith("repairsync: ").contains(mentions);
        assertThat(outcome.stdout()).isEmpty();
    }
}
