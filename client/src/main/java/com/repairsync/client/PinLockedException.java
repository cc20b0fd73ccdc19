package com.repairsync.client;

import java.time.Duration;
import java.util.Objects;

/**
 * PIN entry on this device is locked after repeated wrong PINs; no PIN, not even the right one, is
 * checked until {@link #retryIn()} has passed. The message says how long, e.g. "PIN entry is
 * locked; try again in 1 min 30 s".
 */
public final class PinLockedException extends RepairSyncException {
    private static final long serialVersionUID = 1L;

    private final Duration retryIn;

    public PinLockedException(Duration retryIn) {
        super("PIN entry is locked; try again in " + describe(Objects.requireNonNull(retryIn, "retryIn")));
        this.retryIn = retryIn;
    }

    /** How long until PIN entry opens again. */
    public Duration retryIn() {
        return retryIn;
    }

    /** A wait for people: whole seconds rounded up, as "45 s", "2 min", "1 min 30 s" or "1 h". */
    static String describe(Duration duration) {
        long seconds = duration.getSeconds() + (duration.getNano() > 0 ? 1 : 0);
        if (seconds <= 0) {
            return "0 s";
        }
        StringBuilder text = new StringBuilder();
        append(text, seconds / 3600, "h");
        append(text, seconds % 3600 / 60, "min");
        append(text, seconds % 60, "s");
        return text.toString();
    }

    private static void append(StringBuilder text, long amount, String unit) {
        if (amount > 0) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(amount).append(' ').append(unit);
        }
    }

    /** {@inheritDoc} Yes: the same PIN is checked again once the lock runs out. */
    @Override
    public boolean retriable() {
        return true;
    }
}
