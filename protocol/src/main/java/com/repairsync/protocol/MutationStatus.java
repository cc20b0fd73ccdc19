package com.repairsync.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/** The outcome of one pushed mutation. */
public enum MutationStatus {
    /** Applied now; the result carries the change sequence it got. */
    APPLIED("applied"),
    /** Seen before: the first result is repeated and nothing changed. */
    DUPLICATE("duplicate"),
    /** Refused for good, with a stable code and a readable message. */
    REJECTED("rejected");

    private final String wireName;

    MutationStatus(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static MutationStatus fromWire(String wireName) {
        for (MutationStatus status : values()) {
            if (status.wireName.equals(wireName)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown mutation status: " + wireName);
    }
}
