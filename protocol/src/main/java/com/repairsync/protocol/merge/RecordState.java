package com.repairsync.protocol.merge;

import com.repairsync.protocol.Hlc;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The mergeable state of one record: canonical field values, the HLC that last wrote each field,
 * the tombstone, and whether the record was erased. Values are String, Long, Boolean or Instant; a
 * missing key means null.
 *
 * @param deletedHlc the HLC of the latest delete or restore (wire version 6): whichever is later
 *     decides whether the record lives; null if neither happened
 * @param erased the record's personal fields were erased: no write, whatever its HLC, sets them again
 */
public record RecordState(
        Map<String, Object> values, Map<String, Hlc> fieldHlcs, boolean deleted, Hlc deletedHlc, boolean erased) {

    public RecordState {
        values = Collections.unmodifiableMap(new HashMap<>(values));
        fieldHlcs = Map.copyOf(fieldHlcs);
    }

    /** A record that was never erased. */
    public RecordState(Map<String, Object> values, Map<String, Hlc> fieldHlcs, boolean deleted, Hlc deletedHlc) {
        this(values, fieldHlcs, deleted, deletedHlc, false);
    }

    public Object value(String field) {
        return values.get(field);
    }
}
