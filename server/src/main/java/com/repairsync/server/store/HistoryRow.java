package com.repairsync.server.store;

import java.time.Instant;

/**
 * One row of a shop's record history: a change the server applied, as the {@code record_history}
 * table keeps it.
 *
 * @param seq the change's sequence in the shop
 * @param op create, update, delete, adjust, restore, erase or password ({@link
 *     com.repairsync.protocol.HistoryEntry#op()})
 * @param actorId the employee who made the change (null when nobody did)
 * @param deviceId the device it came from, or null
 * @param hlc the change's HLC in wire form, or null
 * @param changesJson the changed fields: a JSON array of {@link
 *     com.repairsync.protocol.HistoryEntry.FieldChange}
 */
public record HistoryRow(
        String shopId,
        long seq,
        String entity,
        String recordId,
        String op,
        String actorId,
        String deviceId,
        String hlc,
        Instant at,
        String changesJson) {}
