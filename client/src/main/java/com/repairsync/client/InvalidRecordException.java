package com.repairsync.client;

/** A write breaks the entity's declaration (type, bounds, required field); nothing was stored. */
public final class InvalidRecordException extends RepairSyncException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidRecordException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The offending field, or null. */
    public String field() {
        return field;
    }

    /** {@inheritDoc} No: the values must change first. */
    @Override
    public boolean retriable() {
        return false;
    }
}
