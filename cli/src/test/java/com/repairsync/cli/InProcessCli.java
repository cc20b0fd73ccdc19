package com.repairsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs {@link RepairSyncCli} inside the test JVM, with stdout and stderr captured, for the checks of
 * bad input that are refused before a device is opened: no process to start, so each takes
 * milliseconds.
 */
final class InProcessCli {
    private InProcessCli() {}

    /** What a command left. */
    record Outcome(int exitCode, String stdout, String stderr) {}

    /** Runs a command with {@code --device} naming {@code device}. */
    static Outcome run(Path device, String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--device";
        all[args.length + 1] = device.toString();
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
        try {
            int exitCode = RepairSyncCli.run(all);
            return new Outcome(
                    exitCode,
                    capturedOut.toString(StandardCharsets.UTF_8),
                    capturedErr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
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
