package com.repairsync.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Server settings, read from command-line flags and {@code REPAIRSYNC_*} environment variables
 * (a flag wins) and validated up front with messages that name the setting.
 */
public record ServerConfig(
        String host,
        int port,
        Path dataDir,
        Duration maxClockSkew,
        Duration accessTokenTtl,
        Duration refreshTokenTtl,
        long maxBodyBytes,
        int maxBatchSize,
        int maxPageSize,
        int defaultPageSize,
        int loginFailuresPerAccount,
        int loginFailuresPerAddress,
        Duration loginWindow,
        Duration shutdownGrace,
        String jwtSecret,
        int argon2MemoryKib,
        int argon2Iterations,
        Database database,
        String nodeId,
        RealtimeLimits realtime,
        TrustedProxies trustedProxies,
        String metricsToken,
        int shopsPerAddress,
        Duration stepUpTtl,
        Tls tls) {

    /** Environment variables holding database passwords; never flags, so never in a process list. */
    public static final String DB_PASSWORD_ENV = "REPAIRSYNC_DB_PASSWORD";

    public static final String DB_MIGRATE_PASSWORD_ENV = "REPAIRSYNC_DB_MIGRATE_PASSWORD";

    /**
     * Where the server keeps its data: PostgreSQL when {@code url} is set, else SQLite in the data
     * directory. The migrate login is the schema owner, used only to apply migrations at startup.
     */
    public record Database(
            String url, String user, String password, String migrateUser, String migratePassword, int poolSize) {

        public boolean isPostgres() {
            return !url.isEmpty();
        }

        public boolean migrates() {
            return !migrateUser.isEmpty();
        }

        @Override
        public String toString() {
            return isPostgres() ? user + "@" + url + " (pool " + poolSize + ")" : "SQLite";
        }
    }

    /**
     * What one socket, device, login and shop may hold open on the realtime endpoint. A socket whose
     * unsent messages pass {@code unsentBytesPerSocket} is told to resync and closed.
     */
    public record RealtimeLimits(int perDevice, int perLogin, int perShop, long unsentBytesPerSocket) {}

    /**
     * How the server speaks to devices: HTTPS ({@code https}) with the certificate and key in the
     * given PEM files, or with a self-signed certificate made once into the data directory when
     * there are none; or plain HTTP. {@code mode} is what was asked for; {@code https} what it means
     * on the configured host ({@code auto} keeps plain HTTP on a loopback-only host).
     */
    public record Tls(Mode mode, boolean https, Optional<Path> certificateFile, Optional<Path> keyFile) {
        /** The {@code --tls} setting. */
        public enum Mode {
            AUTO,
            ON,
            OFF
        }

        /** True when HTTPS runs on a certificate the server made for itself. */
        public boolean selfSigned() {
            return https && certificateFile.isEmpty();
        }
    }

    /** One setting: its flag, its environment variable, its default and what it means. */
    public record Setting(String flag, String env, String defaultValue, String help) {}

    public static final List<Setting> SETTINGS = List.of(
            new Setting("--host", "REPAIRSYNC_HOST", "0.0.0.0", "address to listen on"),
            new Setting("--port", "REPAIRSYNC_PORT", "8787", "TCP port (0 picks a free one)"),
            new Setting("--data", "REPAIRSYNC_DATA", "./data", "directory of the SQLite database and key file"),
            new Setting(
                    "--tls",
                    "REPAIRSYNC_TLS",
                    "auto",
                    "auto (HTTPS unless --host is loopback only), on (HTTPS always) or off (plain HTTP, for a TLS"
                            + " proxy in front)"),
            new Setting(
                    "--tls-cert",
                    "REPAIRSYNC_TLS_CERT",
                    "",
                    "PEM file of the HTTPS certificate, chain allowed (default: a self-signed one made once into"
                            + " --data/tls)"),
            new Setting("--tls-key", "REPAIRSYNC_TLS_KEY", "", "PEM file of the --tls-cert private key, unencrypted"),
            new Setting("--max-clock-skew", "REPAIRSYNC_MAX_CLOCK_SKEW", "1h", "reject HLCs further ahead than this"),
            new Setting("--access-token-ttl", "REPAIRSYNC_ACCESS_TOKEN_TTL", "15m", "lifetime of access tokens"),
            new Setting("--refresh-token-ttl", "REPAIRSYNC_REFRESH_TOKEN_TTL", "30d", "lifetime of refresh tokens"),
            new Setting("--max-body", "REPAIRSYNC_MAX_BODY", "4MiB", "largest accepted request body"),
            new Setting("--max-batch", "REPAIRSYNC_MAX_BATCH", "2000", "most mutations in one push"),
            new Setting("--max-page", "REPAIRSYNC_MAX_PAGE", "1000", "most changes in one pull page"),
            new Setting("--default-page", "REPAIRSYNC_DEFAULT_PAGE", "500", "pull page size when none is asked"),
            new Setting(
                    "--login-failures-per-account",
                    "REPAIRSYNC_LOGIN_FAILURES_PER_ACCOUNT",
                    "5",
                    "failed logins per account allowed in the window"),
            new Setting(
                    "--login-failures-per-address",
                    "REPAIRSYNC_LOGIN_FAILURES_PER_ADDRESS",
                    "20",
                    "failed logins per client address allowed in the window"),
            new Setting("--login-window", "REPAIRSYNC_LOGIN_WINDOW", "15m", "window of the login throttle"),
            new Setting(
                    "--shutdown-grace", "REPAIRSYNC_SHUTDOWN_GRACE", "10s", "time in-flight pushes get at shutdown"),
            new Setting(
                    "--jwt-secret",
                    "REPAIRSYNC_JWT_SECRET",
                    "",
                    "token signing key, 32+ bytes (default: generated once into the data directory)"),
            new Setting("--argon2-memory-kib", "REPAIRSYNC_ARGON2_MEMORY_KIB", "19456", "Argon2id memory cost"),
            new Setting("--argon2-iterations", "REPAIRSYNC_ARGON2_ITERATIONS", "2", "Argon2id iterations"),
            new Setting(
                    "--db-url",
                    "REPAIRSYNC_DB_URL",
                    "",
                    "PostgreSQL JDBC URL such as jdbc:postgresql://db.example:5432/repairsync (default: SQLite in"
                            + " --data)"),
            new Setting(
                    "--db-user",
                    "REPAIRSYNC_DB_USER",
                    "",
                    "PostgreSQL application role; it must not own the tables (row-level security binds it)"),
            new Setting(
                    "--db-password-file",
                    "REPAIRSYNC_DB_PASSWORD_FILE",
                    "",
                    "file holding the --db-user password (or set " + DB_PASSWORD_ENV + "; never a flag)"),
            new Setting(
                    "--db-migrate-user",
                    "REPAIRSYNC_DB_MIGRATE_USER",
                    "",
                    "PostgreSQL schema owner that applies pending migrations at startup (default: none; the"
                            + " schema must be current)"),
            new Setting(
                    "--db-migrate-password-file",
                    "REPAIRSYNC_DB_MIGRATE_PASSWORD_FILE",
                    "",
                    "file holding the --db-migrate-user password (or set " + DB_MIGRATE_PASSWORD_ENV + ")"),
            new Setting("--db-pool-size", "REPAIRSYNC_DB_POOL_SIZE", "8", "PostgreSQL connections in the pool"),
            new Setting(
                    "--node-id",
                    "REPAIRSYNC_NODE_ID",
                    "",
                    "name of this node among several on one PostgreSQL database (default: host name and a"
                            + " random suffix)"),
            new Setting(
                    "--max-sockets-per-device",
                    "REPAIRSYNC_MAX_SOCKETS_PER_DEVICE",
                    "4",
                    "realtime sockets one device may hold open"),
            new Setting(
                    "--max-sockets-per-login",
                    "REPAIRSYNC_MAX_SOCKETS_PER_LOGIN",
                    "64",
                    "realtime sockets one employee's sign-ins may hold open, all devices together"),
            new Setting(
                    "--max-sockets-per-shop",
                    "REPAIRSYNC_MAX_SOCKETS_PER_SHOP",
                    "256",
                    "realtime sockets one shop may hold open on this node"),
            new Setting(
                    "--max-unsent-per-socket",
                    "REPAIRSYNC_MAX_UNSENT_PER_SOCKET",
                    "1MiB",
                    "unsent realtime messages one socket may hold before it is told to resync and closed"),
            new Setting(
                    "--trusted-proxies",
                    "REPAIRSYNC_TRUSTED_PROXIES",
                    "",
                    "comma-separated CIDRs of load balancers whose Forwarded / X-Forwarded-For header names the"
                            + " client (default: none; the socket address is the client)"),
            new Setting(
                    "--metrics-token",
                    "REPAIRSYNC_METRICS_TOKEN",
                    "",
                    "bearer token /metrics requires, 16+ characters (default: none; /metrics is open)"),
            new Setting(
                    "--shops-per-address",
                    "REPAIRSYNC_SHOPS_PER_ADDRESS",
                    "10",
                    "shop sign-ups one client address may make per hour"),
            new Setting(
                    "--step-up-ttl",
                    "REPAIRSYNC_STEP_UP_TTL",
                    "5m",
                    "how long a password confirmation allows sensitive actions (new admins, admin passwords)"));

    /** Where the data lives, for people: the SQLite directory, or the PostgreSQL database and node. */
    public String storageDescription() {
        return database().isPostgres()
                ? "PostgreSQL " + database() + ", node " + nodeId()
                : "data in " + dataDir().toAbsolutePath();
    }

    /** The defaults, with the data directory and port given. */
    public static ServerConfig defaults(Path dataDir, int port) {
        return parse(new String[] {"--data", dataDir.toString(), "--port", Integer.toString(port)}, Map.of());
    }

    /**
     * Reads settings from flags ({@code --port 8787} or {@code --port=8787}) and environment.
     *
     * @throws ConfigException naming the flag and variable of the first invalid or unknown setting
     */
    public static ServerConfig parse(String[] args, Map<String, String> env) {
        Map<String, String> values = new HashMap<>();
        for (Setting setting : SETTINGS) {
            values.put(setting.flag(), env.getOrDefault(setting.env(), setting.defaultValue()));
        }
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String arg = rest.remove(0);
            String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!values.containsKey(flag)) {
                throw new ConfigException("unknown option " + flag + "; options are "
                        + SETTINGS.stream().map(Setting::flag).toList());
            }
            if (arg.contains("=")) {
                values.put(flag, arg.substring(arg.indexOf('=') + 1));
            } else if (rest.isEmpty() || rest.get(0).startsWith("--")) {
                throw new ConfigException(describe(flag) + " needs a value");
            } else {
                values.put(flag, rest.remove(0));
            }
        }
        Reader reader = new Reader(values);
        ServerConfig config = new ServerConfig(
                reader.text("--host"),
                reader.integer("--port", 0, 65535),
                reader.path("--data"),
                reader.duration("--max-clock-skew", Duration.ofSeconds(1)),
                reader.duration("--access-token-ttl", Duration.ofSeconds(30)),
                reader.duration("--refresh-token-ttl", Duration.ofMinutes(5)),
                reader.size("--max-body"),
                reader.integer("--max-batch", 1, 10_000),
                reader.integer("--max-page", 1, 10_000),
                reader.integer("--default-page", 1, 10_000),
                reader.integer("--login-failures-per-account", 1, 1000),
                reader.integer("--login-failures-per-address", 1, 100_000),
                reader.duration("--login-window", Duration.ofSeconds(1)),
                reader.duration("--shutdown-grace", Duration.ZERO),
                values.get("--jwt-secret"),
                reader.integer("--argon2-memory-kib", 1024, 4 * 1024 * 1024),
                reader.integer("--argon2-iterations", 1, 100),
                database(reader, env),
                reader.nodeId("--node-id", env.getOrDefault("HOSTNAME", "node")),
                new RealtimeLimits(
                        reader.integer("--max-sockets-per-device", 1, 1000),
                        reader.integer("--max-sockets-per-login", 1, 1_000_000),
                        reader.integer("--max-sockets-per-shop", 1, 1_000_000),
                        reader.size("--max-unsent-per-socket")),
                reader.trustedProxies("--trusted-proxies"),
                reader.text("--metrics-token"),
                reader.integer("--shops-per-address", 1, 100_000),
                reader.duration("--step-up-ttl", Duration.ofSeconds(10)),
                tls(reader));
        if (config.defaultPageSize > config.maxPageSize) {
            throw new ConfigException(describe("--default-page") + " (" + config.defaultPageSize
                    + ") may not exceed --max-page (" + config.maxPageSize + ")");
        }
        if (!config.jwtSecret.isEmpty()
                && config.jwtSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            throw new ConfigException(describe("--jwt-secret") + " must be at least 32 bytes long");
        }
        if (!config.metricsToken.isEmpty() && config.metricsToken.length() < 16) {
            throw new ConfigException(describe("--metrics-token") + " must be at least 16 characters long");
        }
        if (config.host.isBlank()) {
            throw new ConfigException(describe("--host") + " may not be empty");
        }
        return config;
    }

    private static Tls tls(Reader reader) {
        Tls.Mode mode = reader.choice("--tls", Tls.Mode.class);
        Optional<Path> certificate = reader.optionalFile("--tls-cert");
        Optional<Path> key = reader.optionalFile("--tls-key");
        if (certificate.isPresent() != key.isPresent()) {
            String given = certificate.isPresent() ? "--tls-cert" : "--tls-key";
            String missing = certificate.isPresent() ? "--tls-key" : "--tls-cert";
            throw new ConfigException(describe(given) + " needs " + describe(missing)
                    + ": give both the certificate and its private key, or neither for a self-signed certificate");
        }
        if (mode == Tls.Mode.OFF && certificate.isPresent()) {
            throw new ConfigException(describe("--tls") + " is off, yet --tls-cert and --tls-key name a certificate;"
                    + " drop them, or use --tls on");
        }
        boolean https = mode == Tls.Mode.ON || (mode == Tls.Mode.AUTO && !isLoopback(reader.text("--host")));
        return new Tls(mode, https, certificate, key);
    }

    /**
     * True when {@code host} is reachable from this machine only: {@code localhost} or a loopback
     * address literal (127.0.0.0/8, ::1). Names are not looked up.
     */
    public static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        return TrustedProxies.literal(host)
                .map(bytes -> {
                    try {
                        return java.net.InetAddress.getByAddress(bytes).isLoopbackAddress();
                    } catch (java.net.UnknownHostException e) {
                        return false;
                    }
                })
                .orElse(false);
    }

    private static Database database(Reader reader, Map<String, String> env) {
        String url = reader.text("--db-url");
        int poolSize = reader.integer("--db-pool-size", 1, 1000);
        if (url.isEmpty()) {
            for (String flag :
                    List.of("--db-user", "--db-password-file", "--db-migrate-user", "--db-migrate-password-file")) {
                if (!reader.text(flag).isEmpty()) {
                    throw new ConfigException(
                            describe(flag) + " needs --db-url (REPAIRSYNC_DB_URL): it is for PostgreSQL");
                }
            }
            return new Database("", "", "", "", "", poolSize);
        }
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new ConfigException(describe("--db-url") + " must be a PostgreSQL JDBC URL such as"
                    + " jdbc:postgresql://localhost:5432/repairsync, got '" + url + "'");
        }
        if (url.toLowerCase(Locale.ROOT).contains("password=")) {
            throw new ConfigException(describe("--db-url") + " must not carry a password; set " + DB_PASSWORD_ENV
                    + " or --db-password-file");
        }
        String user = reader.text("--db-user");
        if (user.isEmpty()) {
            throw new ConfigException(describe("--db-user") + " is required with --db-url");
        }
        String password = reader.password("--db-password-file", env.get(DB_PASSWORD_ENV), DB_PASSWORD_ENV);
        String migrateUser = reader.text("--db-migrate-user");
        String migratePassword = reader.password(
                "--db-migrate-password-file", env.get(DB_MIGRATE_PASSWORD_ENV), DB_MIGRATE_PASSWORD_ENV);
        if (migrateUser.isEmpty() && !reader.text("--db-migrate-password-file").isEmpty()) {
            throw new ConfigException(describe("--db-migrate-password-file") + " needs --db-migrate-user");
        }
        if (migrateUser.equals(user)) {
            throw new ConfigException(describe("--db-migrate-user") + " must differ from --db-user: the application"
                    + " role may not own the tables, or row-level security would not bind it");
        }
        return new Database(url, user, password, migrateUser, migratePassword, poolSize);
    }

    private static String describe(String flag) {
        return SETTINGS.stream()
                .filter(setting -> setting.flag().equals(flag))
                .map(setting -> setting.flag() + " (" + setting.env() + ")")
                .findFirst()
                .orElse(flag);
    }

    /** Parses values, naming the setting in every error. */
    private record Reader(Map<String, String> values) {
        String text(String flag) {
            return values.get(flag).trim();
        }

        Path path(String flag) {
            String raw = text(flag);
            if (raw.isEmpty()) {
                throw new ConfigException(describe(flag) + " may not be empty");
            }
            return parse(flag, "a directory path", Path::of);
        }

        <E extends Enum<E>> E choice(String flag, Class<E> type) {
            String raw = text(flag);
            for (E value : type.getEnumConstants()) {
                if (value.name().equalsIgnoreCase(raw)) {
                    return value;
                }
            }
            throw new ConfigException(describe(flag) + " must be one of "
                    + java.util.Arrays.stream(type.getEnumConstants())
                            .map(value -> value.name().toLowerCase(Locale.ROOT))
                            .toList()
                    + ", got '" + raw + "'");
        }

        /** A readable file named by the flag, or empty when the flag is not set. */
        Optional<Path> optionalFile(String flag) {
            String raw = text(flag);
            if (raw.isEmpty()) {
                return Optional.empty();
            }
            Path file = parse(flag, "a file path", Path::of);
            if (!java.nio.file.Files.isRegularFile(file) || !java.nio.file.Files.isReadable(file)) {
                throw new ConfigException(describe(flag) + " names no readable file: '" + raw + "'");
            }
            return Optional.of(file);
        }

        /** A password from a file named by the flag, or from an environment variable; "" if neither. */
        String password(String flag, String fromEnv, String envName) {
            String file = text(flag);
            if (file.isEmpty()) {
                return fromEnv == null ? "" : fromEnv;
            }
            if (fromEnv != null && !fromEnv.isEmpty()) {
                throw new ConfigException(describe(flag) + " and " + envName + " are both set; set one");
            }
            try {
                return java.nio.file.Files.readString(Path.of(file)).strip();
            } catch (java.io.IOException | RuntimeException e) {
                throw new ConfigException(describe(flag) + " cannot be read: '" + file + "' (" + e + ")");
            }
        }

        TrustedProxies trustedProxies(String flag) {
            try {
                return TrustedProxies.parse(text(flag));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(describe(flag) + " " + e.getMessage());
            }
        }

        String nodeId(String flag, String hostName) {
            String id = text(flag);
            if (id.isEmpty()) {
                return defaultNodeId(hostName);
            }
            if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new ConfigException(describe(flag)
                        + " must be 1 to 64 letters, digits, dots, dashes or underscores, got '" + id + "'");
            }
            return id;
        }

        int integer(String flag, int min, int max) {
            long value = parse(flag, "a whole number", Long::parseLong);
            if (value < min || value > max) {
                throw new ConfigException(
                        describe(flag) + " must be between " + min + " and " + max + ", got " + value);
            }
            return (int) value;
        }

        Duration duration(String flag, Duration min) {
            Duration value = parse(flag, "a duration such as 90s, 15m, 1h, 30d or PT1H", ServerConfig::parseDuration);
            if (value.compareTo(min) < 0) {
                throw new ConfigException(describe(flag) + " must be at least " + min + ", got " + value);
            }
            return value;
        }

        long size(String flag) {
            long value = parse(flag, "a size such as 4MiB, 512KiB or 1048576", ServerConfig::parseSize);
            if (value < 1024 || value > 1024L * 1024 * 1024) {
                throw new ConfigException(describe(flag) + " must be between 1KiB and 1GiB, got " + value + " bytes");
            }
            return value;
        }

        private <T> T parse(String flag, String expected, Function<String, T> parser) {
            String raw = text(flag);
            try {
                return parser.apply(raw);
            } catch (RuntimeException e) {
                throw new ConfigException(describe(flag) + " must be " + expected + ", got '" + raw + "'");
            }
        }
    }

    private static String defaultNodeId(String hostName) {
        String host = hostName.replaceAll("[^A-Za-z0-9._-]", "");
        String suffix = java.util.UUID.randomUUID().toString().substring(0, 8);
        return (host.isEmpty() ? "node" : host.substring(0, Math.min(host.length(), 48))) + "-" + suffix;
    }

    static Duration parseDuration(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.startsWith("p")) {
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        }
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        long amount = Long.parseLong(value.substring(0, value.length() - 1));
        return switch (value.charAt(value.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("unit");
        };
    }

    static long parseSize(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        Map<String, Long> units = Map.of(
                "kib",
                1024L,
                "mib",
                1024L * 1024,
                "gib",
                1024L * 1024 * 1024,
                "kb",
                1000L,
                "mb",
                1000L * 1000,
                "b",
                1L);
        for (String unit : List.of("kib", "mib", "gib", "kb", "mb", "b")) {
            if (value.endsWith(unit)) {
                return Math.multiplyExact(
                        Long.parseLong(value.substring(0, value.length() - unit.length())
                                .trim()),
                        units.get(unit));
            }
        }
        return Long.parseLong(value);
    }
}
