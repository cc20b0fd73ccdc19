package com.repairsync.server.store;

/**
 * A record as a pull serves it to one role: its change sequence, the latest HLC written to it (in
 * wire form, whose text order is clock order) and its JSON as that role may see it, rendered by
 * the database.
 *
 * @param json the record's wire JSON; a tombstone's holds the values it had when deleted (devices
 *     before wire version 6 are sent none)
 * @param latestHlc the latest field or deletion HLC, or null if the record has none
 * @param erased the record's personal fields were erased
 */
public record PulledRecord(String id, long seq, boolean deleted, String latestHlc, String json, boolean erased) {}
