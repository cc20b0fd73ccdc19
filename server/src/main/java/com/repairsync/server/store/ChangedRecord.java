package com.repairsync.server.store;

import java.time.Instant;
import java.util.Map;

/**
 * A record as a pull serves it: its current values and the latest HLC written to it (in wire
 * form, whose text order is clock order), without decoding every field's HLC.
 *
 * @param values the non-null field values by field name
 * @param latestHlc the latest field or deletion HLC, or null if the record has none
 */
public record ChangedRecord(
        String id,
        long seq,
        Map<String, Object> values,
        boolean deleted,
        String latestHlc,
        Instant createdAt,
        Instant updatedAt) {}
