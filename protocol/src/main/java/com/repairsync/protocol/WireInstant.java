package com.repairsync.protocol;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Instants on the wire and in storage: fixed-width ISO-8601 UTC with milliseconds
 * ({@code 2026-11-24T15:30:00.000Z}), so that text order is time order.
 */
public final class WireInstant {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private WireInstant() {}

    public static String format(Instant instant) {
        return instant == null ? null : FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /** Parses any ISO-8601 UTC instant; null gives null. */
    public static Instant parse(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
