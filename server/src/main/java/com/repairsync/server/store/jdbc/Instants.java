package com.repairsync.server.store.jdbc;

import com.repairsync.protocol.WireInstant;
import java.time.Instant;

/** Instants in the database: the wire format, fixed-width, so that text order is time order. */
public final class Instants {
    private Instants() {}

    public static String format(Instant instant) {
        return WireInstant.format(instant);
    }

    public static Instant parse(String text) {
        return WireInstant.parse(text);
    }
}
