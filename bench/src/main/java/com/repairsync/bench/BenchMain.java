package com.repairsync.bench;

import com.repairsync.bench.scenario.Scenario;
import com.repairsync.bench.server.ServerDatabase;
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
            "Scenarios: initial-sync, push, realtime, mixed, restore, attachments, history, shops, fleet, queries. Or: jmh [JMH options]"
                    + " for the microbenchmarks.",
            "Every scenario but restore and history also runs on PostgreSQL: --pg embedded, or --db-url with --db-user."
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
            "  repairsync bench push --pg embedded --records 10000",
            "  repairsync bench shops --pg embedded --shops 100 --devices 5 --nodes 3",
            "  repairsync bench fleet --pg embedded --devices 10000 --nodes 2",
            "  repairsync bench queries --customers 100000 --tickets 300000 --parts 600000 --appointments 50000",
            "  repairsync bench realtime --pg embedded --nodes 3 --devices 1000 --sdk-devices 20",
            "  repairsync bench jmh -f 1 -wi 2 -i 3"
        })
public final class BenchMain implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "SCENARIO",
            description = "initial-sync, push, realtime, mixed, restore, attachments, history, shops, fleet or queries")
    String scenario;

    @Option(
            names = "--records",
            paramLabel = "N",
            description =
                    "records to seed (initial-sync: 100000, realtime: 100, mixed: 2000, history: 1000000) or mutations"
                            + " to drain (push: 10000; shops: each device's, 200)")
    Long records;

    @Option(
            names = "--devices",
            paramLabel = "D",
            description =
                    "connected devices (realtime: 50, mixed: 10, fleet: 10000), or devices of each shop (shops: 5)")
    Integer devices;

    @Option(
            names = "--sdk-devices",
            paramLabel = "K",
            description = "realtime: how many of the devices are full SDK devices (default: all); the others"
                    + " are sockets only, as devices on hardware of their own")
    Integer sdkDevices;

    @Option(
            names = "--db-url",
            paramLabel = "URL",
            description =
                    "the servers' PostgreSQL, jdbc:postgresql://HOST[:PORT]/DB (default: SQLite); needs --db-user")
    String dbUrl;

    @Option(
            names = "--db-user",
            paramLabel = "ROLE",
            description = "the application role the servers query --db-url as (or REPAIRSYNC_DB_USER); no superuser,"
                    + " no BYPASSRLS, not the owner (docs/postgres.md)")
    String dbUser;

    @Option(
            names = "--db-password",
            paramLabel = "PASSWORD",
            description = "its password (or REPAIRSYNC_DB_PASSWORD); handed to the servers in a file only they read")
    String dbPassword;

    @Option(
            names = "--db-migrate-user",
            paramLabel = "ROLE",
            description = "the schema owner that runs pending migrations (or REPAIRSYNC_DB_MIGRATE_USER; default:"
                    + " none, the schema must be current)")
    String dbMigrateUser;

    @Option(
            names = "--db-migrate-password",
            paramLabel = "PASSWORD",
            description = "the owner's password (or REPAIRSYNC_DB_MIGRATE_PASSWORD)")
    String dbMigratePassword;

    @Option(
            names = "--pg",
            paramLabel = "KIND",
            description = "embedded: start PostgreSQL inside the harness (from the bench jar's binaries) with the owner"
                    + " and application roles of docs/postgres.md; the servers connect as the application role")
    Postgres pg;

    /** The PostgreSQL {@code --pg} starts. */
    enum Postgres {
        EMBEDDED
    }

    @Option(
            names = "--nodes",
            paramLabel = "N",
            description = "server nodes on one PostgreSQL (realtime: the writer on node 1, the listeners on the"
                    + " others; default 1), or the most nodes shops measures, each count from 1 up (default 3 on"
                    + " PostgreSQL, 1 on SQLite)")
    Integer nodes;

    @Option(
            names = "--custom-fields",
            defaultValue = "0",
            paramLabel = "N",
            description = "custom fields on customers and tickets, each record holding a value of every one"
                    + " (initial-sync, push): what a shop's own fields cost")
    int customFields;

    @Option(names = "--shops", defaultValue = "100", paramLabel = "N", description = "shops pushing at once (shops)")
    int shops;

    @Option(
            names = "--customers",
            defaultValue = "100000",
            paramLabel = "N",
            description = "customers on the device (queries)")
    int customers;

    @Option(
            names = "--tickets",
            defaultValue = "300000",
            paramLabel = "N",
            description = "tickets on the device (queries)")
    int tickets;

    @Option(
            names = "--parts",
            defaultValue = "600000",
            paramLabel = "N",
            description = "stocked parts (inventory items) on the device (queries)")
    int parts;

    @Option(
            names = "--appointments",
            defaultValue = "50000",
            paramLabel = "N",
            description = "appointments on the device (queries)")
    int appointments;

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
            names = "--peer",
            description =
                    "realtime: also run the PouchDB live-replication peer with as many listeners (off by" + " default)")
    boolean livePeer;

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
        OptionChecks checks = new OptionChecks(spec.commandLine(), scenario);
        checks.numbers(options);
        checks.database(options, chosen);
        Results results;
        try (Harness harness = new Harness(options)) {
            results = chosen.run(harness);
            results.note("servers' database: " + harness.database().describe());
        }
        results.print(System.out);
        Path out = jsonOut != null ? jsonOut : Path.of("bench-" + scenario + ".json");
        results.write(out);
        System.out.println("  results: " + out.toAbsolutePath());
        return 0;
    }

    /** A role from a flag or else the environment, with its password likewise; null without a role. */
    private static ServerDatabase.Login login(String user, String userEnv, String password, String passwordEnv) {
        String role = user != null ? user : System.getenv(userEnv);
        if (role == null || role.isBlank()) {
            return null;
        }
        String secret = password != null ? password : System.getenv(passwordEnv);
        return new ServerDatabase.Login(role, secret == null ? "" : secret);
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
                    case "shops" -> 200;
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
                    case "shops" -> 10_000;
                    default -> 20_000;
                };
        int deviceCount = devices != null
                ? devices
                : switch (scenario) {
                    case "realtime" -> 50;
                    case "shops" -> 5;
                    case "fleet" -> 10_000;
                    default -> 10;
                };
        boolean postgres = pg != null || dbUrl != null;
        int nodeCount = nodes != null
                ? nodes
                : scenario.equals("shops") && postgres ? 3 : scenario.equals("fleet") && postgres ? 2 : 1;
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
                initial ? !noPeer : scenario.equals("realtime") && livePeer,
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
                reads,
                pg == Postgres.EMBEDDED,
                dbUrl == null ? null : login(dbUser, "REPAIRSYNC_DB_USER", dbPassword, "REPAIRSYNC_DB_PASSWORD"),
                dbUrl == null
                        ? null
                        : login(
                                dbMigrateUser,
                                "REPAIRSYNC_DB_MIGRATE_USER",
                                dbMigratePassword,
                                "REPAIRSYNC_DB_MIGRATE_PASSWORD"),
                nodeCount,
                shops,
                new ShopSize(customers, tickets, parts, appointments),
                customFields);
    }
}
