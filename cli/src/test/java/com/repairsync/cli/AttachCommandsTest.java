package com.repairsync.cli;

import static com.repairsync.cli.InProcessCli.assertUsage;
import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.cli.InProcessCli.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attachment commands' bad input, in process: every argument is checked before a device is
 * opened, so none is needed (the device folder here is empty), and nothing is stored.
 */
class AttachCommandsTest {
    private static final String TICKET = "6f1c2d3e-0000-4000-8000-000000000000";

    @TempDir
    Path temp;

    private Path photo;

    @BeforeEach
    void photo() throws Exception {
        photo = temp.resolve("front.jpg");
        Files.write(photo, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0});
    }

    private Outcome run(String... args) {
        return InProcessCli.run(temp.resolve("device"), args);
    }

    @Test
    void aMissingFileOrAFolderIsRefusedNamingTheFileArgument() {
        assertUsage(
                run("ticket", "attach", TICKET, temp.resolve("nope.jpg").toString()),
                "FILE",
                "no such file",
                "nope.jpg");
        assertUsage(run("ticket", "attach", TICKET, temp.toString()), "FILE", "is a folder");
        assertUsage(run("customer", "attach", TICKET, temp.resolve("gone.pdf").toString()), "FILE", "gone.pdf");
    }

    @Test
    void badIdsKindsCaptionsAndWaitsAreRefusedNamingTheirArgument() {
        assertUsage(run("ticket", "attach", "not-an-id", photo.toString()), "TICKET", "not-an-id");
        assertUsage(run("customer", "attach", "42", photo.toString()), "CUSTOMER", "42");
        assertUsage(run("ticket", "attach", TICKET, photo.toString(), "--kind", "sticker"), "--kind", "sticker");
        assertUsage(run("ticket", "attach", TICKET, photo.toString(), "--caption", "x".repeat(501)), "--caption");
        assertUsage(run("ticket", "attach", TICKET, photo.toString(), "--wait", "soon"), "--wait", "soon");
        assertUsage(run("ticket", "attach", TICKET), "FILE");
        assertThat(temp.resolve("device")).as("no device was opened").doesNotExist();
    }

    @Test
    void attachmentsAreNotAddedOrEditedByFieldsButPointToTicketAttach() {
        assertUsage(run("attachment", "add", "--file-hash", "ab".repeat(32)), "repairsync ticket attach TICKET FILE");
        assertUsage(run("attachment", "edit", TICKET, "--caption", "new"), "cannot be changed", "ticket attach");
    }

    @Test
    void attachmentListWantsATicketOrACustomer() {
        assertUsage(run("attachment", "list"), "TICKET", "--customer");
        assertUsage(run("attachment", "list", TICKET, "--customer", TICKET), "one of them");
        assertUsage(run("attachment", "list", "nope"), "TICKET", "nope");
        assertUsage(run("attachment", "get", TICKET), "--out");
    }
}
