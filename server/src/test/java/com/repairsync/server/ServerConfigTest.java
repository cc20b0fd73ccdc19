package com.repairsync.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerConfigTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private static ServerConfig parse(String... args) {
        return ServerConfig.parse(args, Map.of());
    }

    private static ConfigException failure(String[] args, Map<String, String> env) {
        ConfigException failure = catchThrowableOfType(ConfigException.class, () -> ServerConfig.parse(args, env));
        assertThat(failure)
                .as("expected a ConfigException for %s %s", List.of(args), env)
                .isNotNull();
        return failure;
    }

    private static ConfigException failure(String... args) {
        return failure(args, Map.of());
    }

    private static ServerConfig.Setting setting(String flag) {
        return ServerConfig.SETTINGS.stream()
                .filter(setting -> setting.flag().equals(flag))
                .findFirst()
                .orElseThrow();
    }

    private static String described(String flag) {
        return flag + " (" + setting(flag).env() + ")";
    }

    @Test
    void defaults() {
        ServerConfig config = parse();

        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(8787);
        assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(config.maxClockSkew()).isEqualTo(Duration.ofHours(1));
        assertThat(config.accessTokenTtl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.refreshTokenTtl()).isEqualTo(Duration.ofDays(30));
        assertThat(config.maxBodyBytes()).isEqualTo(4L * 1024 * 1024);
        assertThat(config.maxBatchSize()).isEqualTo(2000);
        assertThat(config.maxPageSize()).isEqualTo(1000);
        assertThat(config.defaultPageSize()).isEqualTo(500);
        assertThat(config.loginFailuresPerAccount()).isEqualTo(5);
        assertThat(config.loginFailuresPerAddress()).isEqualTo(20);
        assertThat(config.loginWindow()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.jwtSecret()).isEmpty();
        assertThat(config.argon2MemoryKib()).isEqualTo(19456);
        assertThat(config.argon2Iterations()).isEqualTo(2);
        assertThat(config.attachments().maxFileBytes()).isEqualTo(25L * 1024 * 1024);
        assertThat(config.attachments().quotaBytes()).isEqualTo(10L * 1024 * 1024 * 1024);
        assertThat(config.history().keep()).isEqualTo(Duration.ofDays(730));
        assertThat(config.history().offlineDays()).isEqualTo(30);
        assertThat(config.history().record()).isTrue();
    }

    @Test
    void theErasureLogLivesInTheDataDirectoryUnlessAPostgresNodeNamesAnother() {
        assertThat(parse("--data", "/srv/shop").erasureLog()).isEqualTo(Path.of("/srv/shop", "erasures.log"));
        ServerConfig node = ServerConfig.parse(
                new String[] {
                    "--db-url",
                    "jdbc:postgresql://db/repairsync",
                    "--db-user",
                    "app",
                    "--erasure-log",
                    "/var/lib/repairsync/erasures.log"
                },
                Map.of(ServerConfig.DB_PASSWORD_ENV, "app-password"));
        assertThat(node.erasureLog()).isEqualTo(Path.of("/var/lib/repairsync/erasures.log"));
        assertThat(failure("--erasure-log", "/tmp/erasures.log").getMessage())
                .contains(described("--erasure-log"))
                .contains("PostgreSQL");
    }

    @Test
    void historySettings() {
        ServerConfig config =
                parse("--history-keep", "90d", "--history-offline-days", "90", "--record-history", "FALSE");

        assertThat(config.history().keep()).isEqualTo(Duration.ofDays(90));
        assertThat(config.history().offlineDays()).isEqualTo(90);
        assertThat(config.history().record()).isFalse();
        assertThat(failure("--history-keep", "30d", "--history-offline-days", "31")
                        .getMessage())
                .contains(described("--history-offline-days"))
                .contains("--history-keep");
    }

    @Test
    void defaultsWithDataDirectoryAndPort() {
        ServerConfig config = ServerConfig.defaults(Path.of("/tmp/shop data"), 0);

        assertThat(config.dataDir()).isEqualTo(Path.of("/tmp/shop data"));
        assertThat(config.port()).isZero();
        assertThat(config.maxBatchSize()).isEqualTo(2000);
    }

    @Test
    void everySettingHasAFlagAndAnEnvironmentVariable() {
        for (ServerConfig.Setting setting : ServerConfig.SETTINGS) {
            assertThat(setting.flag()).startsWith("--");
            assertThat(setting.env())
                    .isEqualTo("REPAIRSYNC_"
                            + setting.flag().substring(2).replace('-', '_').toUpperCase(java.util.Locale.ROOT));
            assertThat(setting.help()).isNotBlank();
        }
    }

    @Test
    void environmentSetsValues() {
        ServerConfig config = ServerConfig.parse(
                new String[0],
                Map.of(
                        "REPAIRSYNC_PORT", "9000",
                        "REPAIRSYNC_HOST", "127.0.0.1",
                        "REPAIRSYNC_MAX_BODY", "512KiB",
                        "REPAIRSYNC_LOGIN_WINDOW", "1h",
                        "REPAIRSYNC_JWT_SECRET", SECRET));

        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.maxBodyBytes()).isEqualTo(512L * 1024);
        assertThat(config.loginWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(config.jwtSecret()).isEqualTo(SECRET);
    }

    @Test
    void flagsOverrideTheEnvironment() {
        Map<String, String> env = Map.of("REPAIRSYNC_PORT", "9000", "REPAIRSYNC_DATA", "/from/env");

        ServerConfig config = ServerConfig.parse(new String[] {"--port", "9100", "--data=/from/flag"}, env);

        assertThat(config.port()).isEqualTo(9100);
        assertThat(config.dataDir()).isEqualTo(Path.of("/from/flag"));
    }

    @Test
    void aValidFlagOverridesAnInvalidEnvironmentValue() {
        ServerConfig config = ServerConfig.parse(new String[] {"--port=1"}, Map.of("REPAIRSYNC_PORT", "not a port"));

        assertThat(config.port()).isEqualTo(1);
    }

    @Test
    void unrelatedEnvironmentVariablesAreIgnored() {
        ServerConfig config = ServerConfig.parse(new String[0], Map.of("PORT", "1", "REPAIRSYNC_UNKNOWN", "x"));

        assertThat(config.port()).isEqualTo(8787);
    }

    @Test
    void bothFlagFormsAreAccepted() {
        assertThat(parse("--port=1").port()).isEqualTo(1);
        assertThat(parse("--port", "1").port()).isEqualTo(1);
        assertThat(parse("--host=::1", "--port", "2").host()).isEqualTo("::1");
        assertThat(parse("--jwt-secret=" + SECRET + "==").jwtSecret()).isEqualTo(SECRET + "==");
    }

    @Test
    void theLastOccurrenceOfAFlagWins() {
        assertThat(parse("--port=1", "--port", "2").port()).isEqualTo(2);
    }

    @Test
    void valuesAreTrimmed() {
        assertThat(parse("--port", " 80 ").port()).isEqualTo(80);
        assertThat(parse("--host", " localhost ").host()).isEqualTo("localhost");
    }

    @ParameterizedTest
    @CsvSource({
        "90s, PT1M30S",
        "15m, PT15M",
        "1h, PT1H",
        "30d, PT720H",
        "PT1H, PT1H",
        "pt1h, PT1H",
        "P1DT2H, PT26H",
        "500ms, PT0.5S",
        "2H, PT2H",
        "0s, PT0S"
    })
    void durations(String text, String expected) {
        assertThat(SettingReader.parseDuration(text)).isEqualTo(Duration.parse(expected));
        assertThat(parse("--shutdown-grace", text).shutdownGrace()).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @CsvSource({
        "4MiB, 4194304",
        "512KiB, 524288",
        "1048576, 1048576",
        "1GiB, 1073741824",
        "2kb, 2000",
        "1mb, 1000000",
        "2048b, 2048",
        "4 MiB, 4194304",
        "1kib, 1024"
    })
    void sizes(String text, long expected) {
        assertThat(SettingReader.parseSize(text)).isEqualTo(expected);
        assertThat(parse("--max-body", text).maxBodyBytes()).isEqualTo(expected);
    }

    /** An invalid value for every setting but --data, which accepts any path. */
    static Stream<Arguments> invalidValues() {
        return Stream.of(
                Arguments.of("--host", "  "),
                Arguments.of("--port", "http"),
                Arguments.of("--port", "65536"),
                Arguments.of("--port", "-1"),
                Arguments.of("--port", "80.5"),
                Arguments.of("--port", "99999999999999999999"),
                Arguments.of("--port", ""),
                Arguments.of("--max-clock-skew", "soon"),
                Arguments.of("--max-clock-skew", "500ms"),
                Arguments.of("--max-clock-skew", "1w"),
                Arguments.of("--max-clock-skew", "60"),
                Arguments.of("--access-token-ttl", "29s"),
                Arguments.of("--access-token-ttl", "1.5h"),
                Arguments.of("--refresh-token-ttl", "4m"),
                Arguments.of("--refresh-token-ttl", "P"),
                Arguments.of("--refresh-token-ttl", "9999999999999999999d"),
                Arguments.of("--max-body", "lots"),
                Arguments.of("--max-body", "1023"),
                Arguments.of("--max-body", "2GiB"),
                Arguments.of("--max-body", "-4MiB"),
                Arguments.of("--max-body", "1.5MiB"),
                Arguments.of("--max-body", "99999999999999GiB"),
                Arguments.of("--max-batch", "0"),
                Arguments.of("--max-batch", "10001"),
                Arguments.of("--min-protocol", "0"),
                Arguments.of("--min-protocol", Integer.toString(com.repairsync.protocol.WireVersions.CURRENT + 1)),
                Arguments.of("--max-page", "0"),
                Arguments.of("--max-page", "many"),
                Arguments.of("--default-page", "0"),
                Arguments.of("--default-page", "2000"),
                Arguments.of("--login-failures-per-account", "0"),
                Arguments.of("--login-failures-per-address", "100001"),
                Arguments.of("--login-window", "0s"),
                Arguments.of("--login-window", "m"),
                Arguments.of("--shutdown-grace", "-1s"),
                Arguments.of("--shutdown-grace", ""),
                Arguments.of("--jwt-secret", "too-short"),
                Arguments.of("--argon2-memory-kib", "1023"),
                Arguments.of("--argon2-memory-kib", "lots"),
                Arguments.of("--argon2-iterations", "0"),
                Arguments.of("--argon2-iterations", "101"),
                Arguments.of("--db-url", "mysql://localhost/repairsync"),
                Arguments.of("--db-url", "jdbc:postgresql://db/repairsync?password=secret"),
                Arguments.of("--db-user", "app"),
                Arguments.of("--db-password-file", "/run/secrets/db"),
                Arguments.of("--db-migrate-user", "owner"),
                Arguments.of("--db-migrate-password-file", "/run/secrets/owner"),
                Arguments.of("--db-pool-size", "0"),
                Arguments.of("--db-pool-size", "lots"),
                Arguments.of("--node-id", "node one"),
                Arguments.of("--node-id", "x".repeat(65)),
                Arguments.of("--max-sockets-per-device", "0"),
                Arguments.of("--max-sockets-per-login", "many"),
                Arguments.of("--max-sockets-per-shop", "0"),
                Arguments.of("--max-unsent-per-socket", "12"),
                Arguments.of("--trusted-proxies", "10.0.0.0/33"),
                Arguments.of("--trusted-proxies", "lb.example.com"),
                Arguments.of("--metrics-token", "short"),
                Arguments.of("--shops-per-address", "0"),
                Arguments.of("--step-up-ttl", "5s"),
                Arguments.of("--tls", "maybe"),
                Arguments.of("--tls", ""),
                Arguments.of("--tls-cert", "/no/such/certificate.pem"),
                Arguments.of("--tls-key", "/no/such/key.pem"),
                Arguments.of("--backup-dir", "pom.xml"),
                Arguments.of("--backup-every", "10s"),
                Arguments.of("--backup-every", "soon"),
                Arguments.of("--max-attachment", "2GiB"),
                Arguments.of("--max-attachment", "big"),
                Arguments.of("--attachment-quota", "12"),
                Arguments.of("--history-keep", "12h"),
                Arguments.of("--history-keep", "forever"),
                Arguments.of("--history-offline-days", "0"),
                Arguments.of("--history-offline-days", "731"),
                Arguments.of("--record-history", "maybe"),
                Arguments.of("--erasure-log", "/var/lib/repairsync/erasures.log"),
                Arguments.of("--backup-keep", "0"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("invalidValues")
    void invalidFlagValueNamesTheFlagAndTheVariable(String flag, String value) {
        ConfigException failure = failure(flag + "=" + value);

        assertThat(failure.getMessage()).contains(described(flag));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("invalidValues")
    void invalidEnvironmentValueNamesTheFlagAndTheVariable(String flag, String value) {
        ConfigException failure = failure(new String[0], Map.of(setting(flag).env(), value));

        assertThat(failure.getMessage()).contains(described(flag));
    }

    @Test
    void invalidValuesCoverEverySettingButTheDataDirectory() {
        Set<String> covered =
                invalidValues().map(arguments -> (String) arguments.get()[0]).collect(Collectors.toSet());
        List<String> uncovered = new ArrayList<>();
        for (ServerConfig.Setting setting : ServerConfig.SETTINGS) {
            if (!covered.contains(setting.flag())) {
                uncovered.add(setting.flag());
            }
        }
        assertThat(uncovered).containsExactly("--data");
    }

    @Test
    void theMessageQuotesTheBadValue() {
        assertThat(failure("--port", "http").getMessage()).contains("'http'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--bogus", "--bogus=1", "-p", "port", "8787", "--PORT"})
    void unknownOption(String arg) {
        ConfigException failure = failure(arg, "1");

        String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        assertThat(failure.getMessage())
                .contains("unknown option")
                .contains(flag)
                .contains("--port");
    }

    @Test
    void missingValue() {
        ConfigException failure = failure("--host", "localhost", "--port");

        assertThat(failure.getMessage()).contains("--port").contains("value");
    }

    @Test
    void aFlagIsNotTheValueOfTheFlagBeforeIt() {
        ConfigException failure = failure("--data", "--port=9000");

        assertThat(failure.getMessage()).contains("--data").contains("value");
    }

    @Test
    void invalidDataDirectoryNamesTheFlagAndTheVariable() {
        ConfigException failure = failure("--data", "shop\0data");

        assertThat(failure.getMessage()).contains(described("--data"));
    }

    @Test
    void defaultPageMayNotExceedMaxPage() {
        ConfigException failure = failure("--max-page", "100", "--default-page", "101");

        assertThat(failure.getMessage()).contains(described("--default-page")).contains("--max-page");
        assertThat(parse("--max-page", "100", "--default-page", "100").defaultPageSize())
                .isEqualTo(100);
    }

    @Test
    void defaultPageOnlyAboveTheDefaultMaxPageIsRefused() {
        ConfigException failure = failure(new String[0], Map.of("REPAIRSYNC_DEFAULT_PAGE", "1001"));

        assertThat(failure.getMessage()).contains(described("--default-page"));
    }

    @Test
    void jwtSecretShorterThan32BytesIsRefusedWithoutEchoingIt() {
        String secret = "x".repeat(31);

        ConfigException failure = failure("--jwt-secret", secret);

        assertThat(failure.getMessage()).contains(described("--jwt-secret")).doesNotContain(secret);
    }

    @Test
    void jwtSecretLengthIsCountedInBytes() {
        assertThat(parse("--jwt-secret", "x".repeat(32)).jwtSecret()).hasSize(32);
        // 16 two-byte characters are 32 bytes.
        assertThat(parse("--jwt-secret", "é".repeat(16)).jwtSecret()).hasSize(16);
        failure("--jwt-secret", "é".repeat(15) + "x");
    }

    @Test
    void emptyJwtSecretMeansGenerateOne() {
        assertThat(ServerConfig.parse(new String[0], Map.of("REPAIRSYNC_JWT_SECRET", ""))
                        .jwtSecret())
                .isEmpty();
    }

    @Test
    void boundsAreInclusive() {
        assertThat(parse("--port", "65535").port()).isEqualTo(65535);
        assertThat(parse("--max-body", "1KiB").maxBodyBytes()).isEqualTo(1024);
        assertThat(parse("--max-body", "1GiB").maxBodyBytes()).isEqualTo(1024L * 1024 * 1024);
        assertThat(parse("--max-clock-skew", "1s").maxClockSkew()).isEqualTo(Duration.ofSeconds(1));
        assertThat(parse("--access-token-ttl", "30s").accessTokenTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(parse("--refresh-token-ttl", "5m").refreshTokenTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(parse("--max-batch", "10000", "--max-page", "10000").maxBatchSize())
                .isEqualTo(10_000);
        assertThat(parse("--argon2-memory-kib", "1024").argon2MemoryKib()).isEqualTo(1024);
    }

    @Test
    void withoutADatabaseUrlTheServerUsesSqlite() {
        ServerConfig config = parse();

        assertThat(config.database().isPostgres()).isFalse();
        assertThat(config.nodeId()).isNotBlank();
    }

    @Test
    void postgresPasswordComesFromTheEnvironmentAndIsNeverPrinted() {
        ServerConfig config = ServerConfig.parse(
                new String[] {"--db-url", "jdbc:postgresql://db:5432/repairsync", "--db-user", "repairsync_app"},
                Map.of(ServerConfig.DB_PASSWORD_ENV, "s3cret-pw"));

        assertThat(config.database().isPostgres()).isTrue();
        assertThat(config.database().user()).isEqualTo("repairsync_app");
        assertThat(config.database().password()).isEqualTo("s3cret-pw");
        assertThat(config.database().migrates()).isFalse();
        assertThat(config.toString()).doesNotContain("s3cret-pw");
    }

    @Test
    void postgresPasswordsComeFromFiles(@TempDir Path dir) throws java.io.IOException {
        Path app = java.nio.file.Files.writeString(dir.resolve("app"), "app-pw\n");
        Path owner = java.nio.file.Files.writeString(dir.resolve("owner"), "owner-pw");
        ServerConfig config = ServerConfig.parse(
                new String[] {
                    "--db-url=jdbc:postgresql://db/repairsync",
                    "--db-user=repairsync_app",
                    "--db-password-file=" + app,
                    "--db-migrate-user=repairsync_owner",
                    "--db-migrate-password-file=" + owner,
                    "--db-pool-size=20",
                    "--node-id=node-1"
                },
                Map.of());

        assertThat(config.database().password()).isEqualTo("app-pw");
        assertThat(config.database().migrateUser()).isEqualTo("repairsync_owner");
        assertThat(config.database().migratePassword()).isEqualTo("owner-pw");
        assertThat(config.database().poolSize()).isEqualTo(20);
        assertThat(config.nodeId()).isEqualTo("node-1");
    }

    @Test
    void postgresNeedsAUserAndTheApplicationRoleMayNotBeTheOwner() {
        assertThat(failure("--db-url", "jdbc:postgresql://db/repairsync").getMessage())
                .contains(described("--db-user"));
        assertThat(failure(
                                "--db-url", "jdbc:postgresql://db/repairsync",
                                "--db-user", "same",
                                "--db-migrate-user", "same")
                        .getMessage())
                .contains(described("--db-migrate-user"));
    }

    @Test
    void aPasswordFileAndAPasswordVariableTogetherAreRefused(@TempDir Path dir) throws java.io.IOException {
        Path file = java.nio.file.Files.writeString(dir.resolve("pw"), "pw");
        ConfigException failure = failure(
                new String[] {
                    "--db-url",
                    "jdbc:postgresql://db/repairsync",
                    "--db-user",
                    "app",
                    "--db-password-file",
                    file.toString()
                },
                Map.of(ServerConfig.DB_PASSWORD_ENV, "other"));

        assertThat(failure.getMessage())
                .contains(described("--db-password-file"))
                .contains(ServerConfig.DB_PASSWORD_ENV)
                .doesNotContain("other");
    }

    @Test
    void httpsByDefaultWithASelfSignedCertificate() {
        ServerConfig.Tls tls = parse().tls();

        assertThat(tls.mode()).isEqualTo(ServerConfig.Tls.Mode.AUTO);
        assertThat(tls.https()).isTrue();
        assertThat(tls.selfSigned()).isTrue();
        assertThat(tls.certificateFile()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.0.1", "::1", "[::1]", "localhost", "LOCALHOST"})
    void autoKeepsPlainHttpOnALoopbackHost(String host) {
        assertThat(parse("--host", host).tls().https()).isFalse();
        assertThat(parse("--host", host, "--tls", "on").tls().https()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "192.168.1.20", "fe80::1", "shop-server", "localhost.example.com"})
    void autoMeansHttpsBeyondLoopback(String host) {
        assertThat(parse("--host", host).tls().https()).isTrue();
        assertThat(parse("--host", host, "--tls", "OFF").tls().https()).isFalse();
    }

    @Test
    void tlsComesFromTheEnvironmentToo(@TempDir Path dir) throws java.io.IOException {
        Path certificate = java.nio.file.Files.writeString(dir.resolve("cert.pem"), "checked at start");
        Path key = java.nio.file.Files.writeString(dir.resolve("key.pem"), "checked at start");

        ServerConfig.Tls tls = ServerConfig.parse(
                        new String[0],
                        Map.of(
                                "REPAIRSYNC_TLS",
                                "on",
                                "REPAIRSYNC_TLS_CERT",
                                certificate.toString(),
                                "REPAIRSYNC_TLS_KEY",
                                key.toString(),
                                "REPAIRSYNC_HOST",
                                "127.0.0.1"))
                .tls();

        assertThat(tls)
                .isEqualTo(new ServerConfig.Tls(
                        ServerConfig.Tls.Mode.ON, true, Optional.of(certificate), Optional.of(key)));
        assertThat(tls.selfSigned()).isFalse();
    }

    @Test
    void aCertificateNeedsItsKeyAndAKeyItsCertificate(@TempDir Path dir) throws java.io.IOException {
        String file = java.nio.file.Files.writeString(dir.resolve("x.pem"), "x").toString();

        assertThat(failure("--tls-cert", file).getMessage())
                .contains(described("--tls-cert") + " needs " + described("--tls-key"));
        assertThat(failure("--tls-key", file).getMessage())
                .contains(described("--tls-key") + " needs " + described("--tls-cert"));
    }

    @Test
    void aCertificateWithTlsOffIsAContradiction(@TempDir Path dir) throws java.io.IOException {
        String file = java.nio.file.Files.writeString(dir.resolve("x.pem"), "x").toString();

        assertThat(failure("--tls", "off", "--tls-cert", file, "--tls-key", file)
                        .getMessage())
                .contains(described("--tls") + " is off")
                .contains("--tls on");
    }

    @Test
    void aBadTlsModeListsTheChoices() {
        assertThat(failure("--tls", "yes").getMessage())
                .contains(described("--tls"))
                .contains("[auto, on, off]")
                .contains("'yes'");
    }
}
