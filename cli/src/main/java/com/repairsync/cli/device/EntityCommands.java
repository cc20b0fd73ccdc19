package com.repairsync.cli.device;

import com.repairsync.protocol.schema.Schema;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The record commands ({@code customer add}, {@code ticket list --status ready}, {@code item adjust}
 * ...), built from the entity declarations: each declared field is a flag of {@code add} and
 * {@code edit}, typed and checked by its declaration. No entity has hand-written add or edit code.
 *
 * <p>This class names the command groups; {@link WriteCommands} and {@link ReadCommands} build
 * the generated commands on {@link GeneratedCommand} ({@link DeletedCommands} those of deleted
 * records: {@code deleted}, {@code undelete}), and {@link RecordActions} holds the
 * hand-written actions a few entities add. Attachments are the exception: they come from a file
 * ({@code ticket attach}, {@link AttachCommands}), so {@link AttachmentCommands} replaces their
 * {@code add} and {@code edit} with pointers there and lists them with their upload status.
 */
public final class EntityCommands {
    private EntityCommands() {}

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
        if (noun.type() == Schema.ATTACHMENTS) {
            AttachmentCommands.addTo(group, noun);
            return group;
        }
        group.addSubcommand("add", WriteCommands.add(noun));
        group.addSubcommand("list", ReadCommands.list(noun));
        group.addSubcommand("show", ReadCommands.show(noun));
        group.addSubcommand("edit", WriteCommands.edit(noun));
        group.addSubcommand("delete", WriteCommands.delete(noun));
        group.addSubcommand("deleted", DeletedCommands.deleted(noun));
        group.addSubcommand("undelete", DeletedCommands.undelete(noun));
        switch (noun.noun()) {
            case "item" -> group.addSubcommand("adjust", new CommandLine(new RecordActions.ItemAdjust()));
            case "ticket" -> {
                group.addSubcommand("add-part", new CommandLine(new RecordActions.TicketAddPart()));
                group.addSubcommand("attach", new CommandLine(new AttachCommands.TicketAttach()));
            }
            case "customer" -> {
                group.addSubcommand("attach", new CommandLine(new AttachCommands.CustomerAttach()));
                group.addSubcommand("erase", new CommandLine(new RecordActions.CustomerErase()));
            }
            case "employee" -> group.addSubcommand("set-pin", new CommandLine(new RecordActions.EmployeeSetPin()));
            default -> {}
        }
        return group;
    }
}
