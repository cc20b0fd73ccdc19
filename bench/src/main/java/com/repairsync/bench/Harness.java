package com.repairsync.bench;

import com.repairsync.bench.server.ServerDatabase;
import com.repairsync.bench.server.ServerNodes;
import com.repairsync.bench.server.ServerProcess;
import com.repairsync.cli.Shops;
import com.repairsync.cli.seed.SampleData;
import com.repairsync.cli.seed.Seeder;
import com.repairsync.client.DeviceKeys;
import com.repairsync.client.DeviceOptions;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.transport.HttpSyncTransport;
import com.repairsync.client.transport.ServerTrust;
import com.repairsync.client.transport.SessionTokens;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.client.transport.TokenSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One scenario's world: a work directory, the server process (or several nodes on one
 * PostgreSQL), a shop with its owner, and the devices opened on it. Closing it stops the devices
 * and the servers; the top-level world also drops the embedded PostgreSQL's databases of its worlds.
 */
public final class Harness implements AutoCloseable {
    public static final String PASSWORD = "bench horse battery staple";

    private final BenchOptions options;
    private final Path workDir;
    private final List<String> moreFlags;
    private final ServerDatabase database;
    private final boolean ownsDatabase;
    private ServerNodes nodes;
    private final List<AutoCloseable> open = java.util.Collections.synchronizedList(new ArrayList<>());
    private ServerProcess server;
    private String ownerEmail;
    private String otherOwnerEmail;
    private HttpSyncTransport.Connections shared;

    public Harness(BenchOptions options) {
        this(options, options.workDir(), List.of(), null, true);
    }

    private Harness(
            BenchOptions options, Path workDir, List<String> moreFlags, ServerDatabase database, boolean ownsDatabase) {
        this.options = options;
        this.moreFlags = List.copyOf(moreFlags);
        this.ownsDatabase = ownsDatabase;
        try {
            this.workDir =
                    workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("repairsync-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the work directory", e);
        }
        this.database = database != null ? database : openDatabase(options);
    }

    /**
     * A second world in the folder {@code name} of this one's work directory: its own server, started
     * with {@code moreFlags} after the options' flags, its own shop and devices, on the same
     * database server (an embedded PostgreSQL gives it a database of its own). A scenario that
     * compares two server settings in one run opens one of these for each; closing it deletes its
     * folder unless the run keeps its work directory.
     */
    public Harness inner(String name, List<String> moreFlags) {
        return new Harness(options, workDir.resolve(name), moreFlags, database, false);
    }

    /** The database the options chose: {@code --pg embedded}, {@code --db-url}, else SQLite. */
    private static ServerDatabase openDatabase(BenchOptions options) {
        if (options.embeddedPostgres()) {
            return ServerDatabase.embedded();
        }
        if (options.dbUrl() != null) {
            return ServerDatabase.named(options.dbUrl(), options.dbUser(), options.dbMigrateUser());
        }
        return ServerDatabase.sqlite();
    }

    /** Where this world's servers keep their data (SQLite, or PostgreSQL: a database of this world's). */
    public ServerDatabase database() {
        return database;
    }

    public BenchOptions options() {
        return options;
    }

    public Path workDir() {
        return workDir;
    }

    /** Where the harness's devices keep their database keys: in its work directory, never the user's. */
    public Path keysFolder() {
        return workDir.resolve("keys");
    }

    /** The server, or node 1 of several. */
    public ServerProcess server() {
        return server;
    }

    /** The nodes {@link #startNodes} started (one after {@link #start()}). */
    public ServerNodes nodes() {
        return nodes;
    }

    public String ownerEmail() {
        return ownerEmail;
    }

    /**
     * Starts the server process (SQLite in the work directory, or PostgreSQL: {@code --pg embedded}
     * or {@code --db-url}) and creates a shop. Password hashing is cheap here: the benchmarks
     * measure sync, not Argon2.
     */
    public ServerProcess start() {
        return startNodes(1);
    }

