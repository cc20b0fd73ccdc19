package com.repairsync.cli.device;

import com.repairsync.cli.Terminal;
import com.repairsync.client.DeviceOptions;
import com.repairsync.client.RepairSyncDevice;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The shared part of the record commands built from entity declarations ({@link EntityCommands}):
 * a picocli command spec that opens the device named by {@code --device} and runs a body, and the
 * options, parameters and help every such command has in common.
 */
final class GeneratedCommand {
    private static final String DEVICE_HELP =
            "the device's folder (default: $REPAIRSYNC_DEVICE or ~/.repairsync/device)";

    private GeneratedCommand() {}

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

    /** What a generated command does once its device is open; returns the exit code. */
    interface Body {
        int run(Invocation invocation);
    }

    /** A command spec that opens the device named by {@code --device} and runs the body. */
    static CommandSpec runnable(Body body) {
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

    /** Sets the command's one-line description and its example. */
    static void describe(CommandSpec spec, String description, String example) {
        spec.usageMessage().description(description).footer("", "Example:", "  " + example);
    }

    /** The record id a command acts on, its one positional parameter. */
    static PositionalParamSpec idParameter(Nouns noun) {
        return PositionalParamSpec.builder()
                .paramLabel("ID")
                .type(String.class)
                .description("the " + noun.noun() + "'s id (from " + noun.noun() + " list)")
                .build();
    }

    /** {@code --no-sync}: a write stays on the device until the next sync. */
    static OptionSpec noSyncOption() {
        return OptionSpec.builder("--no-sync")
                .description("only save on this device; send with the next repairsync sync")
                .build();
    }
}
