package com.repairsync.cli.device;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.cli.CliException;
import com.repairsync.cli.ExitCode;
import com.repairsync.cli.Terminal;
import com.repairsync.cli.Values;
import com.repairsync.client.FailedMutation;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.SyncState;
import com.repairsync.client.WaitingChange;
import com.repairsync.protocol.CustomValues;
import com.repairsync.protocol.schema.CustomField;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What needs a person: {@code status} and {@code failed ...} ({@code conflicts ...} is {@link ConflictCommands}). */
public final class QueueCommands {
    private QueueCommands() {}

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description =
                    "Show whether the server answers, changes queued per entity, changes waiting for the server to be"
                            + " updated, failed changes, conflicts, the last sync and the cursor.",
            footer = {"", "Example:", "  repairsync status --json"})
    public static final class Status extends DeviceCommand {
        @Override
        protected int run(RepairSyncDevice device, Terminal terminal) {
            boolean online = Reachability.check(device);
            SyncState state = device.syncState();
            var identity = device.identity();
            ObjectNode result = Terminal.object()
                    .put("online", online)
                    .put("signedIn", identity.signedIn())
                    .put("server", identity.serverUrl())
                    .put("pending", state.pendingCount())
                    .put("failed", state.failedCount())
                    .put("conflicts", state.conflictCount())
                    .put("cursor", identity.cursor());
            result.set("pendingByEntity", Terminal.tree(state.pendingByEntity()));
            List<WaitingChange> waiting = device.waitingForServerUpdate();
            result.put("waitingForServerUpdate", waiting.size());
            result.set("waiting", Terminal.tree(waiting));
            result.put(
                    "lastSyncAt",
                    state.lastSyncAt() == null ? null : state.lastSyncAt().toString());
            terminal.result(result, () -> {
                terminal.line("server     " + identity.serverUrl() + (online ? " (online)" : " (unreachable)"));
                terminal.line("signed in  " + (identity.signedIn() ? "yes" : "no"));
                terminal.line("pending    " + state.pendingCount()
                        + (state.pendingByEntity().isEmpty() ? "" : " " + state.pendingByEntity()));
                if (!waiting.isEmpty()) {
                    terminal.line("waiting    " + waiting.size()
                            + " queued, not failed: they go again once the server is updated ("
                            + waiting.get(0).reason() + ")");
                }
                terminal.line("failed     " + state.failedCount());
                terminal.line("conflicts  " + state.conflictCount());
                terminal.line("last sync  " + (state.lastSyncAt() == null ? "never" : state.lastSyncAt()));
                terminal.line("cursor     " + identity.cursor());
            });
            return ExitCode.OK;
        }
    }

    @Command(
            name = "failed",
            mixinStandardHelpOptions = true,
            description = "Changes the server refused, waiting for a person.",
            subcommands = {FailedList.class, FailedRetry.class, FailedDiscard.class},
            footer = {
                "",
                "Examples:",
                "  repairsync failed list",
                "  repairsync failed retry 3f0c… --set phone=555-0100",
                "  repairsync failed retry --all"
            })
    public static final class Failed implements Runnable {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "say what to do: list, retry or discard");
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List failed changes with the server's reason.",
            footer = {"", "Example:", "  repairsync failed list --json"})
    public static final class FailedList extends DeviceCommand {
        @Override
        protected int run(RepairSyncDevice device, Terminal terminal) {
            List<FailedMutation> failed = device.failedMutations();
            terminal.result(failed, () -> {
                if (failed.isEmpty()) {
                    terminal.line("No failed changes.");
                    return;
                }
                List<List<String>> rows = new ArrayList<>();
                for (FailedMutation f : failed) {
                    rows.add(List.of(f.mutationId(), f.entity(), f.recordId(), f.op(), f.code(), f.message()));
                }
                terminal.table(List.of("ID", "ENTITY", "RECORD", "OP", "CODE", "REASON"), rows);
            });
            return ExitCode.OK;
        }
    }

    @Command(
            name = "retry",
            mixinStandardHelpOptions = true,
            description = "Queue a failed change again, optionally with fields edited, and sync.",
            footer = {
                "",
                "Examples:",
                "  repairsync failed retry 3f0c2d1e-… --set quantity=2",
                "  repairsync failed retry --all"
            })
    public static final class FailedRetry extends DeviceCommand {
        @Parameters(arity = "0..1", paramLabel = "ID", description = "the failed change's id (repairsync failed list)")
        String id;

        @Option(names = "--all", description = "retry every failed change as it is")
        boolean all;

        @Option(
                names = "--set",
                paramLabel = "FIELD=VALUE",
                description = "edit a field before retrying (repeatable), such as --set phone=555-0100 or, for the"
                        + " shop's own fields, --set custom.accessories=charger")
        Map<String, String> edits = new LinkedHashMap<>();

        @Option(names = "--no-sync", description = "only queue it; send with the next repairsync sync")
        boolean noSync;

        @Override
        protected int run(RepairSyncDevice device, Terminal terminal) {
            List<FailedMutation> failed = device.failedMutations();
            List<String> retried = new ArrayList<>();
            if (all == (id != null)) {
                throw CliException.usage("give either a failed change's ID or --all");
            }
            if (all) {
                if (!edits.isEmpty()) {
                    throw CliException.usage("--set: edits apply to one change; give its ID instead of --all");
                }
                failed.forEach(f -> {
                    if (device.failedMutations().stream()
                            .anyMatch(g -> g.mutationId().equals(f.mutationId()))) {
                        device.retry(f.mutationId()); // a group's retry takes its siblings along
                    }
                    retried.add(f.mutationId());
                });
            } else {
                FailedMutation target = find(failed, id);
                device.retry(target.mutationId(), typed(device, target, edits));
                retried.add(target.mutationId());
            }
            int stillFailed = WriteSync.afterWrite(device, terminal, noSync);
            ObjectNode result = Terminal.object().put("failedAfter", stillFailed);
            ArrayNode ids = result.putArray("retried");
            retried.forEach(ids::add);
            terminal.result(
                    result,
                    () -> terminal.line("Retried " + retried.size() + " change(s); "
                            + (stillFailed == 0
                                    ? "nothing failed."
                                    : stillFailed + " still failed: repairsync failed list")));
            return stillFailed == 0 ? ExitCode.OK : ExitCode.REFUSED;
        }

        /** The edits parsed by their declarations; {@code custom.NAME} ones into the {@code custom} member. */
        private static Map<String, Object> typed(
                RepairSyncDevice device, FailedMutation target, Map<String, String> edits) {
            EntityType type = Schema.entity(target.entity()).orElseThrow();
            Map<String, Object> typed = new LinkedHashMap<>();
            Map<String, Object> custom = new LinkedHashMap<>();
            edits.forEach((name, text) -> {
                if (CustomValues.isKey(name) && type.allowsCustomFields()) {
                    CustomField field = device.customFields()
                            .find(type.name(), CustomValues.nameOf(name))
                            .orElseThrow(() -> CliException.usage("--set: " + target.entity() + " have no field '"
                                    + name + "' (repairsync field list --all)"));
                    custom.put(field.name(), text.isEmpty() ? null : Values.parse(field.spec(), "--set " + name, text));
                    return;
                }
                FieldSpec field = type.field(name)
                        .orElseThrow(() -> CliException.usage("--set: " + target.entity() + " has no field '" + name
                                + "'; fields are "
                                + type.fields().stream().map(FieldSpec::name).toList()));
                typed.put(name, Values.parse(field, "--set " + name, text));
            });
            if (!custom.isEmpty()) {
                typed.put(CustomValues.MEMBER, custom);
            }
            return typed;
        }
    }

    @Command(
            name = "discard",
            mixinStandardHelpOptions = true,
            description =
                    "Drop a failed change (and later changes of the same record made on top of it); the record shows the server's version again.",
            footer = {"", "Example:", "  repairsync failed discard 3f0c2d1e-…"})
    public static final class FailedDiscard extends DeviceCommand {
        @Parameters(paramLabel = "ID", description = "the failed change's id (repairsync failed list)")
        String id;

        @Override
        protected int run(RepairSyncDevice device, Terminal terminal) {
            FailedMutation target = find(device.failedMutations(), id);
            device.discard(target.mutationId());
            terminal.result(
                    Terminal.object().put("discarded", target.mutationId()),
                    () -> terminal.line(
                            "Discarded " + target.op() + " of " + target.entity() + " " + target.recordId() + "."));
            return ExitCode.OK;
        }
    }

    static FailedMutation find(List<FailedMutation> failed, String text) {
        String id = Values.id("ID", text);
        return failed.stream()
                .filter(f -> f.mutationId().equals(id))
                .findFirst()
                .orElseThrow(() ->
                        CliException.notFound("no failed change " + id + " on this device (repairsync failed list)"));
    }
}
