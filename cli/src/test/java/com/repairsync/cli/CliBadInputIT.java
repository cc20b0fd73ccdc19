package com.repairsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bad input ends in one clear line naming the problem, the documented exit code, and no stack trace. */
class CliBadInputIT {
    @RegisterExtension
    static final ServerProcess server = ServerProcess.start();

    /** A command on a device, as a person types it (no --json). */
    private static Cli.Run on(Path device, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--device";
        all[args.length + 1] = device.toString();
        return Cli.run(all);
    }

    private static void assertOneLine(Cli.Run run, int exitCode, String... mentions) {
        assertThat(run.exitCode()).as("%s", run).isEqualTo(exitCode);
        String stderr = run.stderr().strip();
        assertThat(stderr.lines()).as("%s", run).hasSize(1);
        assertThat(stderr).startsWith("repairsync: ").contains(mentions);
        assertThat(stderr).doesNotContain("Exception", "\tat ");
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void usageErrorsNameTheFlagAndExitOne() {
        TerminalShop shop = new TerminalShop(server);
        Path desk = shop.device("front desk");
        assertOneLine(Cli.run("customer", "add", "--first-name", "Ada", "--colour", "red"), ExitCode.USAGE, "--colour");
        assertOneLine(Cli.run("frobnicate"), ExitCode.USAGE, "frobnicate");
        assertOneLine(on(desk, "customer", "show", "not-a-uuid"), ExitCode.USAGE, "not-a-uuid", "UUID");
        assertOneLine(
                on(desk, "appointment", "list", "--from", "next tuesday"), ExitCode.USAGE, "--from", "next tuesday");
        assertOneLine(
                on(
                        desk,
                        "ticket",
                        "add-part",
                        "6f1c2d3e-0000-4000-8000-000000000000",
                        "--item",
                        "6f1c2d3e-0000-4000-8000-000000000001",
                        "--quantity",
                        "-2"),
                ExitCode.USAGE,
                "--quantity",
                "between 1 and 10000");
        assertOneLine(
                on(desk, "item", "add", "--sku", "X", "--name", "Y", "--price-cents", "-5"),
                ExitCode.USAGE,
                "--price-cents");
        assertOneLine(on(desk, "customer", "add", "--last-name", "Nobody"), ExitCode.USAGE, "--first-name");
        assertOneLine(on(desk, "ticket", "list", "--status", "lost"), ExitCode.USAGE, "--status", "checked_in");
        assertOneLine(
                on(desk, "customer", "edit", "6f1c2d3e-0000-4000-8000-000000000000", "--email", "not-mail"),
                ExitCode.USAGE,
                "--email");
        assertThat(TerminalShop.on(desk, "status").json().path("pending").asInt())
                .as("nothing stored half-way")
                .isZero();
    }

    @Test
    void missingRecordsAndSignedOutDevicesHaveTheirOwnCodes() {
        TerminalShop shop = new TerminalShop(server);
        Path desk = shop.device("front desk");
        assertOneLine(
                on(desk, "customer", "show", "6f1c2d3e-0000-4000-8000-000000000000"),
                ExitCode.NOT_FOUND,
                "no customer");
        assertOneLine(
                on(desk, "failed", "discard", "6f1c2d3e-0000-4000-8000-000000000000"),
                ExitCode.NOT_FOUND,
                "no failed change");
        assertOneLine(
                Cli.run(
                        "customer",
                        "list",
                        "--device",
                        desk.resolveSibling("never-joined").toString()),
                ExitCode.NOT_SIGNED_IN,
                "login");
        assertThat(on(desk, "logout").exitCode()).isZero();
        assertOneLine(on(desk, "customer", "add", "--first-name", "After logout"), ExitCode.NOT_SIGNED_IN, "signed in");
    }

    @Test
    void anUnreachableServerIsExitThreeAndAWrongPasswordExitTwo() {
        TerminalShop shop = new TerminalShop(server);
        Path dir = shop.device("front desk").resolveSibling("fresh-" + System.nanoTime());
        assertOneLine(
                Cli.run(
                        "login",
                        "--server",
                        "http://127.0.0.1:9",
                        "--email",
                        shop.email,
                        "--password",
                        "x",
                        "--device",
                        dir.toString()),
                ExitCode.OFFLINE,
                "unreachable");
        assertOneLine(
                Cli.run(
                        "login",
                        "--server",
                        server.url(),
                        "--email",
                        shop.email,
                        "--password",
                        "wrong password",
                        "--device",
                        dir.toString()),
                ExitCode.REFUSED,
                "email or password is wrong");
        assertOneLine(
                Cli.run("login", "--server", "ftp://nowhere", "--email", shop.email, "--password", "x"),
                ExitCode.USAGE,
                "--server");
        assertOneLine(
                Cli.run(
                        "shop",
                        "create",
                        "--server",
                        server.url(),
                        "--name",
                        "Short",
                        "--email",
                        "a@b.test",
                        "--password",
                        "short"),
                ExitCode.REFUSED,
                "--password");
    }

    @Test
    void verboseAddsTheStackTraceAndJsonTurnsTheErrorIntoJson() {
        Cli.Run verbose = Cli.run(
                "login",
                "--server",
                "http://127.0.0.1:9",
                "--email",
                "a@b.test",
                "--password",
                "x",
                "--device",
                server.dataDir().resolve("no-device").toString(),
                "--verbose");
        assertThat(verbose.exitCode()).isEqualTo(ExitCode.OFFLINE);
        assertThat(verbose.stderr()).contains("OfflineException").contains("\tat ");

        Cli.Run json =
                Cli.run("customer", "show", "nope", "--device", server.dataDir().toString(), "--json");
        assertThat(json.exitCode()).isEqualTo(ExitCode.NOT_SIGNED_IN);
        assertThat(json.stdout()).isEmpty();
        assertThat(json.stderr()).contains("\"exitCode\":5");
    }

    @Test
    void ctrlCStopsTheServerCleanly() throws Exception {
        try (ServerProcess own = ServerProcess.start()) {
            assertThat(own.interrupt()).as("exit code after SIGTERM").isIn(0, 143);
        }
    }
}
