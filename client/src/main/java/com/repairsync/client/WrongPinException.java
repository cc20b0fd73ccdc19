package com.repairsync.client;

import java.time.Duration;
import java.util.Optional;

/**
 * The PIN did not match, or the employee has no PIN set. The message never contains the PIN that
 * was typed.
 */
public final class WrongPinException extends RepairSyncException {
    private static final long serialVersionUID = 1L;

    private final int attemptsLeft;
    private final Duration lockedFor;

    /**
     * @param attemptsLeft wrong PINs this device may still enter before PIN entry locks
     * @param lockedFor how long PIN entry is now locked because of this wrong PIN, or null
     */
    public WrongPinException(String message, int attemptsLeft, Duration lockedFor) {
        super(message);
        this.attemptsLeft = attemptsLeft;
        this.lockedFor = lockedFor;
    }

    /** Wrong PINs this device may still enter before PIN entry locks; 0 once it has locked. */
    public int attemptsLeft() {
        return attemptsLeft;
    }

    /** How long PIN entry is locked because of this wrong PIN, if it locked it. */
    public Optional<Duration> lockedFor() {
        return Optional.ofNullable(lockedFor);
    }

    /** {@inheritDoc} No: the same wrong PIN stays wrong. */
    @Override
    public boolean retriable() {
        return false;
    }
}
