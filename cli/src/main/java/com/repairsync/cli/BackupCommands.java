package com.repairsync.cli;

import com.repairsync.server.backup.BackupException;
import com.repairsync.server.backup.SqliteBackup;
import com.repairsync.server.backup.SqliteRestore;
import com.repairsync.server.store.DataDirectoryLock;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code repairsync backup} and {@code repairsync restore}: the server's SQLite database, copied and put back. */
public final class BackupCommands {
    private static final long SHOW_PROGRESS_FROM = 16L * 1024 * 1024;
    private static final String POSTGRES = "the server runs on PostgreSQL (--db-url / REPAIRSYNC_DB_URL): back it up"
            + " with pg_dump or point-in-time recovery, as docs/operations.md describes";

    private BackupCommands() {}

    /** The server's files both commands work on: its data directory, and never a PostgreSQL database. */
    static final class ServerData {
        @Option(
                names = "--data",
                paramLabel = "DIR",
                defaultValue = "${env:REPAIRSYNC_DATA:-./data}",
                description = "the server's data directory (REPAIRSYNC_DATA; default ./data)")
        Path dir;

        @Option(
                names = "--db-url",
                paramLabel = "URL",
                defaultValue = "${env:REPAIRSYNC_DB_URL}",
                description = "the server's PostgreSQL URL, if any (REPAIRSYNC_DB_URL): PostgreSQL is backed up and"
                        + " restored with its own tools")
        String dbUrl;

        /** The data directory, refusing a server that runs on PostgreSQL. */
        Path sqlite() {
            if (dbUrl != null && !dbUrl.isBlank()) {
                throw CliException.usage(POSTGRES);
            }
            return dir;
        }
    }

    @Command(
            name = "backup",
            mixinStandardHelpOptions = true,
            description = {
                "Copy the server's SQLite database to a file while the server runs and devices push.",
                "The copy is one consistent snapshot, owner-only (0600), checked, and never overwrites a file."
            },
            footer = {"", "Examples:", "  repairsync backup --data ./data --out backups/shop-2026-03-01.db"})
    public static final class Backup implements Callable<Integer> {
        @Mixin
        ServerData server;

        @Option(names = "--out", paramLabel = "FILE", required = true, description = "the backup file to create")
        Path out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Path data = server.sqlite();
            Terminal terminal = Terminal.of(spec);
            long size;
            try {
                size = SqliteBackup.backup(data, out, (bytes, total) -> {
                    if (total >= SHOW_PROGRESS_FROM) {
                        terminal.err()
                                .printf("backup: %d%% (%d of %d MiB)%n", bytes * 100 / total, bytes >> 20, total >> 20);
                        terminal.err().flush();
                    }
                });
            } catch (BackupException e) {
                throw CliException.refused(e.getMessage());
            }
            var result = Terminal.object().put("backup", out.toString()).put("bytes", size);
            terminal.result(result, () -> terminal.line("Backed up " + data + " to " + out + " (" + size + " bytes)."));
            return ExitCode.OK;
        }
    }

    @Command(
            name = "restore",
            mixinStandardHelpOptions = true,
            description = {
                "Put a backup in place of the server's SQLite database; the server must be stopped.",
                "The replaced database is kept in DIR/replaced-<time>/; logins, passwords and device",
                "revocations made since the backup are kept; devices download the shop again."
            },
            footer = {"", "Examples:", "  repairsync restore --data ./data --from backups/shop-2026-03-01.db"})
    public static final class Restore implements Callable<Integer> {
        @Mixin
        ServerData server;

        @Option(names = "--from", paramLabel = "FILE", required = true, description = "the backup file to restore")
        Path from;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Path data = server.sqlite();
            Terminal terminal = Terminal.of(spec);
            SqliteRestore.Result restored;
            try {
                restored = SqliteRestore.restore(data, from, Clock.systemUTC());
            } catch (BackupException | DataDirectoryLock.HeldException e) {
                throw CliException.refused(e.getMessage());
            }
            String aside = restored.replacedFolder().map(Path::toString).orElse("");
            var result = Terminal.object()
                    .put("restored", from.toString())
                    .put("historyId", restored.historyId())
                    .put("replaced", aside)
                    .put("employeesCarriedForward", restored.employees());
            terminal.result(result, () -> {
                terminal.line("Restored " + from + " into " + data + "; new history id " + restored.historyId() + ".");
                if (!aside.isEmpty()) {
                    terminal.line("The replaced database is kept in " + aside + "; sign-ins, passwords and device"
                            + " removals made since the backup were carried forward.");
                }
                terminal.line("Start the server: devices download the shop again on the new history.");
            });
            return ExitCode.OK;
        }
    }
}
