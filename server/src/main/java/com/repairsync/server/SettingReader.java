package com.repairsync.server;

import static com.repairsync.server.ServerSettings.describe;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Typed reads of the raw setting values, by flag: each checks its range and names the flag and
 * environment variable in its error.
 */
record SettingReader(Map<String, String> values) {

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
            throw new ConfigException(
                    describe(flag) + " must be 1 to 64 letters, digits, dots, dashes or underscores, got '" + id + "'");
        }
        return id;
    }

    boolean bool(String flag) {
        return switch (text(flag).toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(describe(flag) + " must be true or false, got '" + text(flag) + "'");
        };
    }

    int integer(String flag, int min, int max) {
        long value = parse(flag, "a whole number", Long::parseLong);
        if (value < min || value > max) {
            throw new ConfigException(describe(flag) + " must be between " + min + " and " + max + ", got " + value);
        }
        return (int) value;
    }

    Duration duration(String flag, Duration min) {
        Duration value = parse(flag, "a duration such as 90s, 15m, 1h, 30d or PT1H", SettingReader::parseDuration);
        if (value.compareTo(min) < 0) {
            throw new ConfigException(describe(flag) + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    long size(String flag) {
        return size(flag, 1024, 1024L * 1024 * 1024, "1KiB", "1GiB");
    }

    /** A size within {@code min}..{@code max} bytes, which the message names as the given words. */
    long size(String flag, long min, long max, String minText, String maxText) {
        long value = parse(flag, "a size such as 4MiB, 512KiB or 1048576", SettingReader::parseSize);
        if (value < min || value > max) {
            throw new ConfigException(
                    describe(flag) + " must be between " + minText + " and " + maxText + ", got " + value + " bytes");
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
