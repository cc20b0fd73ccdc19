package com.repairsync.protocol;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one place a RepairSync {@link ObjectMapper} is configured. The wire's JSON is Jackson's
 * defaults but for one setting: a property this version does not know is skipped, not refused,
 * so a newer peer may send more than an older one reads.
 *
 * <p>The wire carries instants as text that {@link WireInstant} writes and reads, so the wire
 * needs no java.time module and this module does not depend on one. The modules that map
 * {@code java.time} values (the server's responses, the device's record classes, the command
 * line's output) register it on a {@link #wire()} mapper of their own, with the settings they
 * need on top.
 */
public final class JsonMappers {
    private static final ObjectMapper SHARED = wire();

    private JsonMappers() {}

    /**
     * A new wire mapper, for code that configures it further (java.time support, stricter
     * reading) and keeps it.
     */
    public static ObjectMapper wire() {
        return new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * One wire mapper for the whole JVM, for code that only reads and writes with it (a mapper is
     * thread-safe once configured, and shares its serializer caches). Never reconfigure it: take
     * {@link #wire()} or {@code shared().copy()} for other settings.
     */
    public static ObjectMapper shared() {
        return SHARED;
    }
}
