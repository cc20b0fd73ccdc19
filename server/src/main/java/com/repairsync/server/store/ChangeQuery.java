package com.repairsync.server.store;

import java.time.Instant;

/**
 * Which changes of one entity a pull reads.
 *
 * @param afterSeq only changes with a larger sequence
 * @param limit at most this many rows
 * @param rangeFrom if set, only rows whose range field is at or after it
 * @param rangeTo if set, only rows whose range field is before it
 */
public record ChangeQuery(long afterSeq, int limit, Instant rangeFrom, Instant rangeTo) {}
