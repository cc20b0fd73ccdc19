package com.repairsync.cli;

import static com.repairsync.cli.InProcessCli.assertUsage;
import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.cli.InProcessCli.Outcome;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to {@code history}, {@code audit}, {@code conflicts keep-mine/keep-theirs} and {@code
 * customer erase}, in process: each is refused naming its flag or argument before a device is
 * opened (the device folder here stays absent), so nothing is asked of a server or stored.
 */
class HistoryCommandsTest {
    private static final String ID = "6f1c2d3e-0000-4000-8000-000000000000";

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
    void historyNamesTheEntityIdLimitOrBeforeThatIsWrong() {
        assertUsage(run("history", "gizmo", ID), "ENTITY", "'gizmo'", "customer, ticket, part");
        assertUsage(run("history", "ticket", "42"), "ID", "'42'", "UUID");
        assertUsage(run("history", "ticket", ID, "--limit", "0"), "--limit", "1 to 200");
        assertUsage(run("history", "ticket", ID, "--limit", "201"), "--limit", "1 to 200");
        assertUsage(run("history", "ticket", ID, "--limit", "many"), "--limit", "whole number");
        assertUsage(run("history", "ticket", ID, "--before", "-3"), "--before");
        assertUsage(run("history", "ticket"), "ID");
    }

    @Test
    void auditNamesTheFilterThatIsWrong() {
        assertUsage(run("audit", "--from", "last week"), "--from", "'last week'");
        assertUsage(run("audit", "--to", "soon"), "--to", "'soon'");
        assertUsage(run("audit", "--from", "2026-02-01", "--to", "2026-01-01"), "--from", "after --to");
        assertUsage(run("audit", "--entity", "gizmos"), "--entity", "'gizmos'");
        assertUsage(run("audit", "--employee", "Tom"), "--employee", "id or e-mail");
        assertUsage(run("audit", "--device-id", " "), "--device-id");
        assertUsage(run("audit", "--limit", "501"), "--limit", "1 to 500");
        assertUsage(run("audit", "--before", "0"), "--before");
    }

    @Test
    void conflictChoicesAndErasureNameTheirArgument() {
        assertUsage(run("conflicts", "keep-mine", "first"), "ID", "whole number");
        assertUsage(run("conflicts", "keep-theirs", "x"), "ID", "whole number");
        assertUsage(run("conflicts", "dismiss", "x"), "ID", "whole number");
        assertUsage(run("customer", "erase", "ada"), "ID", "'ada'");
        assertUsage(run("customer", "erase", ID), "cannot be undone", "--yes");
    }
}
