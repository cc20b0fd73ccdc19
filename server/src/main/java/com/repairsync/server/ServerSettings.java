package com.repairsync.server;

import com.repairsync.server.ServerConfig.Setting;
import java.util.List;

/** The table of server settings: each one's flag, environment variable, default and meaning. */
final class ServerSettings {
    private ServerSettings() {}

    static final List<Setting> ALL = List.of(
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
            new Setting(
                    "--min-protocol",
                    "REPAIRSYNC_MIN_PROTOCOL",
                    "1",
                    "oldest device protocol served; older devices are asked to update (upgrade_required)"),
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
                    "file holding the --db-user password (or set " + ServerConfig.DB_PASSWORD_ENV + "; never a flag)"),
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
                    "file holding the --db-migrate-user password (or set " + ServerConfig.DB_MIGRATE_PASSWORD_ENV
                            + ")"),
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
                    "how long a password confirmation allows sensitive actions (new admins, admin passwords, erasing a"
                            + " customer)"),
            new Setting(
                    "--max-attachment",
                    "REPAIRSYNC_MAX_ATTACHMENT",
                    "25MiB",
                    "largest file a device may upload in the file lane (attachments)"),
            new Setting(
                    "--attachment-quota",
                    "REPAIRSYNC_ATTACHMENT_QUOTA",
                    "10GiB",
                    "bytes of files one shop may store, uploads in progress included"),
            new Setting(
                    "--history-keep",
                    "REPAIRSYNC_HISTORY_KEEP",
                    "730d",
                    "how long the record history and audit are kept; older entries are pruned in the background"),
            new Setting(
                    "--history-offline-days",
                    "REPAIRSYNC_HISTORY_OFFLINE_DAYS",
                    "30",
                    "days of recent history managers' devices keep to read offline"),
            new Setting(
                    "--record-history",
                    "REPAIRSYNC_RECORD_HISTORY",
                    "true",
                    "false: pushed changes write no history; only to measure what history costs (benchmarks)"),
            new Setting(
                    "--erasure-log",
                    "REPAIRSYNC_ERASURE_LOG",
                    "",
                    "PostgreSQL: file this node logs its customer erasures to and applies again at start, after"
                            + " a restore (default: erasures.log in --data; SQLite always uses that one)"),
            new Setting(
                    "--backup-dir",
                    "REPAIRSYNC_BACKUP_DIR",
                    "",
                    "folder the server backs its SQLite database up into (default: none; PostgreSQL: use pg_dump)"),
            new Setting("--backup-every", "REPAIRSYNC_BACKUP_EVERY", "1h", "time between scheduled backups"),
            new Setting(
                    "--backup-keep", "REPAIRSYNC_BACKUP_KEEP", "48", "scheduled backups kept; older ones are removed"));

    /** A flag as error messages name it: the flag and its environment variable. */
    static String describe(String flag) {
        return ALL.stream()
                .filter(setting -> setting.flag().equals(flag))
                .map(setting -> setting.flag() + " (" + setting.env() + ")")
                .findFirst()
                .orElse(flag);
    }
}
