package com.repairsync.protocol;

/**
 * One record's latest state in a pull page.
 *
 * @param entity entity name
 * @param recordId record id
 * @param seq the change sequence of the record's latest change
 * @param deleted true for a tombstone, in which case {@code record} is null
 * @param record the full record as the pulling role may see it
 */
public record Change(String entity, String recordId, long seq, boolean deleted, RecordText record) {}
