package com.repairsync.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts shop sign-ups per client address in a sliding hour: each attempt counts, whether it
 * created a shop or found the e-mail taken, so probing which e-mails have an account is as slow as
 * creating shops. In memory and per node, like {@link LoginThrottle}; at most {@value
 * #MAX_TRACKED_ADDRESSES} addresses are tracked: beyond that, addresses whose attempts all left
 * the window are forgotten first, then a tenth of the others (whose counts restart: the bound on
 * memory wins over the count of an address among a flood of 100,000 others).
 */
public final class SignUpLimit {
    static final int MAX_TRACKED_ADDRESSES = 100_000;
    static final Duration WINDOW = Duration.ofHours(1);

    private final Clock clock;
    private final int perAddress;
    private final Map<String, Deque<Instant>> attempts = new ConcurrentHashMap<>();

    public SignUpLimit(Clock clock, int perAddress) {
        if (perAddress < 1) {
            throw new IllegalArgumentException("sign-ups per address must be at least 1, got " + perAddress);
        }
        this.clock = clock;
        this.perAddress = perAddress;
    }

    /**
     * Records an attempt from the address if it has attempts left in the window.
     *
     * @return empty when the attempt may go ahead, else how long until the address may try again
     */
    public Optional<Duration> tryAcquire(String address) {
        Instant now = clock.instant();
        if (attempts.size() >= MAX_TRACKED_ADDRESSES && !attempts.containsKey(address)) {
            evict(now);
        }
        Deque<Instant> times = attempts.computeIfAbsent(address, k -> new ArrayDeque<>());
        synchronized (times) {
            Instant horizon = now.minus(WINDOW);
            while (!times.isEmpty() && !times.peekFirst().isAfter(horizon)) {
                times.removeFirst();
            }
            if (times.size() >= perAddress) {
                Duration wait = Duration.between(now, times.peekFirst().plus(WINDOW));
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            }
            times.addLast(now);
            return Optional.empty();
        }
    }

    /** How many addresses are tracked (for tests of the bound). */
    int trackedAddresses() {
        return attempts.size();
    }

    /**
     * Forgets addresses whose attempts all left the window; if that is not enough, a tenth of the
     * addresses (in no particular order), so a flood of new addresses costs one scan per 10,000
     * of them, not one each.
     */
    private void evict(Instant now) {
        Instant horizon = now.minus(WINDOW);
        attempts.values().removeIf(times -> {
            synchronized (times) {
                return times.isEmpty() || !times.peekLast().isAfter(horizon);
            }
        });
        Iterator<String> addresses = attempts.keySet().iterator();
        while (attempts.size() > MAX_TRACKED_ADDRESSES * 9 / 10 && addresses.hasNext()) {
            addresses.next();
            addresses.remove();
        }
    }
}
