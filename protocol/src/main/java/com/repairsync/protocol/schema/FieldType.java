package com.repairsync.protocol.schema;

/** The value type of a field, which decides how it is validated, stored and sent. */
public enum FieldType {
    /** Free text up to the field's maximum length. */
    TEXT,
    /** Text that must be an e-mail address. */
    EMAIL,
    /** One of a fixed set of strings. */
    ENUM,
    /** A UUID naming a record of another entity in the same shop. */
    REFERENCE,
    /** A whole number within the field's bounds. */
    INTEGER,
    /** A non-negative amount of money in cents. */
    MONEY,
    /** An instant in UTC, ISO-8601 on the wire. */
    INSTANT,
    /** true or false. */
    BOOLEAN,
    /** A whole number set on create and changed afterwards only by adding deltas. */
    COUNTER,
    /**
     * A file of the shop's file lane, named by the SHA-256 of its bytes (64 lower-case hex digits):
     * the server applies a record naming one only once it holds the file's bytes.
     */
    FILE,
    /** A calendar date without a time of day, {@code 2027-03-01} on the wire (wire version 8). */
    DATE
}
