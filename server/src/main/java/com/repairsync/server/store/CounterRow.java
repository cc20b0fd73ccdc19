package com.repairsync.server.store;

import java.time.Instant;

/**
 * One hourly analytics counter of a shop.
 *
 * @param hour the start of the hour it counts
 * @param deviceId the device it counts for, or {@code ""} for the shop as a whole
 * @param name what it counts, such as {@code mutations.applied}
 */
public record CounterRow(Instant hour, String deviceId, String name, long value) {}