    /**
     * Starts {@code count} server nodes on this world's database (more than one needs PostgreSQL;
     * see {@link ServerNodes}) and creates a shop through node 1, which {@link #server()} returns.
     */
    public ServerProcess startNodes(int count) {
        List<String> flags = new ArrayList<>(List.of(
                "--host", "127.0.0.1",
                "--argon2-memory-kib", "1024",
                "--argon2-iterations", "1",
                "--access-token-ttl", "2h",
                "--login-failures-per-address", "100000",
                // Every simulated device signs in as the owner, and realtime puts 1,000 in one shop:
                // far past the caps one login and one shop have in production.
                "--max-sockets-per-login", "1000000",
                "--max-sockets-per-shop", "1000000",
                "--shops-per-address", "100000",
                "--shutdown-grace", "2s"));
        flags.addAll(options.serverFlags());
        flags.addAll(moreFlags);
        List<String> jvm = new ArrayList<>(List.of("-Xmx" + options.serverHeap(), "-XX:+UseG1GC"));
        jvm.addAll(options.serverJvmArgs());
        nodes = ServerNodes.start(count, serverDataDir(), jvm, database.newWorld(workDir.resolve("secrets")), flags);
        open.add(nodes);
        server = nodes.node(0);
        ownerEmail = "owner-" + UUID.randomUUID().toString().substring(0, 8) + "@bench.test";
        Shops.create(server.url(), ServerTrust.authorities(), "Bench Repairs", ownerEmail, PASSWORD, "Olivia", "Owner");
        return server;
    }

    /** The server's data directory (SQLite: its database). */
    public Path serverDataDir() {
        return workDir.resolve("server");
    }

    /**
     * Stops the server, lets {@code whileStopped} work on its data directory (a restore), and starts
     * it again on the same port, so the devices find it where they joined it.
     */
    public ServerProcess restartServer(java.util.function.Consumer<Path> whileStopped) {
        nodes.stop(0);
        whileStopped.accept(serverDataDir());
        server = nodes.restart(0);
        return server;
    }

    /**
     * Transports over one HTTP client for all the devices that use them: many simulated devices
     * in one process would otherwise run a selector thread each, and on two cores their wake-ups
     * cost more than the devices' own work. A real device has a client of its own.
     */
    public BiFunction<String, TokenSource, SyncTransport> sharedTransports() {
        synchronized (open) {
            if (shared == null) {
                shared = new HttpSyncTransport.Connections(HttpSyncTransport.DEFAULT_CONNECT_TIMEOUT);
                open.add(0, shared); // closed after every device
            }
            HttpSyncTransport.Connections connections = shared;
            return (url, tokens) ->
                    new HttpSyncTransport(url, HttpSyncTransport.DEFAULT_REQUEST_TIMEOUT, connections, tokens);
        }
    }

    /** A transport signed in as the owner on a new device named {@code name}. */
    public SignedIn signIn(String name) {
        return signIn(name, ownerEmail, tokens -> new HttpSyncTransport(server.url(), tokens));
    }

    /**
     * A transport signed in as the owner of a second shop (created by the first call) on a new device
     * named {@code name}: its changes reach no device of the first shop.
     */
    public synchronized SignedIn signInOtherShop(String name) {
        if (otherOwnerEmail == null) {
            String email = "owner-" + UUID.randomUUID().toString().substring(0, 8) + "@bench.test";
            Shops.create(server.url(), ServerTrust.authorities(), "Other Repairs", email, PASSWORD, "Otto", "Owner");
            otherOwnerEmail = email;
        }
        return signIn(name, otherOwnerEmail, tokens -> new HttpSyncTransport(server.url(), tokens));
    }

    /** Like {@link #signIn}, over the HTTP client the {@link #sharedTransports} share. */
    public SignedIn signInShared(String name) {
        BiFunction<String, TokenSource, SyncTransport> shared = sharedTransports();
        return signIn(name, ownerEmail, tokens -> shared.apply(server.url(), tokens));
    }

    /**
     * A transport signed in as {@code ownerEmail} (see {@link #createShop}) on a new device named
     * {@code name}, to node {@code node + 1}, over the HTTP client the {@link #sharedTransports} share.
     */
    public SignedIn signInShared(String name, String ownerEmail, int node) {
        BiFunction<String, TokenSource, SyncTransport> shared = sharedTransports();
        String url = nodes.url(node);
        return signIn(name, ownerEmail, tokens -> shared.apply(url, tokens));
    }

    /** Signs in as {@code email} over a transport made with the sign-in's tokens, which it refreshes. */
    private SignedIn signIn(String name, String email, Function<TokenSource, SyncTransport> transports) {
        SessionTokens tokens = new SessionTokens();
        SyncTransport transport = transports.apply(tokens);
        open.add(transport);
        return new SignedIn(transport, tokens.signIn(transport, email, PASSWORD, name, null));
    }

