package com.repairsync.bench.server;

import com.repairsync.testkit.PostgresSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where the bench's servers keep their data: SQLite in each server's data directory (the
 * default), a PostgreSQL the user names ({@code --db-url} with its roles), or an embedded
 * PostgreSQL the harness starts itself ({@code --pg embedded}) with the owner and application
 * roles of docs/postgres.md. The servers always connect as the application role, so row-level
 * security is in force, and migrate as the owner.
 *
 * <p>Each {@link #newWorld} gives the server flags of one world (a scenario, or one setting of it
 * that a scenario compares): every node of that world gets the same flags and so the same
 * database. An embedded PostgreSQL gives each world a fresh database; a named PostgreSQL is the same
 * database for every world (each world makes shops of its own there).
 */
public final class ServerDatabase implements AutoCloseable {
    /** Connections the embedded PostgreSQL accepts: nodes × (pool of 8 + 2 channel) in a few worlds. */
    static final int EMBEDDED_MAX_CONNECTIONS = 300;

    /** A PostgreSQL role and its password. */
    public record Login(String user, String password) {
        public Login {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return user; // never the password
        }
    }

    private enum Kind {
        SQLITE,
        NAMED_POSTGRES,
        EMBEDDED_POSTGRES
    }

    private final Kind kind;
    private final String url;
    private final Login app;
    private final Login owner;
    private final PostgresSetup postgres;
    private final List<String> worlds = new java.util.concurrent.CopyOnWriteArrayList<>();

    private ServerDatabase(Kind kind, String url, Login app, Login owner, PostgresSetup postgres) {
        this.kind = kind;
        this.url = url;
        this.app = app;
        this.owner = owner;
        this.postgres = postgres;
    }

    /** SQLite in each server's {@code --data} directory. */
    public static ServerDatabase sqlite() {
        return new ServerDatabase(Kind.SQLITE, null, null, null, null);
    }

    /**
     * The PostgreSQL at {@code url}: the servers query as {@code app}, and migrate as {@code owner}
     * when it is given (without it the schema must be current already; the server says which
     * migration is pending).
     */
    public static ServerDatabase named(String url, Login app, Login owner) {
        return new ServerDatabase(
                Kind.NAMED_POSTGRES,
                Objects.requireNonNull(url, "url"),
                Objects.requireNonNull(app, "app"),
                owner,
                null);
    }

    /**
     * The embedded PostgreSQL of this JVM (zonky, from the binaries in the bench jar), started on
     * first use and stopped when the JVM exits, so that runs in one JVM (the smoke test's) share
     * it; every world gets a database of its own. It keeps the server's default durability (fsync
     * and synchronous commit on, as the SQLite server commits with {@code synchronous=FULL}); its
     * roles get passwords made up for this JVM; its own log goes to {@link #EMBEDDED_LOG}.
     */
    public static ServerDatabase embedded() {
        PostgresSetup setup = sharedEmbedded();
        return new ServerDatabase(
                Kind.EMBEDDED_POSTGRES,
                null,
                new Login(PostgresSetup.APP, setup.appPassword()),
                new Login(PostgresSetup.OWNER, setup.ownerPassword()),
                setup);
    }

    /** The embedded PostgreSQL's log: in the temp folder, one per harness JVM. */
    public static final Path EMBEDDED_LOG = Path.of(
            System.getProperty("java.io.tmpdir"),
            "repairsync-bench-postgres-" + ProcessHandle.current().pid() + ".log");

    private static PostgresSetup embedded;

    private static synchronized PostgresSetup sharedEmbedded() {
        if (embedded == null) {
            // Its start-up chatter (binaries found, initdb's progress) would fill the results' screen.
            if (org.slf4j.LoggerFactory.getLogger("io.zonky") instanceof ch.qos.logback.classic.Logger zonky) {
                zonky.setLevel(ch.qos.logback.classic.Level.WARN);
            }
            PostgresSetup started = PostgresSetup.embedded(
                    Map.of("max_connections", Integer.toString(EMBEDDED_MAX_CONNECTIONS)),
                    randomSecret(),
                    randomSecret(),
                    EMBEDDED_LOG);
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "embedded-postgres-stop"));
            embedded = started;
        }
        return embedded;
    }

    public boolean isPostgres() {
        return kind != Kind.SQLITE;
    }

    /** What the results note: {@code SQLite}, {@code PostgreSQL 14.20 (embedded)} or the named URL. */
    public String describe() {
        return switch (kind) {
            case SQLITE -> "SQLite";
            case EMBEDDED_POSTGRES ->
                "PostgreSQL " + postgres.version() + " (embedded, --pg embedded; its log: " + EMBEDDED_LOG + ")";
            case NAMED_POSTGRES -> "PostgreSQL at " + url + " as " + app;
        };
    }

    /**
     * The database flags of one new world's servers, with the passwords in files readable by the
     * owner only in {@code secretsDir} (never on a command line). SQLite needs none: each server's
     * {@code --data} holds its database.
     */
    public List<String> newWorld(Path secretsDir) {
        if (kind == Kind.SQLITE) {
            return List.of();
        }
        String worldUrl = url;
        if (kind == Kind.EMBEDDED_POSTGRES) {
            worldUrl = postgres.createDatabase();
            worlds.add(worldUrl);
        }
        List<String> flags = new ArrayList<>(List.of(
                "--db-url",
                worldUrl,
                "--db-user",
                app.user(),
                "--db-password-file",
                secretFile(secretsDir, "db-password", app.password()).toString()));
        if (owner != null) {
            flags.addAll(List.of(
                    "--db-migrate-user",
                    owner.user(),
                    "--db-migrate-password-file",
                    secretFile(secretsDir, "db-migrate-password", owner.password())
                            .toString()));
        }
        return flags;
    }

    /**
     * CPU nanoseconds the embedded PostgreSQL's processes have used: its main process and the
     * processes running now (the nodes' pooled connections live through a run; a connection closed
     * meanwhile takes its CPU with it). Empty for SQLite (in the servers' own CPU) and a named
     * PostgreSQL (maybe another machine).
     */
    public java.util.OptionalLong cpuNanos() {
        if (kind != Kind.EMBEDDED_POSTGRES) {
            return java.util.OptionalLong.empty();
        }
        java.util.Optional<ProcessHandle> postmaster = postgres.serverProcess();
        if (postmaster.isEmpty()) {
            return java.util.OptionalLong.empty();
        }
        long nanos = cpuOf(postmaster.get());
        for (ProcessHandle child : postmaster.get().descendants().toList()) {
            nanos += cpuOf(child);
        }
        return java.util.OptionalLong.of(nanos);
    }

    private static long cpuOf(ProcessHandle process) {
        return process.info()
                .totalCpuDuration()
                .map(java.time.Duration::toNanos)
                .orElse(0L);
    }

    /**
     * Drops the databases this harness made on the embedded PostgreSQL (which itself stops when the
     * JVM exits); SQLite and a named PostgreSQL stay as they are.
     */
    @Override
    public void close() {
        if (kind == Kind.EMBEDDED_POSTGRES) {
            for (String world : worlds) {
                postgres.dropDatabase(world);
            }
            worlds.clear();
        }
    }

    /** A random secret of 48 hexadecimal characters (a password, or the nodes' shared JWT key). */
    static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Writes {@code secret} to {@code dir/name}, readable and writable by the owner only where the file system can say so. */
    private static Path secretFile(Path dir, String name, String secret) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name);
            Files.deleteIfExists(file);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, secret, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the database password file in " + dir, e);
        }
    }
}
