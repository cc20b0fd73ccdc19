package com.repairsync.cli.device;

import static com.repairsync.cli.device.GeneratedCommand.describe;
import static com.repairsync.cli.device.GeneratedCommand.noSyncOption;
import static com.repairsync.cli.device.GeneratedCommand.runnable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.cli.CliException;
import com.repairsync.cli.ExitCode;
import com.repairsync.cli.Values;
import com.repairsync.client.RecordNotFoundException;
import com.repairsync.client.records.Repository;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The generated commands for deleted records of any entity: {@code deleted} lists those this
 * device holds as deleted (with their last values), {@code undelete} brings one back as a new
 * change that syncs like any other.
 */
final class DeletedCommands {
    /** Most records {@code deleted --limit} lists. */
    static final int MAX_LIMIT = 1000;

    private DeletedCommands() {}

    static CommandLine deleted(Nouns noun) {
        CommandSpec spec = runnable(args -> {
            OptionSpec option = args.spec().findOption("--limit");
            String text = option.getValue();
            int limit = text == null ? Repository.RECENTLY_DELETED : limit(text);
            Viewers.CustomShown shown = Viewers.customShown(args.device(), noun);
            List<ObjectNode> views = noun.in(args.device()).deleted(limit).stream()
                    .map(record -> RecordView.of(record, shown))
                    .toList();
            args.terminal()
                    .result(
                            views,
                            () -> ReadCommands.printTable(
                                    args.terminal(),
                                    noun,
                                    views,
                                    "deleted " + noun.type().name() + " on this device"));
            return ExitCode.OK;
        });
        describe(
                spec,
                "List " + noun.type().name() + " this device holds as deleted, newest deletion first,"
                        + " to bring one back with undelete.",
                "repairsync " + noun.noun() + " deleted --limit 20");
        spec.addOption(OptionSpec.builder("--limit")
                .paramLabel("N")
                .type(String.class)
                .description("at most N records (1 to " + MAX_LIMIT + "; default " + Repository.RECENTLY_DELETED + ")")
                .build());
        return new CommandLine(spec);
    }

    static CommandLine undelete(Nouns noun) {
        CommandSpec spec = runnable(args -> {
            String id = Values.id("ID", args.positional());
            Repository<?, ?, ?> repository = noun.in(args.device());
            if (repository.get(id).isPresent()) {
                throw CliException.usage(
                        "ID: " + noun.noun() + " " + id + " is not deleted; there is nothing to bring back");
            }
            try {
                repository.undelete(id);
            } catch (RecordNotFoundException unknown) {
                throw CliException.notFound("no deleted " + noun.noun() + " " + id + " on this device (repairsync "
                        + noun.noun() + " deleted)");
            }
            return WriteCommands.wrote(noun, args, id, "Brought back");
        });
        describe(
                spec,
                "Bring back a deleted " + noun.noun() + " with the values it had: a new change that wins over the"
                        + " deletion (a later deletion elsewhere still wins).",
                "repairsync " + noun.noun() + " undelete ID");
        spec.addPositional(PositionalParamSpec.builder()
                .paramLabel("ID")
                .type(String.class)
                .description("the deleted " + noun.noun() + "'s id (from " + noun.noun() + " deleted)")
                .build());
        spec.addOption(noSyncOption());
        return new CommandLine(spec);
    }

    private static int limit(String text) {
        long limit = Values.whole("--limit", text);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw CliException.usage("--limit: must be 1 to " + MAX_LIMIT + " (got " + text + ")");
        }
        return (int) limit;
    }
}
