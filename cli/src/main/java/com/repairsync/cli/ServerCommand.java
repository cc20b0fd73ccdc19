package com.repairsync.cli;

import com.repairsync.server.ConfigException;
import com.repairsync.server.RepairSyncServer;
import com.repairsync.server.ServerConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * {@code repairsync server}: runs the sync server until Ctrl-C. Its flags are the server's settings
 * ({@link ServerConfig#SETTINGS}), each also readable from its environment variable.
 */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        description = {
            "Run the sync server until Ctrl-C (in-flight pushes finish first).",
            "Every flag can also come from its environment variable; a flag wins."
        },
        footer = {"", "Example:", "  repairsync server --port 8787 --data ./data"})
public final class ServerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        List<String> args = new ArrayList<>();
        for (ServerConfig.Setting setting : ServerConfig.SETTINGS) {
            OptionSpec option = spec.findOption(setting.flag());
            if (option != null && option.getValue() != null) {
                args.add(setting.flag());
                args.add(option.getValue());
            }
        }
        ServerConfig config;
        try {
            config = ServerConfig.parse(args.toArray(String[]::new), System.getenv());
        } catch (ConfigException e) {
            throw CliException.usage(e.getMessage());
        }
        RepairSyncServer server;
        try {
            server = RepairSyncServer.start(config, Clock.systemUTC());
        } catch (RuntimeException e) {
            throw new CliException(ExitCode.INTERNAL, "cannot start the server: " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.stop();
                            System.out.println("RepairSync server stopped.");
                            System.out.flush();
                            stopped.countDown();
                        },
                        "shutdown"));
        System.out.println("RepairSync server ready on http://" + config.host() + ":" + server.port() + " ("
                + config.storageDescription() + "). Ctrl-C stops it.");
        System.out.flush();
        stopped.await();
        return ExitCode.OK;
    }

    /** Declares the server's settings as options of this command. */
    static void addSettingOptions(CommandSpec spec) {
        for (ServerConfig.Setting setting : ServerConfig.SETTINGS) {
            String help = setting.help() + " (" + setting.env()
                    + (setting.defaultValue().isEmpty() ? "" : "; default " + setting.defaultValue()) + ")";
            spec.addOption(OptionSpec.builder(setting.flag())
                    .paramLabel("VALUE")
                    .type(String.class)
                    .description(help)
                    .build());
        }
    }
}
