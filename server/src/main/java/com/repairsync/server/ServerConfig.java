package com.repairsync.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        int minProtocol,
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
        Tls tls,
        Backups backups,
        Attachments attachments,
        History history,
        Path erasureLog) {

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

    /**
     * Backups the server takes itself of its SQLite database: into {@code dir} (none when empty),
     * every {@code every}, keeping the newest {@code keep}.
     */
    public record Backups(Optional<Path> dir, Duration every, int keep) {}

    /**
     * The file lane: the largest file a device may upload ({@code --max-attachment}) and the bytes
     * one shop's files may take, uploads in progress included ({@code --attachment-quota}).
     */
    public record Attachments(long maxFileBytes, long quotaBytes) {}

    /**
     * The shops' record history: how long it is kept ({@code --history-keep}; older rows are pruned
     * in the background), how many days of it managers' devices keep offline ({@code
     * --history-offline-days}), and whether pushed changes write it ({@code --record-history}: false
     * only to measure what history costs, in benchmarks).
     */
    public record History(Duration keep, int offlineDays, boolean record) {}

    /** One setting: its flag, its environment variable, its default and what it means. */
    public record Setting(String flag, String env, String defaultValue, String help) {}

    /** Every setting, in the order {@code --help} lists them. */
    public static final List<Setting> SETTINGS = ServerSettings.ALL;

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
        return ConfigParser.parse(args, env);
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
}
