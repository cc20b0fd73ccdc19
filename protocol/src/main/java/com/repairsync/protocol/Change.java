package com.repairsync.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One record's latest state in a pull page.
 *
 * @param entity entity name
 * @param recordId record id
 * @param seq the change sequence of the record's latest change
 * @param deleted true for a tombstone. Before wire version 6 its {@code record} is null; since
 *     version 6 it carries the values the record had, so a device can show it and bring it back
 * @param record the full record as the pulling role may see it
 * @param erased true (wire version 6, left out otherwise) when the record's personal fields were
 *     erased: the device removes every copy it holds of their values (queued, acknowledged and
 *     lost writes, conflicts, history)
 */
public record Change(
        String entity,
        String recordId,
        long seq,
        boolean deleted,
        RecordText record,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean erased) {

    /** A change of a record that was never erased. */
    public Change(String entity, String recordId, long seq, boolean deleted, RecordText record) {
        this(entity, recordId, seq, deleted, record, false);
    }
}
