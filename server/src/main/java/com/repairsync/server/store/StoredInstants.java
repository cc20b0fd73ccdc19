package com.repairsync.server.store;

import java.time.Instant;

/**
 * The instants every store keeps faithfully: years 0001 to 9999. SQLite stores instants as
 * fixed-width text whose order is time order only within four-digit years; PostgreSQL's
 * {@code timestamptz} has its own, wider limits. Writes and queries outside are refused up front.
 */
public final class StoredInstants {
    public static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999Z");

    /** How to say the range in an error message. */
    public static final String RANGE = "between " + MIN + " and " + MAX;

    private StoredInstants() {}

    public static boolean contains(Instant instant) {
        return !instant.isBefore(MIN) && !instant.isAfter(MAX);
    }
}