    /** Closes {@code resource} with everything else this harness opened. */
    public <T extends AutoCloseable> T closeLater(T resource) {
        open.add(resource);
        return resource;
    }

    /** A transport that sends the session's tokens, with the session as it signed in. */
    public record SignedIn(SyncTransport transport, SyncTransport.Session session) {}

    /**
     * Seeds about {@code records} records of every entity through the sync API with the cli's
     * {@link Seeder}: about 4.5 records per customer (a ticket and its part 1.5 times, half an
     * appointment), after 4 employees and 40 items.
     */
    public Seeder.Result seed(long records) {
        SignedIn seeder = signIn("bench seeder");
        int customers = (int) Math.max(1, (records - 44) / 4.5);
        Seeder.Counts counts = new Seeder.Counts(4, 40, customers, 1.5, 0.5);
        return new Seeder(seeder.transport(), seeder.session(), Clock.systemUTC(), options.batch())
                .seed(new SampleData(options.seed(), Instant.now(), options.customFields()), counts, sent -> {});
    }

    /** Declares the run's custom fields ({@code --custom-fields}) on customers and tickets, and nothing else. */
    public void declareCustomFields() {
        SignedIn admin = signIn("bench fields");
        new Seeder(admin.transport(), admin.session(), Clock.systemUTC(), options.batch())
                .seed(
                        new SampleData(options.seed(), Instant.now(), options.customFields()),
                        new Seeder.Counts(0, 0, 0, 0, 0),
                        sent -> {});
    }

    /** Opens a new device database in the work directory and joins the shop (which pulls everything). */
    public RepairSyncDevice join(String name, DeviceOptions deviceOptions) {
        RepairSyncDevice device = open(name, deviceOptions);
        device.join(ownerEmail, PASSWORD, name);
        return device;
    }

    /** Opens a new, not yet joined device database in the work directory, its key in {@link #keysFolder()}. */
    public RepairSyncDevice open(String name, DeviceOptions deviceOptions) {
        return openWith(name, deviceOptions.withKeys(DeviceKeys.inFolder(keysFolder())));
    }

    /**
     * Creates another shop through node 1 and returns its owner's e-mail, for {@link #join(String,
     * DeviceOptions, String, int)}: its changes reach no device of another shop.
     */
    public String createShop(String shopName) {
        String email = "owner-" + UUID.randomUUID().toString().substring(0, 8) + "@bench.test";
        Shops.create(server.url(), ServerTrust.authorities(), shopName, email, PASSWORD, "Owen", "Owner");
        return email;
    }

    /**
     * Opens a new device database on node {@code node + 1} (see {@link ServerNodes}) and joins the
     * shop of {@code ownerEmail} (which pulls everything).
     */
    public RepairSyncDevice join(String name, DeviceOptions deviceOptions, String ownerEmail, int node) {
        RepairSyncDevice device = RepairSyncDevice.open(
                deviceFile(name), nodes.url(node), deviceOptions.withKeys(DeviceKeys.inFolder(keysFolder())));
        open.add(device);
        device.join(ownerEmail, PASSWORD, name);
        return device;
    }

    /** Like {@link #open}, with a plain device database: what encrypting the store costs, beside it in one run. */
    public RepairSyncDevice openUnencrypted(String name, DeviceOptions deviceOptions) {
        return openWith(name, deviceOptions.withKeys(DeviceKeys.unencrypted()));
    }

    /** Opens a device database in the work directory, closed with the harness. */
    private RepairSyncDevice openWith(String name, DeviceOptions withKeys) {
        RepairSyncDevice device = RepairSyncDevice.open(deviceFile(name), server.url(), withKeys);
        open.add(device);
        return device;
    }

    public Path deviceFile(String name) {
        return workDir.resolve("devices").resolve(name.replaceAll("[^A-Za-z0-9-]", "_") + ".db");
    }

    /** Closes what this harness opened, newest first, and deletes the work directory unless kept. */
    @Override
    public void close() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                System.err.println("bench: closing " + open.get(i) + ": " + e);
            }
        }
        open.clear();
        if (ownsDatabase) {
            try {
                database.close();
            } catch (RuntimeException e) {
                System.err.println("bench: stopping the database: " + e);
            }
        }
        if (!options.keep()) {
            deleteTree(workDir);
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("bench: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
