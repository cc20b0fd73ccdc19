package com.repairsync.cli.device;

import com.repairsync.cli.CliException;
import com.repairsync.cli.ExitCode;
import com.repairsync.cli.Terminal;
import com.repairsync.cli.Values;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.records.NewCustomField;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.schema.CustomField;
import com.repairsync.protocol.schema.CustomFieldType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code repairsync field ...}: the shop's own fields on tickets, customers and items, declared and
 * changed by an admin through the device like any record (they sync to every device), and listed
 * by anyone. Values are set with {@code --field NAME=VALUE} on the records' {@code add} and
 * {@code edit} ({@link CustomValueFlags}).
 */
public final class FieldCommands {
    private FieldCommands() {}

    @Command(
            name = "field",
            mixinStandardHelpOptions = true,
            description = "The shop's own fields on tickets, customers and items (text, number, money, yes-no,"
                    + " choice, date): declared by an admin, synced to every device, set with --field NAME=VALUE.",
            subcommands = {Add.class, ListFields.class, Change.class, Remove.class, Restore.class},
            footer = {
                "",
                "Examples:",
                "  repairsync field add ticket accessories --type text --label \"Accessories left\"",
                "  repairsync ticket add ... --field accessories=\"charger, case\"",
                "  repairsync field list ticket"
            })
    public static final class Field implements Runnable {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "say what to do: add, list, change, remove or restore");
        }
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = "Declare a field on tickets, customers or items (admins). Its name and type never change"
                    + " afterwards; its label, choices and whether it is required can.",
            footer = {
                "",
                "Examples:",
                "  repairsync field add ticket accessories --type text --label \"Accessories left\"",
                "  repairsync field add ticket waterDamage --type yes-no --required",
                "  repairsync field add item condition --type choice --choice new --choice used",
                "  repairsync field add customer creditLimit --type money --managers-only"
            })
    static final class Add extends FieldWrite {
        @Option(
                names = "--type",
                required = true,
                paramLabel = "TYPE",
                description = "text, number, money (in cents), yes-no, choice or date")
        String type;

        @Option(names = "--label", paramLabel = "TEXT", description = "what forms and lists show (default: from NAME)")
        String label;

        @Option(
                names = "--choice",
                paramLabel = "TEXT",
                description = "a value a choice field may hold (repeat for each, in order)")
        List<String> choices = new ArrayList<>();

        @Option(names = "--required", description = "a new record must have a value")
        boolean required;

        @Option(names = "--managers-only", description = "only admins' and managers' devices receive its values")
        boolean managersOnly;

        private CustomFieldType kind;

        @Override
        void check() {
            kind = CustomFieldViews.type(type);
        }

        @Override
        protected void write(RepairSyncDevice device, String entity) {
            NewCustomField field = NewCustomField.of(entity, name, kind)
                    .label(label == null ? CustomFieldViews.labelOf(name) : label)
                    .choices(choices)
                    .required(required);
            if (managersOnly) {
                field.managersOnly();
            }
            device.customFields().declare(field);
        }

        @Override
        String verb() {
            return "Declared";
        }

        @Override
        boolean mustExist() {
            return false;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the shop's own fields of an entity (of all three without one), in form order; a"
                    + " managers-only field only to admins and managers.",
            footer = {"", "Examples:", "  repairsync field list ticket", "  repairsync field list --all --json"})
    static final class ListFields extends DeviceCommand {
        @Parameters(
                arity = "0..1",
                paramLabel = "ENTITY",
                description = "ticket, customer or item (default: all three)")
        String entity;

        @Option(names = "--all", description = "also the removed fields (hidden; their values are kept)")
        boolean all;

        @Override
        public Integer call() {
            if (entity != null) {
                CustomFieldViews.entity(entity); // a bad entity is refused before the device opens
            }
            return super.call();
        }

        @Override
        protected int run(RepairSyncDevice device, Terminal terminal) {
            List<String> entities = entity == null ? CustomField.ENTITIES : List.of(CustomFieldViews.entity(entity));
            Set<Role> viewers = Viewers.of(device);
            List<CustomField> fields = new ArrayList<>();
            for (String each : entities) {
                (all ? device.customFields().all(each) : device.customFields().active(each))
                        .stream().filter(field -> Viewers.see(viewers, field)).forEach(fields::add);
            }
            terminal.result(
                    fields.stream().map(f -> CustomFieldViews.of(device, f)).toList(),
                    () -> CustomFieldViews.printTable(terminal, fields, all));
            return ExitCode.OK;
        }
    }

    @Command(
            name = "change",
            mixinStandardHelpOptions = true,
            description = "Change a field's label, add choices, make it required or optional, or move it (admins)."
                    + " Records already saved keep working: a field made required is asked for on new records only.",
            footer = {
                "",
                "Examples:",
                "  repairsync field change ticket accessories --label \"Left with us\"",
                "  repairsync field change item condition --add-choice \"for parts\"",
                "  repairsync field change ticket waterDamage --optional --position 2"
            })
    static final class Change extends FieldWrite {
        @Option(names = "--label", paramLabel = "TEXT", description = "a new label")
        String label;

        @Option(
                names = "--add-choice",
                paramLabel = "TEXT",
                description = "a choice to add (repeatable); choices are never taken away, so values stay valid")
        List<String> addChoices = new ArrayList<>();

        @ArgGroup(exclusive = true)
        Requirement requirement;

        @Option(names = "--position", paramLabel = "N", description = "its place in forms and lists, 0 to 10000")
        String position;

        static final class Requirement {
            @Option(names = "--required", required = true, description = "new records must have a value")
            boolean required;

            @Option(names = "--optional", required = true, description = "a value is no longer needed")
            boolean optional;
        }

        @Override
        void check() {
            if (label == null && addChoices.isEmpty() && requirement == null && position == null) {
                throw CliException.usage(
                        "say what to change: --label, --add-choice, --required, --optional or" + " --position");
            }
            if (position != null) {
                long place = Values.whole("--position", position);
                if (place < 0 || place > 10_000) {
                    throw CliException.usage("--position: must be 0 to 10000 (got " + position + ")");
                }
            }
        }

        @Override
        protected void write(RepairSyncDevice device, String entity) {
            var fields = device.customFields();
            // Choices first: the change most likely refused (a field of another type) is refused before any other.
            if (!addChoices.isEmpty()) {
                fields.addChoices(entity, name, addChoices);
            }
            if (label != null) {
                fields.relabel(entity, name, label);
            }
            if (requirement != null) {
                fields.setRequired(entity, name, requirement.required);
            }
            if (position != null) {
                fields.move(entity, name, (int) Values.whole("--position", position));
            }
        }

        @Override
        String verb() {
            return "Changed";
        }
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description = "Hide a field from forms, lists and --field help (admins). Its values are kept, a device"
                    + " that was offline may still write it, and restore brings it back.",
            footer = {"", "Example:", "  repairsync field remove ticket accessories"})
    static final class Remove extends FieldWrite {
        @Override
        protected void write(RepairSyncDevice device, String entity) {
            device.customFields().remove(entity, name);
        }

        @Override
        String verb() {
            return "Removed";
        }
    }

    @Command(
            name = "restore",
            mixinStandardHelpOptions = true,
            description = "Show a removed field again, with the values it kept (admins).",
            footer = {"", "Example:", "  repairsync field restore ticket accessories"})
    static final class Restore extends FieldWrite {
        @Override
        protected void write(RepairSyncDevice device, String entity) {
            device.customFields().restore(entity, name);
        }

        @Override
        String verb() {
            return "Restored";
        }
    }
}
