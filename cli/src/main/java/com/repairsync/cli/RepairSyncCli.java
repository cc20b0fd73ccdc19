package com.repairsync.cli;

import com.repairsync.cli.demo.DemoCommand;
import com.repairsync.cli.device.AuditCommand;
import com.repairsync.cli.device.ConflictCommands;
import com.repairsync.cli.device.DevicesCommands;
import com.repairsync.cli.device.EntityCommands;
import com.repairsync.cli.device.FieldCommands;
import com.repairsync.cli.device.HistoryCommand;
import com.repairsync.cli.device.LoginCommand;
import com.repairsync.cli.device.QueueCommands;
import com.repairsync.cli.device.SessionCommands;
import com.repairsync.cli.device.SyncCommand;
import com.repairsync.cli.seed.SeedCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code repairsync}: the sync server, a shop device in the terminal, sample data and the demo.
 * Every failure ends as one line on stderr and a documented {@link ExitCode}; {@code --verbose}
 * adds the stack trace.
 */
@Command(
        name = "repairsync",
        mixinStandardHelpOptions = true,
        versionProvider = RepairSyncCli.Version.class,
        description =
                "Offline-first sync for repair shops: run the server, work as a shop device, seed data, watch the demo.",
        subcommands = {
            DemoCommand.class,
            ServerCommand.class,
            BackupCommands.Backup.class,
            BackupCommands.Restore.class,
            ShopCommand.class,
            LoginCommand.class,
            SessionCommands.Logout.class,
            SessionCommands.Whoami.class,
            SessionCommands.Switch.class,
            SessionCommands.Repin.class,
            SyncCommand.class,
            QueueCommands.Status.class,
            QueueCommands.Failed.class,
            ConflictCommands.Conflicts.class,
            HistoryCommand.class,
            AuditCommand.class,
            DevicesCommands.Devices.class,
            FieldCommands.Field.class,
            SeedCommand.class,
            com.repairsync.cli.device.ExportCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Record commands: customer, ticket, part, item, employee, appointment (add, list, show, edit, delete,",
            "deleted, undelete); attachment (list, get, show, delete, deleted, undelete): add one with",
            "ticket attach TICKET FILE or customer attach. customer erase ID erases a person's details (admins).",
            "The shop's own fields: field add ticket accessories --type text, then ticket add ... --field",
            "accessories=\"charger, case\" (also on customer and item add and edit).",
            "",
            "Exit codes: 0 ok, 1 usage, 2 refused (wrong password or PIN, not allowed, change rejected),",
            "3 offline (server unreachable), 4 not found, 5 not signed in, 10 internal error.",
            "",
            "Examples:",
            "  repairsync demo",
            "  repairsync server --port 8787 --data ./data",
            "  repairsync backup --data ./data --out shop-backup.db",
            "  repairsync customer list --json"
        })
public final class RepairSyncCli implements Runnable {
    @Option(
            names = "--json",
            scope = ScopeType.INHERIT,
            description = "print one JSON document (errors as JSON on stderr)")
    boolean json;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "show stack traces of failures")
    boolean verbose;

    @picocli.CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        // Our own logging setup by name: the server jar on the class path carries its logback.xml too.
        System.setProperty("logback.configurationFile", "repairsync-cli-logback.xml");
        if (args.length > 0 && args[0].equals("server")) {
            System.setProperty("repairsync.log.level", "INFO"); // read by logback.xml when logging starts
        }
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code. */
    public static int run(String... args) {
        CommandLine commandLine = commandLine();
        return commandLine.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new RepairSyncCli());
        EntityCommands.register(commandLine);
        ServerCommand.addSettingOptions(
                commandLine.getSubcommands().get("server").getCommandSpec());
        commandLine.setParameterExceptionHandler(RepairSyncCli::usageError);
        commandLine.setExecutionExceptionHandler((thrown, failed, parsed) -> failure(thrown, failed));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine failed = e.getCommandLine();
        Terminal terminal = terminalFor(failed, args);
        report(
                terminal,
                ExitCode.USAGE,
                e.getMessage() + " (see '" + failed.getCommandSpec().qualifiedName() + " --help')",
                e);
        return ExitCode.USAGE;
    }

    private static int failure(Exception thrown, CommandLine failed) {
        Failures.Failure failure = Failures.describe(thrown);
        Terminal terminal = Terminal.of(failed.getCommandSpec());
        report(terminal, failure.exitCode(), failure.message(), thrown);
        return failure.exitCode();
    }

    private static void report(Terminal terminal, int exitCode, String message, Throwable thrown) {
        if (terminal.json()) {
            var error = Terminal.object();
            error.putObject("error").put("exitCode", exitCode).put("message", message);
            terminal.err().println(error);
        } else {
            terminal.err().println("repairsync: " + message);
        }
        if (terminal.verbose()) {
            thrown.printStackTrace(terminal.err());
        }
        terminal.err().flush();
    }

    /** A parse failed, so --json and --verbose are looked for in the raw arguments. */
    private static Terminal terminalFor(CommandLine failed, String[] args) {
        java.util.List<String> given = java.util.List.of(args);
        return new Terminal(
                given.contains("--json"),
                given.contains("--verbose"),
                System.out,
                System.err,
                System.console() != null);
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = RepairSyncCli.class.getPackage().getImplementationVersion();
            return new String[] {"repairsync " + (version == null ? "(development build)" : version)};
        }
    }
}
