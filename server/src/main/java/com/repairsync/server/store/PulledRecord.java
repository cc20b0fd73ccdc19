package com.repairsync.server.store;

/**
 * A record as a pull serves it to one role: its change sequence, the latest HLC written to it (in
 * wire form, whose text order is clock order) and its JSON as that role may see it, rendered by
 * the database.
 *
 * @param json the record's wire JSON, or null for a tombstone
 * @param latestHlc the latest field or deletion HLC, or null if the record has none
 */
public record PulledRecord(String id, long seq, boolean deleted, String latestHlc, String json) {}
