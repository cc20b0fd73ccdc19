package com.repairsync.client;

import java.time.Instant;

/**
 * A field this device wrote that lost to a later write from elsewhere.
 *
 * @param localValue what this device wrote (JSON text)
 * @param winningValue what the shop now has (JSON text; {@code "(deleted)"} if the record was deleted)
 * @param actorId the employee who made the losing change on this device
 * @param localHlc when the losing change was made
 */
public record Conflict(
        long id,
        String entity,
        String recordId,
        String field,
        String localValue,
        String winningValue,
        String actorId,
        String localHlc,
        Instant detectedAt) {}
