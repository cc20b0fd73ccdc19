package com.repairsync.cli.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.cli.CliException;
import com.repairsync.cli.ExitCode;
import com.repairsync.cli.Flags;
import com.repairsync.cli.Terminal;
import com.repairsync.cli.Values;
import com.repairsync.client.DeviceOptions;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.SyncStatus;
import com.repairsync.client.records.Repository;
import com.repairsync.protocol.schema.FieldSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The record commands ({@code customer add}, {@code ticket list --status ready}, {@code item adjust}
 * ...), built from the entity declarations: each declared field is a flag of {@code add} and
 * {@code edit}, typed and checked by its declaration. No entity has hand-written add or edit code.
 */
public final class EntityCommands {
    private static final String DEVICE_HELP =
            "the device's folder (default: $REPAIRSYNC_DEVICE or ~/.repairsync/device)";
    private static final Set<String> HIDDEN_FIELDS = Set.of("pinHash"); // set with `employee set-pin`

    private EntityCommands() {}

    /** A list filter: its flag, and what it selects (null label for an on/off flag). */
    private record Filter(
            String flag, String label, String help, BiFunction<RepairSyncDevice, String, List<?>> select) {}

    /** Adds one command per entity to the root command. */
    public static void register(CommandLine root) {
        for (Nouns noun : Nouns.ALL) {
            root.addSubcommand(noun.noun(), group(noun));
        }
    }

    private static CommandLine group(Nouns noun) {
        CommandSpec spec = CommandSpec.create().mixinStandardHelpOptions(true);
        spec.usageMessage()
                .description(noun.title() + ", on this device.")
                .footer(
                        "",
                        "Examples:",
                        "  repairsync " + noun.noun() + " list",
                        "  repairsync " + noun.noun() + " add --help");
        CommandLine group = new CommandLine(spec);
        group.addSubcommand("add", add(noun));
        group.addSubcommand("list", list(noun));
        group.addSubcommand("show", show(noun));
        group.addSubcommand("edit", edit(noun));
        group.addSubcommand("delete", delete(noun));
        switch (noun.noun()) {
            case "item" -> group.addSubcommand("adjust", new CommandLine(new RecordActions.ItemAdjust()));
            case "ticket" -> group.addSubcommand("add-part", new CommandLine(new RecordActions.TicketAddPart()));
            case "employee" -> group.addSubcommand("set-pin", new CommandLine(new RecordActions.EmployeeSetPin()));
            default -> {}
        }
        return group;
    }

    // ------------------------------------------------------------------ add and edit

    private static CommandLine add(Nouns noun) {
        CommandSpec spec = runnable(args -> {
            Map<String, Object> fields = fieldValues(noun, args.spec(), true);
            String id = confirmingPassword(args, () -> noun.in(args.device()).create(fields));
            return wrote(noun, args, id, "Added");
        });
        describe(
                spec,
                "Add a " + noun.noun() + ". Required flags are marked.",
                "repairsync " + noun.noun() + " add " + example(noun));
        fieldOptions(noun, spec, true);
        return new CommandLine(spec);
    }

    private static CommandLine edit(Nouns noun) {
        CommandSpec spec = runnable(args -> {
            String id = Values.id("ID", args.positional());
            Map<String, Object> fields = fieldValues(noun, args.spec(), false);
            if (fields.isEmpty()) {
                throw CliException.usage("say what to change, such as "
                        + Flags.of(editable(noun).get(0).name()) + " VALUE");
            }
            confirmingPassword(args, () -> {
                noun.in(args.device()).update(id, fields);
                return id;
            });
            return wrote(noun, args, id, "Changed");
        });
        describe(
                spec,
                "Change fields of a " + noun.noun() + "; fields not given keep their value.",
                "repairsync " + noun.noun() + " edit ID " + example(noun));
        spec.addPositional(idParameter(noun));
        fieldOptions(noun, spec, false);
        return new CommandLine(spec);
    }

    private static void fieldOptions(Nouns noun, CommandSpec spec, boolean creating) {
        for (FieldSpec field : creating ? creatable(noun) : editable(noun)) {
            spec.addOption(OptionSpec.builder(Flags.of(field.name()))
                    .paramLabel(label(field))
                    .type(String.class)
                    .required(creating && field.required())
                    .description(help(field))
                    .build());
        }
        if (noun.type() == com.repairsync.protocol.schema.Schema.EMPLOYEES) {
            spec.addOption(OptionSpec.builder("--password-file")
                    .paramLabel("FILE")
                    .type(java.nio.file.Path.class)
                    .description("your password, which making someone an admin asks for again (default: the prompt or"
                            + " REPAIRSYNC_PASSWORD)")
                    .build());
        }
        spec.addOption(OptionSpec.builder("--no-sync")
                .description("only save on this device; send with the next repairsync sync")
                .build());
    }

