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
 * Counts failed password logins per account and per client address in a sliding window. Once a
 * key has used up its failures, further attempts are refused until the oldest failure leaves the
 * window, whether or not the password would be right.
 *
 * <p>In memory and per server node; the window is short, so losing it on restart is acceptable.
 */
public final class LoginThrottle {
    private static final int MAX_TRACKED_KEYS = 100_000;

    private final Clock clock;
    private final Duration window;
    private final int maxPerAccount;
    private final int maxPerAddress;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(Clock clock, Duration window, int maxPerAccount, int maxPerAddress) {
        this.clock = clock;
        this.window = window;
        this.maxPerAccount = maxPerAccount;
        this.maxPerAddress = maxPerAddress;
    }

    /** How long the caller must wait before trying again, if it must. */
    public Optional<Duration> retryAfter(String account, String address) {
        Instant now = clock.instant();
        Optional<Duration> byAccount = wait("account:" + account, maxPerAccount, now);
        Optional<Duration> byAddress = wait("address:" + address, maxPerAddress, now);
        if (byAccount.isPresent() && byAddress.isPresent()) {
            return Optional.of(byAccount.get().compareTo(byAddress.get()) > 0 ? byAccount.get() : byAddress.get());
        }
        return byAccount.isPresent() ? byAccount : byAddress;
    }

    public void recordFailure(String account, String address) {
        Instant now = clock.instant();
        if (failures.size() > MAX_TRACKED_KEYS) {
            evictExpired(now);
        }
        add("account:" + account, now);
        add("address:" + address, now);
    }

    /** A successful login clears the account's failures (not the address's). */
    public void recordSuccess(String account) {
        failures.remove("account:" + account);
    }

    private void add(String key, Instant now) {
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(now);
        }
    }

    private Optional<Duration> wait(String key, int max, Instant now) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return Optional.empty();
        }
        synchronized (times) {
            Instant horizon = now.minus(window);
            while (!times.isEmpty() && !times.peekFirst().isAfter(horizon)) {
                times.removeFirst();
            }
            if (times.size() < max) {
                return Optional.empty();
            }
            Duration wait = Duration.between(now, times.peekFirst().plus(window));
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        }
    }

    private void evictExpired(Instant now) {
        Instant horizon = now.minus(window);
        Iterator<Map.Entry<String, Deque<Instant>>> entries =
                failures.entrySet().iterator();
        while (entries.hasNext()) {
            Deque<Instant> times = entries.next().getValue();
            synchronized (times) {
                if (times.isEmpty() || !times.peekLast().isAfter(horizon)) {
                    entries.remove();
                }
            }
        }
    }
}
