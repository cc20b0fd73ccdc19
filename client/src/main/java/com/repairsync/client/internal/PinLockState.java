package com.repairsync.client.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * The device's PIN-entry lock, as {@link PinLockStore} keeps it.
 *
 * @param consecutiveFailures wrong PINs since the last correct one
 * @param lockedUntil when PIN entry opens again, or null if it never locked since the last correct
 *     PIN (a past instant means the lock has expired)
 * @param lastLock the length of the latest lock since the last correct PIN, or null if none
 */
public record PinLockState(int consecutiveFailures, Instant lockedUntil, Duration lastLock) {

    /** No failures, no lock: a new device, or one after a correct PIN. */
    public static final PinLockState INITIAL = new PinLockState(0, null, null);

    public PinLockState {
        if (consecutiveFailures < 0) {
            throw new IllegalArgumentException("consecutiveFailures must be >= 0, was " + consecutiveFailures);
        }
        if (lastLock != null && (lastLock.isZero() || lastLock.isNegative())) {
            throw new IllegalArgumentException("lastLock must be positive, was " + lastLock);
        }
    }
}
