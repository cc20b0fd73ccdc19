package com.repairsync.protocol.merge;

import com.repairsync.protocol.Hlc;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The mergeable state of one record: canonical field values, the HLC that last wrote each field,
 * and the tombstone. Values are String, Long, Boolean or Instant; a missing key means null.
 */
public record RecordState(Map<String, Object> values, Map<String, Hlc> fieldHlcs, boolean deleted, Hlc deletedHlc) {

    public RecordState {
        values = Collections.unmodifiableMap(new HashMap<>(values));
        fieldHlcs = Map.copyOf(fieldHlcs);
    }

    public Object value(String field) {
        return values.get(field);
    }
}
