package com.repairsync.server.store;

import java.time.Instant;

/**
 * Which of a shop's history rows an audit reads: those matching every filter given (null: any),
 * newest first.
 *
 * @param actorId who made the change
 * @param deviceId the device it came from
 * @param entity the entity's wire name
 * @param from written at or after
 * @param to written before
 * @param before sequence numbers below this one ({@link Long#MAX_VALUE}: all)
 * @param limit most rows
 */
public record AuditFilter(
        String actorId, String deviceId, String entity, Instant from, Instant to, long before, int limit) {}
