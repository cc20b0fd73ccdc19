package com.repairsync.cli;

import static com.repairsync.cli.InProcessCli.assertUsage;
import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.cli.InProcessCli.Outcome;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to {@code field add/change/list/remove}, in process: each is refused naming its
 * argument or flag before a device is opened (the device folder here stays absent), so nothing is
 * stored. Checks that need the device's declarations ({@code --field}) are in {@code
 * CliCustomFieldsIT}.
 */
class FieldCommandsTest {
    @TempDir
    Path temp;

    private Outcome run(String... args) {
        return InProcessCli.run(temp.resolve("device"), args);
    }

    @AfterEach
    void noDeviceWasOpened() {
        assertThat(temp.resolve("device")).as("no device was opened").doesNotExist();
    }

    @Test
    void theEntityMustTakeCustomFields() {
        assertUsage(run("field", "add", "gizmo", "colour", "--type", "text"), "ENTITY", "'gizmo'");
        assertUsage(
                run("field", "add", "employee", "shoeSize", "--type", "number"),
                "ENTITY",
                "employees",
                "customer, ticket, item");
        assertUsage(run("field", "add", "appointments", "room", "--type", "text"), "ENTITY", "appointments");
        assertUsage(run("field", "list", "part"), "ENTITY", "ticketParts");
        assertUsage(run("field", "remove", "employee", "shoeSize"), "ENTITY");
    }

    @Test
    void theTypeIsOneOfSix() {
        assertUsage(
                run("field", "add", "ticket", "colour", "--type", "colour"),
                "--type",
                "text, number, money, yes-no, choice, date",
                "'colour'");
        assertUsage(run("field", "add", "ticket", "colour"), "--type");
    }

    @Test
    void aChangeSaysWhatToChange() {
        assertUsage(run("field", "change", "ticket", "accessories"), "--label", "--add-choice", "--position");
        assertUsage(run("field", "change", "ticket", "accessories", "--position", "10001"), "--position", "0 to 10000");
        assertUsage(
                run("field", "change", "ticket", "accessories", "--position", "last"), "--position", "whole number");
        Outcome both = run("field", "change", "ticket", "accessories", "--required", "--optional");
        assertThat(both.exitCode()).as("%s", both).isEqualTo(ExitCode.USAGE);
        assertThat(both.stderr()).contains("--required", "--optional");
        assertUsage(InProcessCli.command("field"), "add, list, change, remove or restore");
    }
}
