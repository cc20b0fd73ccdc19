package com.repairsync.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/** What a mutation does to its record. */
public enum Operation {
    /** Sets some fields, creating the record if it does not exist yet. */
    UPSERT("upsert"),
    /** Marks the record deleted; the tombstone wins over concurrent edits. */
    DELETE("delete"),
    /** Adds deltas to counter fields; concurrent adjustments add up. */
    ADJUST("adjust"),
    /**
     * Brings a deleted record back (wire version 6), with the values it had. Deletes and restores
     * decide whether a record lives by last writer wins on their HLCs; edits never revive it.
     */
    RESTORE("restore");

    private final String wireName;

    Operation(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static Optional<Operation> fromWire(String wireName) {
        for (Operation op : values()) {
            if (op.wireName.equals(wireName)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
