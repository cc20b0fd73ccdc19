package com.repairsync.cli.device;

import com.repairsync.cli.CliException;
import java.time.Duration;

/** Durations typed on the command line: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}. */
final class Durations {
    private Durations() {}

    static Duration parse(String flag, String text) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("^(\\d+)(ms|s|m|h)$").matcher(text.trim());
        if (!m.matches()) {
            throw CliException.usage(flag + ": '" + text + "' is not a duration such as 30s, 5m or 2h");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }
}
