package com.repairsync.cli.device;

import static com.repairsync.cli.device.GeneratedCommand.describe;
import static com.repairsync.cli.device.GeneratedCommand.idParameter;
import static com.repairsync.cli.device.GeneratedCommand.runnable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.cli.CliException;
import com.repairsync.cli.ExitCode;
import com.repairsync.cli.Flags;
import com.repairsync.cli.Terminal;
import com.repairsync.cli.Values;
import com.repairsync.cli.device.GeneratedCommand.Invocation;
import com.repairsync.cli.device.ListFilters.Filter;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.protocol.schema.CustomField;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The generated commands that read records: {@code list} (narrowed by the entity's
 * {@link ListFilters}) and {@code show}, each with the records' sync status.
 */
final class ReadCommands {
    private ReadCommands() {}

    static CommandLine list(Nouns noun) {
        List<Filter> filters = ListFilters.of(noun);
        CommandSpec spec = runnable(args -> {
            Viewers.CustomShown shown = Viewers.customShown(args.device(), noun);
            List<ObjectNode> views = select(noun, filters, args).stream()
                    .map(record -> RecordView.of(record, shown))
                    .toList();
            List<String> custom = customColumns(args.device(), noun, shown);
            args.terminal()
                    .result(
                            views,
                            () -> printTable(
                                    args.terminal(), noun, views, noun.type().name(), custom));
            return ExitCode.OK;
        });
        describe(
                spec,
                "List " + noun.type().name() + " with their sync status (synced, pending, failed).",
                "repairsync " + noun.noun() + " list"
                        + (filters.isEmpty()
                                ? ""
                                : " " + filters.get(0).flag()
                                        + (filters.get(0).label() == null
                                                ? ""
                                                : " " + filters.get(0).example())));
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

    static CommandLine show(Nouns noun) {
        CommandSpec spec = runnable(args -> {
            String id = Values.id("ID", args.positional());
            Object record = noun.in(args.device())
                    .get(id)
                    .orElseThrow(() -> CliException.notFound("no " + noun.noun() + " " + id + " on this device"));
            ObjectNode view = RecordView.of(record, Viewers.customShown(args.device(), noun));
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

    /** The records every given filter selects; all of the noun's records when no filter is given. */
    private static List<?> select(Nouns noun, List<Filter> filters, Invocation args) {
        List<?> records = null;
        for (Filter filter : filters) {
            OptionSpec option = args.spec().findOption(filter.flag());
            Object value = option.getValue();
            boolean given = filter.label() == null ? Boolean.TRUE.equals(value) : value != null;
            if (given) {
                List<?> selected = filter.select().apply(args.device(), filter.label() == null ? null : (String) value);
                records = records == null ? selected : intersect(records, selected);
            }
        }
        return records == null ? noun.in(args.device()).all() : records;
    }

    private static List<?> intersect(List<?> a, List<?> b) {
        Set<String> ids = new LinkedHashSet<>();
        b.forEach(record -> ids.add(RecordView.text(RecordView.of(record), "id")));
        return a.stream()
                .filter(record -> ids.contains(RecordView.text(RecordView.of(record), "id")))
                .toList();
    }

    /** The names of the shop's own fields a listing shows: the active ones not hidden, in form order. */
    static List<String> customColumns(RepairSyncDevice device, Nouns noun, Viewers.CustomShown shown) {
        if (!noun.type().allowsCustomFields()) {
            return List.of();
        }
        return device.customFields().active(noun.type().name()).stream()
                .map(CustomField::name)
                .filter(shown::shows)
                .toList();
    }

    /** Records as a table: id, the noun's columns, sync status; {@code what} names them ("customers"). */
    static void printTable(Terminal terminal, Nouns noun, List<ObjectNode> views, String what) {
        printTable(terminal, noun, views, what, List.of());
    }

    /** {@link #printTable(Terminal, Nouns, List, String)} with a column per custom field named in {@code custom}. */
    static void printTable(Terminal terminal, Nouns noun, List<ObjectNode> views, String what, List<String> custom) {
        if (views.isEmpty()) {
            terminal.line("No " + what + ".");
            return;
        }
        List<String> headers = new ArrayList<>();
        headers.add("ID");
        noun.columns().forEach(c -> headers.add(Flags.kebab(c).toUpperCase(Locale.ROOT)));
        custom.forEach(c -> headers.add(Flags.kebab(c).toUpperCase(Locale.ROOT)));
        headers.add("SYNC");
        List<List<String>> rows = new ArrayList<>();
        for (ObjectNode view : views) {
            List<String> row = new ArrayList<>();
            row.add(RecordView.text(view, "id"));
            noun.columns().forEach(c -> row.add(RecordView.text(view, c)));
            custom.forEach(c -> row.add(RecordView.custom(view, c)));
            row.add(RecordView.text(view, "syncStatus"));
            rows.add(row);
        }
        terminal.table(headers, rows);
        terminal.line(views.size() + " " + what);
    }
}
