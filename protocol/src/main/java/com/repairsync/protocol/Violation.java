package com.repairsync.protocol;

/**
 * A mutation or request broke a protocol rule. Carries the stable code, the offending field (when
 * there is one) and a readable reason that names it.
 */
public final class Violation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String field;

    public Violation(ErrorCode code, String field, String message) {
        super(message);
        this.code = code;
        this.field = field;
    }

    public ErrorCode code() {
        return code;
    }

    /** The offending field, or null when the violation is not about one field. */
    public String field() {
        return field;
    }
}
