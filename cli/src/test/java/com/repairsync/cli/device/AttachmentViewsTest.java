package com.repairsync.cli.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.repairsync.cli.CliException;
import com.repairsync.cli.ExitCode;
import com.repairsync.cli.Values;
import com.repairsync.client.SyncStatus;
import com.repairsync.client.records.Attachment;
import com.repairsync.client.records.AttachmentStatus;
import com.repairsync.client.records.AttachmentStatus.State;
import com.repairsync.protocol.schema.Schema;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How attachments are shown and written: status words, sizes, where {@code get} writes, file hashes as values. */
class AttachmentViewsTest {
    @TempDir
    Path temp;

    private static Attachment attachment(String fileName) {
        return new Attachment(
                "6f1c2d3e-0000-4000-8000-000000000009",
                "6f1c2d3e-0000-4000-8000-000000000001",
                null,
                "photo",
                null,
                "ab".repeat(32),
                "image/jpeg",
                2048L,
                fileName,
                null,
                "6f1c2d3e-0000-4000-8000-000000000002",
                Instant.parse("2026-11-24T14:30:00Z"),
                Instant.parse("2026-11-24T14:30:00Z"),
                Instant.parse("2026-11-24T14:30:00Z"),
                SyncStatus.SYNCED);
    }

    @Test
    void statusesReadAsTheListShowsThem() {
        assertThat(AttachmentViews.text(new AttachmentStatus(State.PENDING_UPLOAD, 0, null, true, true)))
                .isEqualTo("pending");
        assertThat(AttachmentViews.text(new AttachmentStatus(State.UPLOADING, 40, null, true, true)))
                .isEqualTo("uploading 40%");
        assertThat(AttachmentViews.text(new AttachmentStatus(State.SYNCED, 100, null, false, true)))
                .isEqualTo("synced");
        assertThat(AttachmentViews.text(new AttachmentStatus(State.FAILED, 10, "too large", true, true)))
                .isEqualTo("failed: too large");
        assertThat(AttachmentViews.state(new AttachmentStatus(State.PENDING_UPLOAD, 0, null, true, true)))
                .isEqualTo("pending");
    }

    @Test
    void sizesAreForPeople() {
        assertThat(AttachmentViews.size(812)).isEqualTo("812 B");
        assertThat(AttachmentViews.size(12_595)).isEqualTo("12.3 KB");
        assertThat(AttachmentViews.size(4L << 20)).isEqualTo("4.0 MB");
    }

    @Test
    void getWritesIntoAFolderUnderTheFilesOwnNameWithoutItsPath() {
        assertThat(AttachmentCommands.target(temp, attachment("../../etc/front.jpg"), false))
                .isEqualTo(temp.resolve("front.jpg"));
        assertThat(AttachmentCommands.target(temp, attachment(null), false))
                .isEqualTo(temp.resolve("6f1c2d3e-0000-4000-8000-000000000009"));
        assertThat(AttachmentCommands.target(temp.resolve("out.jpg"), attachment("x.jpg"), false))
                .isEqualTo(temp.resolve("out.jpg"));
    }

    @Test
    void getRefusesToReplaceAFileWithoutForceAndNeedsItsFolder() throws Exception {
        Path existing = Files.writeString(temp.resolve("out.jpg"), "mine");
        assertThatThrownBy(() -> AttachmentCommands.target(existing, attachment("x.jpg"), false))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("--out")
                .hasMessageContaining("--force")
                .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCode.USAGE));
        assertThat(AttachmentCommands.target(existing, attachment("x.jpg"), true))
                .isEqualTo(existing);
        assertThatThrownBy(() -> AttachmentCommands.target(temp.resolve("no/such/out.jpg"), attachment("x"), false))
                .hasMessageContaining("no such folder");
    }

    @Test
    void writeRenamesIntoPlaceAndReturnsTheSha256() throws Exception {
        byte[] bytes = "not really a photo".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path target = temp.resolve("out.jpg");

        String sha256 = AttachmentCommands.write(new ByteArrayInputStream(bytes), target);

        assertThat(target).hasBinaryContent(bytes);
        assertThat(sha256)
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        try (var left = Files.list(temp)) {
            assertThat(left).containsExactly(target);
        }
    }

    @Test
    void fileHashesAreValuesCheckedByTheirDeclaration() {
        var fileHash = Schema.ATTACHMENTS.field("fileHash").orElseThrow();
        assertThat(Values.parse(fileHash, "--file-hash", "ab".repeat(32))).isEqualTo("ab".repeat(32));
        assertThatThrownBy(() -> Values.parse(fileHash, "--file-hash", "xyz"))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("--file-hash")
                .hasMessageContaining("SHA-256");
    }
}
