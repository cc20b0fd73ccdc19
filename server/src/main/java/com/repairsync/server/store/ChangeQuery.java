package com.repairsync.server.store;

import java.time.Instant;

/**
 * Which changes of one entity a pull reads.
 *
 * @param afterSeq only changes with a larger sequence
 * @param upToSeq only changes with this sequence or a smaller one ({@link Long#MAX_VALUE}: no bound)
 * @param limit at most this many rows
 * @param rangeFrom if set, only rows whose range field is at or after it
 * @param rangeTo if set, only rows whose range field is before it
 */
public record ChangeQuery(long afterSeq, long upToSeq, int limit, Instant rangeFrom, Instant rangeTo) {
    public ChangeQuery {
        if (upToSeq < afterSeq) {
            throw new IllegalArgumentException("upToSeq " + upToSeq + " is before afterSeq " + afterSeq);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
    }
}
