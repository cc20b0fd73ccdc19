package com.repairsync.protocol.schema;

/**
 * How a device finds records by a text field as the user types ({@link Fields#searchable}): the
 * device keeps a full-text index of the entity's searchable fields and matches each typed term
 * against it.
 */
public enum SearchAs {
    /** Each word of the value is found by its beginning: "hop" finds "Grace Hopper". */
    WORDS,
    /** Any run of the value's digits, its punctuation ignored: "0123" finds "555-012-3456". */
    DIGITS
}
