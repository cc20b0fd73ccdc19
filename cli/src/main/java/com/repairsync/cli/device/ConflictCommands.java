package com.repairsync.cli.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.cli.CliException;
import com.repairsync.cli.ExitCode;
import com.repairsync.cli.Terminal;
import com.repairsync.cli.Values;
import com.repairsync.client.Conflict;
import com.repairsync.client.ConflictChoice;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.SyncStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code conflicts ...}: fields this device wrote that lost to a later write elsewhere, and the
 * two ways to settle one: keep mine (write the lost value again, as a new change) or keep theirs.
 */
public final class ConflictCommands {
    private ConflictCommands() {}

    @Command(
            name = "conflicts",
            mixinStandardHelpOptions = true,
            description = "Fields this device wrote that lost to a later write elsewhere: keep yours or theirs.",
            subcommands = {ConflictList.class, KeepMine.class, KeepTheirs.class, ConflictDismiss.class},
            footer = {
                "",
                "Examples:",
                "  repairsync conflicts list",
                "  repairsync conflicts keep-mine 4",
                "  repairsync conflicts keep-theirs 4"
            })
    public static final class Conflicts implements Runnable {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "say what to do: list, keep-mine, keep-theirs or dismiss");
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List conflicts: what this device wrote and what won.",
            footer = {"", "Example:", "  repairsync conflicts list --json"})
    public static final class ConflictList extends DeviceCommand {
        @Override
        protected int run(RepairSyncDevice device, Terminal terminal) {
            List<Conflict> conflicts = device.conflicts();
            terminal.result(conflicts, () -> {
                if (conflicts.isEmpty()) {
                    terminal.line("No conflicts.");
                    return;
                }
                List<List<String>> rows = new ArrayList<>();
                for (Conflict c : conflicts) {
                    rows.add(List.of(
                            Long.toString(c.id()),
                            c.entity(),
                            c.recordId(),
                            c.field(),
                            c.localValue(),
                            c.winningValue()));
                }
                terminal.table(List.of("ID", "ENTITY", "RECORD", "FIELD", "YOU WROTE", "WHAT WON"), rows);
            });
            return ExitCode.OK;
        }
    }

    @Command(
            name = "keep-mine",
            mixinStandardHelpOptions = true,
            description = "Write the value this device lost again, as a new change that wins over what won before.",
            footer = {"", "Example:", "  repairsync conflicts keep-mine 4"})
    public static final class KeepMine extends OnConflict {
        @Option(names = "--no-sync", description = "only save on this device; send with the next repairsync sync")
        boolean noSync;

        @Override
        protected int run(RepairSyncDevice device, Terminal terminal) {
            Conflict conflict = open(device);
            try {
                device.resolveConflict(conflict.id(), ConflictChoice.KEEP_MINE);
            } catch (IllegalStateException deleted) {
                String noun = Nouns.ofEntity(conflict.entity()).map(Nouns::noun).orElse(conflict.entity());
                throw CliException.refused("not kept: " + deleted.getMessage() + " (repairsync " + noun + " undelete "
                        + conflict.recordId() + ")");
            }
            WriteSync.afterWrite(device, terminal, noSync);
            SyncStatus status = device.status(conflict.entity(), conflict.recordId());
            terminal.result(
                    settled(conflict, "mine").put("syncStatus", status.name().toLowerCase(Locale.ROOT)),
                    () -> terminal.line("Kept your " + conflict.field() + " (" + conflict.localValue() + ") on "
                            + conflict.entity() + " " + conflict.recordId() + " ("
                            + status.name().toLowerCase(Locale.ROOT) + ")."));
            return status == SyncStatus.FAILED ? ExitCode.REFUSED : ExitCode.OK;
        }
    }

    @Command(
            name = "keep-theirs",
            mixinStandardHelpOptions = true,
            description = "Keep what won and close the conflict (the same as dismiss).",
            footer = {"", "Example:", "  repairsync conflicts keep-theirs 4"})
    public static final class KeepTheirs extends OnConflict {
        @Override
        protected int run(RepairSyncDevice device, Terminal terminal) {
            Conflict conflict = open(device);
            device.resolveConflict(conflict.id(), ConflictChoice.KEEP_THEIRS);
            terminal.result(
                    settled(conflict, "theirs"),
                    () -> terminal.line("Kept " + conflict.winningValue() + " as " + conflict.field() + " of "
                            + conflict.entity() + " " + conflict.recordId() + "."));
            return ExitCode.OK;
        }
    }

    @Command(
            name = "dismiss",
            mixinStandardHelpOptions = true,
            description = "Mark a conflict as seen: what won stays (the same as keep-theirs).",
            footer = {"", "Example:", "  repairsync conflicts dismiss 4"})
    public static final class ConflictDismiss extends OnConflict {
        @Override
        protected int run(RepairSyncDevice device, Terminal terminal) {
            long number = open(device).id();
            device.dismissConflict(number);
            terminal.result(
                    Terminal.object().put("dismissed", number),
                    () -> terminal.line("Dismissed conflict " + number + "."));
            return ExitCode.OK;
        }
    }

    /** A command on one open conflict: its number is checked before the device opens. */
    abstract static class OnConflict extends DeviceCommand {
        @Parameters(paramLabel = "ID", description = "the conflict's number (repairsync conflicts list)")
        String id;

        private long number;

        @Override
        public Integer call() {
            number = Values.whole("ID", id);
            return super.call();
        }

        /** The open conflict the ID names; exit 4 for one not open on this device. */
        Conflict open(RepairSyncDevice device) {
            return device.conflicts().stream()
                    .filter(c -> c.id() == number)
                    .findFirst()
                    .orElseThrow(() -> CliException.notFound(
                            "no open conflict " + number + " on this device (repairsync conflicts list)"));
        }
    }

    private static ObjectNode settled(Conflict conflict, String kept) {
        return Terminal.object()
                .put("conflict", conflict.id())
                .put("kept", kept)
                .put("entity", conflict.entity())
                .put("recordId", conflict.recordId())
                .put("field", conflict.field());
    }
}
