package com.repairsync.server;

import static com.repairsync.server.ServerConfig.DB_MIGRATE_PASSWORD_ENV;
import static com.repairsync.server.ServerConfig.DB_PASSWORD_ENV;
import static com.repairsync.server.ServerSettings.describe;

import com.repairsync.protocol.FileTypes;
import com.repairsync.protocol.WireVersions;
import com.repairsync.server.ServerConfig.Attachments;
import com.repairsync.server.ServerConfig.Database;
import com.repairsync.server.ServerConfig.RealtimeLimits;
import com.repairsync.server.ServerConfig.Setting;
import com.repairsync.server.ServerConfig.Tls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads a {@link ServerConfig} from flags and environment, and checks settings against each other. */
final class ConfigParser {
    private ConfigParser() {}

    /**
     * Reads settings from flags ({@code --port 8787} or {@code --port=8787}) and environment.
     *
     * @throws ConfigException naming the flag and variable of the first invalid or unknown setting
     */
    static ServerConfig parse(String[] args, Map<String, String> env) {
        ServerConfig config = read(new SettingReader(values(args, env)), env);
        checkTogether(config);
        return config;
    }

    /** Each flag's raw value: the command line's, else the environment's, else the default. */
    private static Map<String, String> values(String[] args, Map<String, String> env) {
        Map<String, String> values = new HashMap<>();
        for (Setting setting : ServerSettings.ALL) {
            values.put(setting.flag(), env.getOrDefault(setting.env(), setting.defaultValue()));
        }
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String arg = rest.remove(0);
            String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!values.containsKey(flag)) {
                throw new ConfigException("unknown option " + flag + "; options are "
                        + ServerSettings.ALL.stream().map(Setting::flag).toList());
            }
            if (arg.contains("=")) {
                values.put(flag, arg.substring(arg.indexOf('=') + 1));
            } else if (rest.isEmpty() || rest.get(0).startsWith("--")) {
                throw new ConfigException(describe(flag) + " needs a value");
            } else {
                values.put(flag, rest.remove(0));
            }
        }
        return values;
    }

    private static ServerConfig read(SettingReader reader, Map<String, String> env) {
        return new ServerConfig(
                reader.text("--host"),
                reader.integer("--port", 0, 65535),
                reader.path("--data"),
                reader.duration("--max-clock-skew", Duration.ofSeconds(1)),
                reader.duration("--access-token-ttl", Duration.ofSeconds(30)),
                reader.duration("--refresh-token-ttl", Duration.ofMinutes(5)),
                reader.size("--max-body"),
                reader.integer("--max-batch", 1, 10_000),
                reader.integer("--min-protocol", WireVersions.FIRST, WireVersions.CURRENT),
                reader.integer("--max-page", 1, 10_000),
                reader.integer("--default-page", 1, 10_000),
                reader.integer("--login-failures-per-account", 1, 1000),
                reader.integer("--login-failures-per-address", 1, 100_000),
                reader.duration("--login-window", Duration.ofSeconds(1)),
                reader.duration("--shutdown-grace", Duration.ZERO),
                reader.values().get("--jwt-secret"),
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
                tls(reader),
                backups(reader),
                new Attachments(
                        reader.size("--max-attachment", 1024, FileTypes.LARGEST_FILE, "1KiB", "1GiB"),
                        reader.size("--attachment-quota", 1024 * 1024, 1L << 50, "1MiB", "1PiB")),
                new ServerConfig.History(
                        reader.duration("--history-keep", Duration.ofDays(1)),
                        reader.integer("--history-offline-days", 1, 36_500),
                        reader.bool("--record-history")),
                erasureLog(reader));
    }

    /**
     * The erasure log: {@code erasures.log} in the data directory, where {@code repairsync restore}
     * finds it beside the SQLite database; a PostgreSQL node may keep it elsewhere.
     */
    private static Path erasureLog(SettingReader reader) {
        String given = reader.text("--erasure-log");
        if (given.isEmpty()) {
            return reader.path("--data").resolve(com.repairsync.server.erasure.ErasureLog.FILE_NAME);
        }
        if (reader.text("--db-url").isEmpty()) {
            throw new ConfigException(describe("--erasure-log") + " is for PostgreSQL nodes; with SQLite the log is"
                    + " always erasures.log in --data, where repairsync restore finds it");
        }
        Path file = reader.path("--erasure-log");
        if (java.nio.file.Files.isDirectory(file)) {
            throw new ConfigException(describe("--erasure-log") + " names a folder, not a file: '" + given + "'");
        }
        return file;
    }

    /** Checks the settings that limit each other, or whose rule is more than a range. */
    private static void checkTogether(ServerConfig config) {
        if (config.defaultPageSize() > config.maxPageSize()) {
            throw new ConfigException(describe("--default-page") + " (" + config.defaultPageSize()
                    + ") may not exceed --max-page (" + config.maxPageSize() + ")");
        }
        if (!config.jwtSecret().isEmpty()
                && config.jwtSecret().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            throw new ConfigException(describe("--jwt-secret") + " must be at least 32 bytes long");
        }
        if (!config.metricsToken().isEmpty() && config.metricsToken().length() < 16) {
            throw new ConfigException(describe("--metrics-token") + " must be at least 16 characters long");
        }
        if (config.backups().dir().isPresent() && config.database().isPostgres()) {
            throw new ConfigException(describe("--backup-dir") + " is for the SQLite database; back PostgreSQL up"
                    + " with pg_dump or point-in-time recovery (docs/operations.md)");
        }
        if (Duration.ofDays(config.history().offlineDays())
                        .compareTo(config.history().keep())
                > 0) {
            throw new ConfigException(
                    describe("--history-offline-days") + " (" + config.history().offlineDays()
                            + " days) may not exceed --history-keep ("
                            + config.history().keep().toDays()
                            + " days): devices cannot keep history the server has pruned");
        }
        if (config.host().isBlank()) {
            throw new ConfigException(describe("--host") + " may not be empty");
        }
    }

    private static ServerConfig.Backups backups(SettingReader reader) {
        String dir = reader.text("--backup-dir");
        if (!dir.isEmpty() && java.nio.file.Files.isRegularFile(Path.of(dir))) {
            throw new ConfigException(describe("--backup-dir") + " names a file, not a folder: '" + dir + "'");
        }
        return new ServerConfig.Backups(
                dir.isEmpty() ? Optional.empty() : Optional.of(reader.path("--backup-dir")),
                reader.duration("--backup-every", Duration.ofMinutes(1)),
                reader.integer("--backup-keep", 1, 100_000));
    }

    private static Tls tls(SettingReader reader) {
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
        boolean https =
                mode == Tls.Mode.ON || (mode == Tls.Mode.AUTO && !ServerConfig.isLoopback(reader.text("--host")));
        return new Tls(mode, https, certificate, key);
    }

    private static Database database(SettingReader reader, Map<String, String> env) {
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
}
