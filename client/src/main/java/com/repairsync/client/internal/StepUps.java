package com.repairsync.client.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fresh password confirmations (step-up tokens) the server gave this device, per employee. Kept in
 * memory only, never in the database: they are short-lived secrets, and a copied database holds
 * none. A confirmation counts as spent a little before the server's expiry, so one about to lapse
 * is not sent.
 */
public final class StepUps {
    /** How long before its expiry a confirmation is no longer sent. */
    static final Duration MARGIN = Duration.ofSeconds(10);

    private record Confirmation(String token, Instant expiresAt) {}

    private final Map<String, Confirmation> byEmployee = new ConcurrentHashMap<>();

    public void confirmed(String employeeId, String token, Instant expiresAt) {
        byEmployee.put(employeeId, new Confirmation(token, expiresAt));
    }

    /** The employee's confirmation if it is still good at {@code now}. */
    public Optional<String> valid(String employeeId, Instant now) {
        Confirmation confirmation = byEmployee.get(employeeId);
        if (confirmation == null) {
            return Optional.empty();
        }
        if (!now.plus(MARGIN).isBefore(confirmation.expiresAt())) {
            byEmployee.remove(employeeId, confirmation);
            return Optional.empty();
        }
        return Optional.of(confirmation.token());
    }

    /** Forgets every confirmation (sign-out). */
    public void clear() {
        byEmployee.clear();
    }
}
