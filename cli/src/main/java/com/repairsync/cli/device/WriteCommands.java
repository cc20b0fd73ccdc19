package com.repairsync.cli.device;

import static com.repairsync.cli.device.GeneratedCommand.describe;
import static com.repairsync.cli.device.GeneratedCommand.idParameter;
import static com.repairsync.cli.device.GeneratedCommand.noSyncOption;
import static com.repairsync.cli.device.GeneratedCommand.runnable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.cli.CliException;
import com.repairsync.cli.ExitCode;
import com.repairsync.cli.Flags;
import com.repairsync.cli.Secrets;
import com.repairsync.cli.Terminal;
import com.repairsync.cli.Values;
import com.repairsync.cli.device.GeneratedCommand.Invocation;
import com.repairsync.client.ReauthenticationRequiredException;
import com.repairsync.client.SyncStatus;
import com.repairsync.client.records.Repository;
import com.repairsync.protocol.CustomValues;
import com.repairsync.protocol.schema.Schema;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The generated commands that change records: {@code add}, {@code edit} and {@code delete} of any
 * entity. Each writes on the device, then sends the change at once unless {@code --no-sync}.
 */
final class WriteCommands {
    private WriteCommands() {}

    static CommandLine add(Nouns noun) {
        CommandSpec spec = runnable(args -> {
            Map<String, Object> fields = withCustom(
                    FieldFlags.values(args.spec(), noun, true),
                    CustomValueFlags.values(args.spec(), args.device(), noun, true));
            String id = confirmingPassword(args, () -> noun.in(args.device()).create(fields));
            return wrote(noun, args, id, "Added");
        });
        describe(
                spec,
                "Add a " + noun.noun() + ". Required flags are marked.",
                "repairsync " + noun.noun() + " add " + example(noun));
        writeOptions(spec, noun, true);
        return new CommandLine(spec);
    }

    static CommandLine edit(Nouns noun) {
        CommandSpec spec = runnable(args -> {
            String id = Values.id("ID", args.positional());
            Map<String, Object> fields = withCustom(
                    FieldFlags.values(args.spec(), noun, false),
                    CustomValueFlags.values(args.spec(), args.device(), noun, false));
            if (fields.isEmpty()) {
                throw CliException.usage("say what to change, such as "
                        + Flags.of(FieldFlags.editable(noun).get(0).name()) + " VALUE");
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
        writeOptions(spec, noun, false);
        return new CommandLine(spec);
    }

    static CommandLine delete(Nouns noun) {
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
        spec.addOption(noSyncOption());
        return new CommandLine(spec);
    }

    /** The built-in fields with the custom values, if any, in the record's {@code custom} member. */
    private static Map<String, Object> withCustom(Map<String, Object> fields, Map<String, Object> custom) {
        if (!custom.isEmpty()) {
            fields.put(CustomValues.MEMBER, custom);
        }
        return fields;
    }

    /** The options of {@code add} and {@code edit}: the field flags, then the password and sync ones. */
    private static void writeOptions(CommandSpec spec, Nouns noun, boolean creating) {
        FieldFlags.addTo(spec, noun, creating);
        CustomValueFlags.addTo(spec, noun, creating);
        if (noun.type() == Schema.EMPLOYEES) {
            spec.addOption(OptionSpec.builder("--password-file")
                    .paramLabel("FILE")
                    .type(Path.class)
                    .description("your password, which making someone an admin asks for again (default: the prompt or"
                            + " REPAIRSYNC_PASSWORD)")
                    .build());
        }
        spec.addOption(noSyncOption());
    }

    /**
     * Runs a write; if it needs the acting employee's password again (making someone an admin),
     * asks for it, confirms it with the server and writes again. The change then goes out at once.
     */
    private static String confirmingPassword(Invocation args, Supplier<String> write) {
        try {
            return write.get();
        } catch (ReauthenticationRequiredException needed) {
            OptionSpec option = args.spec().findOption("--password-file");
            Path file = option == null ? null : option.getValue();
            String password = Secrets.read(
                    "your password (making someone an admin needs it again)",
                    null,
                    file,
                    "--password-file",
                    "REPAIRSYNC_PASSWORD");
            args.device().confirmPassword(password);
            return write.get();
        }
    }

    /** Prints what a write left behind; exit 2 if the server refused it. */
    static int wrote(Nouns noun, Invocation args, String id, String verb) {
        WriteSync.afterWrite(args.device(), args.terminal(), args.noSync());
        Object record = noun.in(args.device()).get(id).orElse(null);
        ObjectNode view = record == null
                ? Terminal.object().put("id", id)
                : RecordView.of(record, Viewers.customShown(args.device(), noun));
        SyncStatus status = args.device().status(noun.type().name(), id);
        args.terminal().result(view, () -> args.terminal()
                .line(verb + " " + noun.noun() + " " + id + " (" + status.name().toLowerCase(Locale.ROOT) + ")."));
        WriteSync.noteWaiting(args.device(), args.terminal(), id);
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

    /** The flags of a typical record, for the help's example. */
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
}
