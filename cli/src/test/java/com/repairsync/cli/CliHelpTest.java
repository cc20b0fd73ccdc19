package com.repairsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command has help text with a description and at least one example. */
class CliHelpTest {
    @Test
    void everyCommandExplainsItselfWithAnExample() {
        List<CommandLine> all = new ArrayList<>();
        collect(RepairSyncCli.commandLine(), all);

        assertThat(all).hasSizeGreaterThan(40);
        for (CommandLine command : all) {
            String name = command.getCommandSpec().qualifiedName();
            if (name.endsWith(" help")) {
                continue; // picocli's own help command
            }
            String usage = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            assertThat(command.getCommandSpec().usageMessage().description())
                    .as(name)
                    .isNotEmpty();
            assertThat(usage).as(name).containsPattern("Examples?:");
            assertThat(usage).as(name).contains("repairsync");
            assertThat(command.getCommandSpec().findOption("--help"))
                    .as(name + " --help")
                    .isNotNull();
        }
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().forEach(sub -> collect(sub, into));
    }
}
