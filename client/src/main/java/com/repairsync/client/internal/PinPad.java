package com.repairsync.client.internal;

import com.repairsync.client.PinLockedException;
import com.repairsync.client.WrongPinException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's PIN entry: checks an employee's PIN against the synced Argon2id hash (offline too)
 * and locks entry after repeated wrong PINs.
 *
 * <p>Lock policy:
 *
 * <ul>
 *   <li>After 5 consecutive wrong PINs, PIN entry locks for 30 seconds.
 *   <li>While locked, every PIN is refused with {@link PinLockedException}, the right one too,
 *       without being checked; these refusals neither count nor extend the lock.
 *   <li>Once a lock has expired, the next wrong PIN locks again at once, for twice the previous
 *       lock: 60 s, 120 s, 240 s, ... capped at 1 hour.
 *   <li>A correct PIN resets everything: 5 attempts again, and the next lock is 30 s again.
 * </ul>
 *
 * <p>Failures count per device, not per employee: the person guessing is at this device, whoever
 * they pick. The state lives in a {@link PinLockStore} (the device database), so restarting the
 * app does not lift a lock. If the device clock is set back, a lock never lasts longer than its
 * own length from now.
 *
 * <p>Neither exception messages nor logs ever contain a PIN. A malformed PIN (see {@link
 * #validatePin(String)}) is refused with {@link IllegalArgumentException} and does not count: it
 * cannot match any hash. Checking an employee with no PIN set does not count either.
 *
 * <p>Thread-safe: checks on one PinPad run one at a time.
 */
public final class PinPad {
    /** Wrong PINs allowed before the first lock. */
    public static final int ATTEMPTS_BEFORE_LOCK = 5;
    /** The first lock. */
    public static final Duration FIRST_LOCK = Duration.ofSeconds(30);
    /** The longest lock. */
    public static final Duration MAX_LOCK = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(PinPad.class);
    private static final String INVALID_PIN = "PIN must be 4 to 8 digits";

    private final Clock clock;
    private final PinLockStore store;
    private final PinHasher hasher;

    /** A device's PIN pad: its lock state kept in the device database, PINs hashed at {@code cost}. */
    public static PinPad onDevice(Clock clock, LocalDatabase db, com.repairsync.client.PinCost cost) {
        return new PinPad(clock, new SqlitePinLockStore(db), new PinHasher(cost));
    }

    public PinPad(Clock clock, PinLockStore store, PinHasher hasher) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.store = Objects.requireNonNull(store, "store");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
    }

    /** A PIN is 4 to 8 ASCII digits; anything else throws, with a message that omits the PIN. */
    public static void validatePin(String pin) {
        if (pin == null || pin.length() < 4 || pin.length() > 8) {
            throw new IllegalArgumentException(INVALID_PIN);
        }
        for (int i = 0; i < pin.length(); i++) {
            char c = pin.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException(INVALID_PIN);
            }
        }
    }

    /** Validates {@code pin} and returns its Argon2id PHC hash, the only form a PIN is stored in. */
    public String hash(String pin) {
        validatePin(pin);
        return hasher.hash(pin);
    }

    /** Whether a synced hash was made at least at this device's cost (else it is replaced). */
    public boolean current(String pinHash) {
        return hasher.current(pinHash);
    }

    /**
     * Checks {@code pin} against an employee's synced hash; returns normally if it matches.
     *
     * @param pinHash the employee's PIN hash, or null if the employee has no PIN
     * @throws PinLockedException if PIN entry is locked (the PIN is not checked)
     * @throws IllegalArgumentException if the PIN is not 4 to 8 digits (not counted)
     * @throws WrongPinException if the employee has no PIN (not counted) or the PIN is wrong
     *     (counted, and may lock PIN entry)
     */
    public synchronized void check(String pin, String pinHash) {
        Instant now = clock.instant();
        PinLockState state = current(now);
        Optional<Duration> locked = remaining(state, now);
        if (locked.isPresent()) {
            throw new PinLockedException(locked.get());
        }
        validatePin(pin);
        if (pinHash == null) {
            throw new WrongPinException("employee has no PIN set", attemptsLeft(state, now), null);
        }
        if (hasher.verify(pin, pinHash)) {
            if (!state.equals(PinLockState.INITIAL)) {
                store.save(PinLockState.INITIAL);
            }
            return;
        }
        PinLockState failed = fail(state, now);
        store.save(failed);
        if (failed.lockedUntil() != null && failed.lockedUntil().isAfter(now)) {
            Duration lock = failed.lastLock();
            log.warn("PIN entry locked for {} after {} consecutive wrong PINs", lock, failed.consecutiveFailures());
            throw new WrongPinException("wrong PIN; PIN entry is locked for " + describe(lock), 0, lock);
        }
        int left = attemptsLeft(failed, now);
        throw new WrongPinException(
                "wrong PIN; " + left + (left == 1 ? " attempt" : " attempts") + " left before PIN entry locks",
                left,
                null);
    }

    /** How long PIN entry stays locked, or empty if a PIN may be entered now. */
    public synchronized Optional<Duration> lockedFor() {
        Instant now = clock.instant();
        return remaining(current(now), now);
    }

    /** Wrong PINs that may still be entered before PIN entry locks; 0 while locked. */
    public synchronized int attemptsLeft() {
        Instant now = clock.instant();
        return attemptsLeft(current(now), now);
    }

    /** The stored state, with a lock that the clock going back made too long cut to its length. */
    private PinLockState current(Instant now) {
        PinLockState state = store.load();
        if (state == null) {
            return PinLockState.INITIAL;
        }
        Instant until = state.lockedUntil();
        Duration longest = state.lastLock() != null ? state.lastLock() : MAX_LOCK;
        if (until != null && until.isAfter(now.plus(longest))) {
            state = new PinLockState(state.consecutiveFailures(), now.plus(longest), longest);
            store.save(state);
        }
        return state;
    }

    private static Optional<Duration> remaining(PinLockState state, Instant now) {
        Instant until = state.lockedUntil();
        return until != null && now.isBefore(until) ? Optional.of(Duration.between(now, until)) : Optional.empty();
    }

    private static int attemptsLeft(PinLockState state, Instant now) {
        if (remaining(state, now).isPresent()) {
            return 0;
        }
        if (state.lastLock() != null) {
            return 1; // after a lock, the next wrong PIN locks again
        }
        return Math.max(0, ATTEMPTS_BEFORE_LOCK - state.consecutiveFailures());
    }

    private static PinLockState fail(PinLockState state, Instant now) {
        int failures =
                state.consecutiveFailures() == Integer.MAX_VALUE ? Integer.MAX_VALUE : state.consecutiveFailures() + 1;
        Duration lock;
        if (state.lastLock() != null) {
            lock = state.lastLock().compareTo(MAX_LOCK.dividedBy(2)) >= 0
                    ? MAX_LOCK
                    : state.lastLock().multipliedBy(2);
        } else if (failures >= ATTEMPTS_BEFORE_LOCK) {
            lock = FIRST_LOCK;
        } else {
            return new PinLockState(failures, null, null);
        }
        return new PinLockState(failures, now.plus(lock), lock);
    }

    private static String describe(Duration duration) {
        // The same wording as PinLockedException's message.
        long seconds = duration.getSeconds() + (duration.getNano() > 0 ? 1 : 0);
        StringBuilder text = new StringBuilder();
        append(text, seconds / 3600, "h");
        append(text, seconds % 3600 / 60, "min");
        append(text, seconds % 60, "s");
        return text.length() == 0 ? "0 s" : text.toString();
    }

    private static void append(StringBuilder text, long amount, String unit) {
        if (amount > 0) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(amount).append(' ').append(unit);
        }
    }
}
