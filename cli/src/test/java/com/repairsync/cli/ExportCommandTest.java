package com.repairsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code repairsync export}'s bad input, in process: no server or device needed. */
class ExportCommandTest {
    @TempDir
    Path temp;

    private record Outcome(int exitCode, String stderr) {}

    private static Outcome run(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int exitCode = RepairSyncCli.run(args);
            return new Outcome(exitCode, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(err);
        }
    }

    @Test
    void anUnknownFormatNamesTheFlagAndTheAcceptedValues() {
        Outcome outcome = run(
                "export",
                "--device",
                temp.toString(),
                "--out",
                temp.resolve("out").toString(),
                "--format",
                "xlsx");

        assertThat(outcome.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(outcome.stderr()).contains("--format", "csv, jsonl", "xlsx");
        assertThat(temp.resolve("out")).doesNotExist();
    }

    @Test
    void aFolderWithoutAJoinedDeviceSaysSo() {
        Outcome outcome = run(
                "export",
                "--device",
                temp.toString(),
                "--out",
                temp.resolve("out").toString());

        assertThat(outcome.exitCode()).isEqualTo(ExitCode.NOT_SIGNED_IN);
        assertThat(outcome.stderr()).contains("no device in", "repairsync login");
        assertThat(temp.resolve("out")).doesNotExist();
    }
}
