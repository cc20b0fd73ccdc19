package com.repairsync.cli.demo;

import com.repairsync.cli.ExitCode;
import com.repairsync.cli.Terminal;
import com.repairsync.server.RepairSyncServer;
import com.repairsync.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code repairsync demo}: a server on SQLite in a temporary folder and three shop devices, with
 * the story of a shop's morning told step by step, each step checked, then a summary table.
 *
 * <p>This class runs the demo from end to end: the folder, the server, the devices around the story
 * ({@link ShopFloor} sets up, {@link MorningStory} tells the rest), the summary, {@code --serve},
 * and the clean-up. What the story says and checks lives in those two classes.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Watch RepairSync work through a shop's morning, each step explained and checked.",
            "A server on SQLite in a temporary folder and three devices (front desk, technician's tablet,"
                    + " owner's laptop); under a minute."
        },
        footer = {"", "Examples:", "  repairsync demo", "  repairsync demo --keep --json"})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--keep", description = "keep the temporary folder (server and device databases) afterwards")
    boolean keep;

    @Option(
            names = "--serve",
            description = "afterwards, fill the shop with sample data and keep the server running for RepairSync Desk"
                    + " (./repairsync desk --demo URL) until Ctrl-C")
    boolean serve;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Terminal terminal = Terminal.of(spec);
        Path dir = Files.createTempDirectory("repairsync-demo-");
        long started = System.nanoTime();
        Narrator narrator = new Narrator(terminal);
        RepairSyncServer server = null;
        try {
            narrator.say("Starting a RepairSync server on SQLite in " + dir + " …");
            server = startServer(dir);
            String url = server.url(); // loopback only, so plain HTTP: nothing leaves this machine
            try (DemoDevices devices = new DemoDevices(dir, terminal)) {
                new MorningStory(ShopFloor.setUp(url, devices, narrator), narrator).tell();
            }
            narrator.printSummary(started, keep ? dir : null);
            if (serve) {
                RepairSyncServer serving = server;
                SampleShopHost.serveUntilStopped(terminal, url, () -> {
                    serving.stop();
                    cleanUp(dir);
                });
            }
        } finally {
            if (server != null) {
                server.stop();
            }
            cleanUp(dir);
        }
        return ExitCode.OK;
    }

    private static RepairSyncServer startServer(Path dir) {
        String[] args = {
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--data",
            dir.resolve("server").toString()
        };
        return RepairSyncServer.start(ServerConfig.parse(args, Map.of()), Clock.systemUTC());
    }

    /** Deletes the temporary folder, unless {@code --keep} keeps it. */
    private void cleanUp(Path dir) {
        if (keep) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary folder the OS cleans up eventually; nothing of the user's is in it
        }
    }
}
