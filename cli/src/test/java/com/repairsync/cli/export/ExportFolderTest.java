package com.repairsync.cli.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.repairsync.cli.CliException;
import com.repairsync.cli.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportFolderTest {
    private static final List<String> NAMES = List.of("customers.csv", "customers.jsonl");

    @TempDir
    Path temp;

    @Test
    void filesAppearOnlyOnCommitInAnOwnerOnlyFolder() throws Exception {
        Path out = temp.resolve("new/exports");
        try (ExportFolder folder = ExportFolder.prepare(out, NAMES, false)) {
            Path part = folder.temporary("customers.csv");
            Files.writeString(part, "id\r\n");
            assertThat(out.resolve("customers.csv")).doesNotExist();
            folder.commit();
        }
        assertThat(out.resolve("customers.csv")).hasContent("id");
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("customers.csv");
        }
        assumeTrue(out.getFileSystem().supportedFileAttributeViews().contains("posix"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("customers.csv"))))
                .isEqualTo("rw-------");
    }

    @Test
    void aFolderWithAnEarlierExportIsRefusedUnlessForced() throws Exception {
        Files.writeString(temp.resolve("customers.jsonl"), "{}\n");

        assertThatThrownBy(() -> ExportFolder.prepare(temp, NAMES, false))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("--out")
                .hasMessageContaining("customers.jsonl")
                .hasMessageContaining("--force")
                .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCode.USAGE));
        try (ExportFolder folder = ExportFolder.prepare(temp, NAMES, true)) {
            Files.writeString(folder.temporary("customers.jsonl"), "{\"id\":\"new\"}\n");
            folder.commit();
        }
        assertThat(temp.resolve("customers.jsonl")).hasContent("{\"id\":\"new\"}");
    }

    @Test
    void anUncommittedExportLeavesNothingBehind() throws Exception {
        try (ExportFolder folder = ExportFolder.prepare(temp, NAMES, false)) {
            Files.writeString(folder.temporary("customers.csv"), "half");
        }
        try (var files = Files.list(temp)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aFileIsNoFolder() throws Exception {
        Path file = Files.writeString(temp.resolve("notes.txt"), "x");

        assertThatThrownBy(() -> ExportFolder.prepare(file, NAMES, false))
                .hasMessageContaining("--out")
                .hasMessageContaining("not a folder");
    }
}
