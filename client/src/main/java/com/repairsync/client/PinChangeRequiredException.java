package com.repairsync.client;

/**
 * The PIN was right, but the employee must choose a new one before switching in: their PIN is
 * shorter than their role now requires (a technician promoted to manager keeps a 4-digit PIN until
 * the next switch). Nothing was switched; call {@link RepairSyncDevice#switchEmployee(String,
 * String, String)} with the same PIN and a new one. The message names the rule, never a PIN.
 */
public final class PinChangeRequiredException extends RepairSyncException {
    private static final long serialVersionUID = 1L;

    private final String employeeId;
    private final int minimumLength;

    public PinChangeRequiredException(String employeeId, String role, int minimumLength) {
        super("employee " + employeeId + " is a " + role + " and a " + role + "'s PIN must be at least " + minimumLength
                + " digits: choose a new PIN to switch in");
        this.employeeId = employeeId;
        this.minimumLength = minimumLength;
    }

    /** The employee who must choose a new PIN. */
    public String employeeId() {
        return employeeId;
    }

    /** The fewest digits the new PIN may have. */
    public int minimumLength() {
        return minimumLength;
    }

    /** {@inheritDoc} No: a new PIN must be chosen first. */
    @Override
    public boolean retriable() {
        return false;
    }
}