    /**
     * Runs a write; if it needs the acting employee's password again (making someone an admin),
     * asks for it, confirms it with the server and writes again. The change then goes out at once.
     */
    private static String confirmingPassword(Invocation args, java.util.function.Supplier<String> write) {
        try {
            return write.get();
        } catch (com.repairsync.client.ReauthenticationRequiredException needed) {
            OptionSpec option = args.spec().findOption("--password-file");
            java.nio.file.Path file = option == null ? null : option.getValue();
            String password = com.repairsync.cli.Secrets.read(
                    "your password (making someone an admin needs it again)",
                    null,
                    file,
                    "--password-file",
                    "REPAIRSYNC_PASSWORD");
            args.device().confirmPassword(password);
            return write.get();
        }
    }

    private static List<FieldSpec> creatable(Nouns noun) {
        return noun.type().fields().stream()
                .filter(f -> !HIDDEN_FIELDS.contains(f.name()))
                .toList();
    }

    /** Counters change only by adjustments, never by setting them. */
    private static List<FieldSpec> editable(Nouns noun) {
        return creatable(noun).stream().filter(f -> !f.isCounter()).toList();
    }

    private static Map<String, Object> fieldValues(Nouns noun, CommandSpec spec, boolean creating) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (FieldSpec field : creating ? creatable(noun) : editable(noun)) {
            OptionSpec option = spec.findOption(Flags.of(field.name()));
            String text = option.getValue();
            if (text != null) {
                values.put(field.name(), Values.parse(field, option.longestName(), text));
            }
        }
        return values;
    }

    private static String label(FieldSpec field) {
        return switch (field.type()) {
            case ENUM -> "VALUE";
            case REFERENCE -> "ID";
            case MONEY -> "CENTS";
            case INTEGER, COUNTER -> "N";
            case INSTANT -> "TIME";
            case BOOLEAN -> "true|false";
            case EMAIL -> "EMAIL";
            case TEXT -> "TEXT";
        };
    }

    private static String help(FieldSpec field) {
        String what =
                switch (field.type()) {
                    case ENUM -> "one of " + String.join(", ", field.allowedValues());
                    case REFERENCE -> "id of a " + field.references() + " record";
                    case MONEY -> "amount in cents, such as 12500 for 125.00";
                    case INTEGER -> "whole number " + field.min() + ".." + field.max();
                    case COUNTER -> "starting count (change it later with adjust)";
                    case INSTANT -> "date and time: 2026-11-24T15:30 (local) or 2026-11-24T14:30:00Z";
                    case BOOLEAN -> "true or false";
                    case EMAIL -> "e-mail address";
                    case TEXT -> "text up to " + field.maxLength() + " characters";
                };
        String extra = field.required()
                ? " (required)"
                : field.defaultValue() != null ? " (default " + field.defaultValue() + ")" : "";
        return what + extra;
    }

    private static String example(Nouns noun) {
        return switch (noun.noun()) {
            case "customer" -> "--first-name Grace --last-name Hopper --phone 555-0100";
            case "ticket" ->
                "--customer-id ID --device-type phone --device-model \"Pixel 8\" --problem \"cracked screen\"";
            case "part" -> "--ticket-id ID --inventory-item-id ID --quantity 1";
            case "item" -> "--sku SCR-P8 --name \"Pixel 8 screen\" --quantity 5 --reorder-level 2 --price-cents 8900";
            case "employee" -> "--first-name Linus --role technician --email linus@fixit.test";
            default -> "--customer-id ID --type drop_off --starts-at 2026-11-25T10:00";
        };
    }

    // ------------------------------------------------------------------ list, show, delete

    private static CommandLine list(Nouns noun) {
        List<Filter> filters = filters(noun);
        CommandSpec spec = runnable(args -> {
            List<?> records = null;
            for (Filter filter : filters) {
                OptionSpec option = args.spec().findOption(filter.flag());
                Object value = option.getValue();
                boolean given = filter.label() == null ? Boolean.TRUE.equals(value) : value != null;
                if (given) {
                    List<?> selected =
                            filter.select().apply(args.device(), filter.label() == null ? null : (String) value);
                    records = records == null ? selected : intersect(records, selected);
                }
            }
            if (records == null) {
                records = noun.in(args.device()).all();
            }
            List<ObjectNode> views = records.stream().map(RecordView::of).toList();
            args.terminal().result(views, () -> printTable(args.terminal(), noun, views));
            return ExitCode.OK;
        });
        describe(
                spec,
                "List " + noun.type().name() + " with their sync status (synced, pending, failed).",
                "repairsync " + noun.noun() + " list"
                        + (filters.isEmpty()
                                ? ""
                                : " " + filters.get(0).flag()
                                        + (filters.get(0).label() == null ? "" : " " + filterExample(filters.get(0)))));
        for (Filter filter : filters) {
            OptionSpec.Builder option = OptionSpec.builder(filter.flag()).description(filter.help());
            if (filter.label() == null) {
                option.type(boolean.class).arity("0");
            } else {
                option.type(String.class).paramLabel(filter.label());
            }
            spec.addOption(option.build());
        }
        return new CommandLine(spec);
    }

    private static String filterExample(Filter filter) {
        return switch (filter.flag()) {
            case "--status" -> "ready";
            case "--from" -> "2026-11-24";
            case "--search" -> "hopper";
            default -> filter.label();
        };
    }

    private static List<Filter> filters(Nouns noun) {
        List<Filter> filters = new ArrayList<>();
        switch (noun.noun()) {
            case "customer" ->
                filters.add(
                        new Filter("--search", "TEXT", "name, phone or e-mail contains this", (d, v) -> d.customers()
                                .search(v)));
            case "ticket" -> {
                filters.add(new Filter(
                        "--status",
                        "STATUS",
                        "one of "
                                + String.join(
                                        ", ",
                                        noun.type()
                                                .field("status")
                                                .orElseThrow()
                                                .allowedValues()),
                        (d, v) -> d.tickets()
                                .withStatus(
                                        Values.parse(noun.type().field("status").orElseThrow(), "--status", v)
                                                .toString())));
                filters.add(new Filter("--assignee", "ID", "tickets assigned to this employee", (d, v) -> d.tickets()
                        .assignedTo(Values.id("--assignee", v))));
                filters.add(new Filter("--customer", "ID", "tickets of this customer", (d, v) -> d.tickets()
                        .ofCustomer(Values.id("--customer", v))));
            }
            case "part" ->
                filters.add(new Filter("--ticket", "ID", "parts used on this ticket", (d, v) -> d.ticketParts()
                        .ofTicket(Values.id("--ticket", v))));
            case "item" ->
                filters.add(new Filter(
                        "--low-stock", null, "only items at or below their reorder level", (d, v) -> d.inventoryItems()
                                .belowReorderLevel()));
            case "employee" ->
                filters.add(new Filter("--active", null, "only active employees", (d, v) -> d.employees()
                        .active()));
            case "appointment" -> {
                filters.add(new Filter(
                        "--from",
                        "DATE",
                        "from this date or time (default: now when --to is given)",
                        (d, v) -> between(d, v, null)));
                filters.add(new Filter(
                        "--to",
                        "DATE",
                        "before this date or time (default: a week after --from)",
                        (d, v) -> between(d, null, v)));
            }
            default -> {}
        }
        return filters;
    }

    private static List<?> between(RepairSyncDevice device, String from, String to) {
        Instant start = from == null ? Instant.now().minus(Duration.ofDays(3650)) : Values.instant("--from", from);
        Instant end = to == null ? start.plus(Duration.ofDays(7)) : Values.instant("--to", to);
        if (from == null && to != null) {
            start = Instant.EPOCH;
        }
        if (!end.isAfter(start)) {
            throw CliException.usage("--to: must be after --from");
        }
        return device.appointments().between(start, end);
    }

    private static List<?> intersect(List<?> a, List<?> b) {
        Set<String> ids = new LinkedHashSet<>();
        b.forEach(record -> ids.add(RecordView.text(RecordView.of(record), "id")));
        return a.stream()
                .filter(record -> ids.contains(RecordView.text(RecordView.of(record), "id")))
                .toList();
    }

    private static void printTable(Terminal terminal, Nouns noun, List<ObjectNode> views) {
        if (views.isEmpty()) {
            terminal.line("No " + noun.type().name() + ".");
            return;
        }
        List<String> headers = new ArrayList<>();
        headers.add("ID");
        noun.columns().forEach(c -> headers.add(Flags.kebab(c).toUpperCase(java.util.Locale.ROOT)));
        headers.add("SYNC");
        List<List<String>> rows = new ArrayList<>();
        for (ObjectNode view : views) {
            List<String> row = new ArrayList<>();
            row.add(RecordView.text(view, "id"));
            noun.columns().forEach(c -> row.add(RecordView.text(view, c)));
            row.add(RecordView.text(view, "syncStatus"));
            rows.add(row);
        }
        terminal.table(headers, rows);
        terminal.line(views.size() + " " + noun.type().name());
    }

    private static CommandLine show(Nouns noun) {
        CommandSpec spec = runnable(args -> {
            String id = Values.id("ID", args.positional());
            Object record = noun.in(args.device())
                    .get(id)
                    .orElseThrow(() -> CliException.notFound("no " + noun.noun() + " " + id + " on this device"));
            ObjectNode view = RecordView.of(record);
            args.terminal().result(view, () -> RecordView.print(args.terminal(), view));
            return ExitCode.OK;
        });
        describe(
                spec,
                "Show every field of a " + noun.noun() + " and its sync status.",
                "repairsync " + noun.noun() + " show ID");
        spec.addPositional(idParameter(noun));
        return new CommandLine(spec);
    }

    private static CommandLine delete(Nouns noun) {
        CommandSpec spec = runnable(args -> {
            String id = Values.id("ID", args.positional());
            Repository<?, ?, ?> repository = noun.in(args.device());
            repository
                    .get(id)
                    .orElseThrow(() -> CliException.notFound("no " + noun.noun() + " " + id + " on this device"));
            repository.delete(id);
            int failed = WriteSync.afterWrite(args.device(), args.terminal(), args.noSync());
            args.terminal()
                    .result(Terminal.object().put("deleted", id).put("failedQueue", failed), () -> args.terminal()
                            .line("Deleted " + noun.noun() + " " + id + "."));
            return ExitCode.OK;
        });
        describe(
                spec,
                "Delete a " + noun.noun() + " (the deletion wins over concurrent edits elsewhere).",
                "repairsync " + noun.noun() + " delete ID");
        spec.addPositional(idParameter(noun));
        spec.addOption(OptionSpec.builder("--no-sync")
                .description("only save on this device; send with the next repairsync sync")
                .build());
        return new CommandLine(spec);
    }

    /** Prints what a write left behind; exit 2 if the server refused it. */
    private static int wrote(Nouns noun, Invocation args, String id, String verb) {
        WriteSync.afterWrite(args.device(), args.terminal(), args.noSync());
        Object record = noun.in(args.device()).get(id).orElse(null);
        ObjectNode view = record == null ? Terminal.object().put("id", id) : RecordView.of(record);
        SyncStatus status = args.device().status(noun.type().name(), id);
        args.terminal().result(view, () -> args.terminal()
                .line(verb + " " + noun.noun() + " " + id + " (" + status.name().toLowerCase(java.util.Locale.ROOT)
                        + ")."));
        if (status == SyncStatus.FAILED) {
            args.device().failedMutations().stream()
                    .filter(f -> f.recordId().equals(id))
                    .forEach(f -> args.terminal()
                            .note("The server refused it: " + f.message() + " (repairsync failed retry "
                                    + f.mutationId() + " --set FIELD=VALUE, or discard)"));
            return ExitCode.REFUSED;
        }
        return ExitCode.OK;
    }

    // ------------------------------------------------------------------ plumbing

    /** What a generated command runs with. */
    record Invocation(CommandSpec spec, Terminal terminal, RepairSyncDevice device) {
        String positional() {
            List<PositionalParamSpec> positionals = spec.positionalParameters();
            return positionals.isEmpty() ? null : positionals.get(0).getValue();
        }

        boolean noSync() {
            OptionSpec option = spec.findOption("--no-sync");
            return option != null && Boolean.TRUE.equals(option.getValue());
        }
    }

    interface Body {
        int run(Invocation invocation);
    }

    /** A command spec that opens the device named by {@code --device} and runs the body. */
    private static CommandSpec runnable(Body body) {
        CommandSpec[] self = new CommandSpec[1];
        Callable<Integer> callable = () -> {
            CommandSpec spec = self[0];
            Path dir = spec.findOption("--device").getValue();
            Terminal terminal = Terminal.of(spec);
            try (RepairSyncDevice device =
                    DeviceHome.resolve(dir).open(DeviceOptions.defaults().withAutoSync(false))) {
                return body.run(new Invocation(spec, terminal, device));
            }
        };
        CommandSpec spec = CommandSpec.wrapWithoutInspection(callable).mixinStandardHelpOptions(true);
        self[0] = spec;
        spec.addOption(OptionSpec.builder("--device")
                .paramLabel("DIR")
                .type(Path.class)
                .description(DEVICE_HELP)
                .build());
        return spec;
    }

    private static void describe(CommandSpec spec, String description, String example) {
        spec.usageMessage().description(description).footer("", "Example:", "  " + example);
    }

    private static PositionalParamSpec idParameter(Nouns noun) {
        return PositionalParamSpec.builder()
                .paramLabel("ID")
                .type(String.class)
                .description("the " + noun.noun() + "'s id (from " + noun.noun() + " list)")
                .build();
    }
}
