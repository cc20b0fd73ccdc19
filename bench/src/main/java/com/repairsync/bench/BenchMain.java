package com.repairsync.bench;

import com.repairsync.bench.scenario.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code repairsync bench <scenario>}: runs a load scenario against a real server process and
 * real SDK devices over loopback, prints a table and writes JSON. {@code repairsync bench jmh
 * [JMH options]} runs the microbenchmarks instead.
 */
@Command(
        name = "repairsync bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measure sync speed, latency and memory against their targets, baselines and a PouchDB peer.",
            "Scenarios: initial-sync, push, realtime, mixed, restore, attachments, history. Or: jmh [JMH options] for the"
                    + " microbenchmarks."
        },
        footer = {
            "",
            "Examples:",
            "  repairsync bench initial-sync --records 100000",
            "  repairsync bench push --records 10000",
            "  repairsync bench realtime --devices 200",
            "  repairsync bench mixed --devices 10 --seconds 60",
            "  repairsync bench attachments --photos 200 --photo-size 4194304",
            "  repairsync bench history --records 1000000 --mutations 20000",
            "  repairsync bench jmh -f 1 -wi 2 -i 3"
        })
public final class BenchMain implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "SCENARIO",
            description = "initial-sync, push, realtime, mixed, restore, attachments or history")
    String scenario;

    @Option(
            names = "--records",
            paramLabel = "N",
            description =
                    "records to seed (initial-sync: 100000, realtime: 100, mixed: 2000, history: 1000000) or mutations"
                            + " to drain (push: 10000)")
    Long records;

    @Option(names = "--devices", paramLabel = "D", description = "connected devices (realtime: 50, mixed: 10)")
    Integer devices;

    @Option(
            names = "--sdk-devices",
            paramLabel = "K",
            description = "realtime: how many of the devices are full SDK devices (default: all); the others"
                    + " are sockets only, as devices on hardware of their own")
    Integer sdkDevices;

    @Option(names = "--db-url", paramLabel = "URL", description = "the server's database (default: SQLite)")
    String dbUrl;

    @Option(names = "--json-out", paramLabel = "FILE", description = "results file (default: bench-<scenario>.json)")
    Path jsonOut;

    @Option(names = "--seconds", defaultValue = "60", paramLabel = "S", description = "how long mixed runs")
    long seconds;

    @Option(
            names = "--rate",
            paramLabel = "R",
            description = "writes per second per device (mixed: 1) or changes per second (realtime: 2)")
    Double rate;

    @Option(
            names = "--events",
            defaultValue = "40",
            paramLabel = "N",
            description = "changes the realtime writer pushes")
    int events;

    @Option(
            names = "--naive-limit",
            defaultValue = "2000",
            paramLabel = "N",
            description = "most mutations the one-request-per-mutation run sends (push)")
    int naiveLimit;

    @Option(
            names = "--warmup",
            paramLabel = "N",
            description = "warm both JVMs first: a separate device pushes N mutations (push; default: as many as"
                    + " measured; history: to each server, default --mutations), two separate devices pull everything (initial-sync, if N > 0; default 20000),"
                    + " or two devices of another shop push 15 × N single changes and the writer N unmeasured"
                    + " changes back to back (realtime; default 200), or N photos go both ways first"
                    + " (attachments; default 20); 0 measures cold JVMs")
    Integer warmup;

    @Option(
            names = "--batch",
            defaultValue = "2000",
            paramLabel = "N",
            description = "most mutations per push request (the device's batchSize; also the seeding batch)")
    int batch;

    @Option(names = "--no-peer", description = "skip the PouchDB peer (initial-sync)")
    boolean noPeer;

    @Option(
            names = "--peer-dir",
            paramLabel = "DIR",
            description = "where npm installs PouchDB (default: a temp folder)")
    Path peerDir;

    @Option(
            names = "--peer-storage",
            defaultValue = "disk",
            paramLabel = "WHERE",
            description = "where the PouchDB peer keeps documents on both sides: disk (LevelDB, PouchDB's"
                    + " default, durable like ours) or memory")
    BenchOptions.PeerStorage peerStorage;

    @Option(names = "--server-heap", defaultValue = "2g", paramLabel = "SIZE", description = "server JVM -Xmx")
    String serverHeap;

    @Option(names = "--server-jvm-arg", paramLabel = "ARG", description = "more server JVM options (repeatable)")
    List<String> serverJvmArgs = new ArrayList<>();

    @Option(names = "--server-flag", paramLabel = "FLAG", description = "more server flags (repeatable)")
    List<String> serverFlags = new ArrayList<>();

    @Option(names = "--work-dir", paramLabel = "DIR", description = "databases go here (default: a temp folder)")
    Path workDir;

    @Option(names = "--keep", description = "keep the work folder")
    boolean keep;

    @Option(
            names = "--photos",
            defaultValue = "200",
            paramLabel = "N",
            description = "photos one device uploads (attachments)")
    int photos;

    @Option(
            names = "--photo-size",
            defaultValue = "4194304",
            paramLabel = "BYTES",
            description = "bytes of each photo (attachments; default 4 MiB, at most the server's 25 MiB)")
    int photoSize;

    @Option(
            names = "--mutations",
            defaultValue = "20000",
            paramLabel = "N",
            description = "mutations each measured push round drains (history)")
    int mutations;

    @Option(
            names = "--rounds",
            defaultValue = "3",
            paramLabel = "N",
            description = "measured push rounds with history and as many without, alternating (history)")
    int rounds;

    @Option(
            names = "--reads",
            defaultValue = "500",
            paramLabel = "N",
            description = "measured reads of the record's history each way: HTTP, store, raw, health (history)")
    int reads;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "sample data seed")
    long seed;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("jmh")) {
            org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        System.exit(commandLine().execute(args));
    }

    /** The command line of a new harness run ({@code --peer-storage DISK} and {@code disk} both work). */
    static CommandLine commandLine() {
        return new CommandLine(new BenchMain()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Scenario chosen;
        try {
            chosen = Scenario.named(scenario);
        } catch (IllegalArgumentException unknown) {
            throw new ParameterException(spec.commandLine(), unknown.getMessage());
        }
        BenchOptions options = options();
        validate(options);
        Results results;
        try (Harness harness = new Harness(options)) {
            results = chosen.run(harness);
        }
        results.print(System.out);
        Path out = jsonOut != null ? jsonOut : Path.of("bench-" + scenario + ".json");
        results.write(out);
        System.out.println("  results: " + out.toAbsolutePath());
        return 0;
    }

    /** Refuses numbers no scenario can run with, naming the flag, before anything starts. */
    private void validate(BenchOptions options) {
        atLeast("--records", options.records(), 1);
        atLeast("--devices", options.devices(), 1);
        atLeast("--sdk-devices", options.sdkDevices(), 1);
        if (options.sdkDevices() > options.devices()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--sdk-devices must be at most --devices (" + options.devices() + "), got " + options.sdkDevices());
        }
        atLeast("--events", options.events(), 1);
        atLeast("--naive-limit", options.naiveLimit(), 1);
        atLeast("--warmup", options.warmup(), 0);
        atLeast("--batch", options.batch(), 1);
        atLeast("--seconds", options.duration().toSeconds(), 1);
        atLeast("--photos", options.photos(), 1);
        atLeast("--photo-size", options.photoSize(), 1024);
        atLeast("--mutations", options.mutations(), 1);
        atLeast("--rounds", options.rounds(), 1);
        atLeast("--reads", options.reads(), 1);
        if (!(options.rate() > 0) || Double.isInfinite(options.rate())) {
            throw new ParameterException(spec.commandLine(), "--rate must be a number above 0, got " + options.rate());
        }
    }

    private void atLeast(String flag, long value, long min) {
        if (value < min) {
            throw new ParameterException(spec.commandLine(), flag + " must be " + min + " or more, got " + value);
        }
    }

    BenchOptions options() {
        boolean initial = scenario.equals("initial-sync");
        long defaultRecords =
                switch (scenario) {
                    case "initial-sync" -> 100_000;
                    case "push" -> 10_000;
                    case "realtime" -> 100;
                    case "restore" -> 20_000;
                    case "history" -> 1_000_000;
                    default -> 2_000;
                };
        long recordCount = records != null ? records : defaultRecords;
        // A push is warmed by a drain as large as the measured one: fewer, larger requests need as
        // many mutations for the JIT to finish with the push path.
        int warmupCount = warmup != null
                ? warmup
                : switch (scenario) {
                    case "push" -> (int) Math.min(recordCount, 1_000_000);
                    case "history" -> mutations;
                    case "realtime" -> 200;
                    case "attachments" -> 20;
                    default -> 20_000;
                };
        int deviceCount = devices != null ? devices : scenario.equals("realtime") ? 50 : 10;
        return new BenchOptions(
                recordCount,
                deviceCount,
                sdkDevices != null ? sdkDevices : deviceCount,
                dbUrl,
                Duration.ofSeconds(seconds),
                rate != null ? rate : scenario.equals("realtime") ? 2 : 1,
                events,
                naiveLimit,
                warmupCount,
                batch,
                initial && !noPeer,
                peerDir,
                peerStorage,
                serverHeap,
                List.copyOf(serverJvmArgs),
                List.copyOf(serverFlags),
                workDir,
                keep,
                seed,
                photos,
                photoSize,
                mutations,
                rounds,
                reads);
    }
}
