package com.repairsync.client;

import java.time.Instant;
import java.util.Map;

/**
 * A change the server refused (or kept failing on), waiting for a person to edit and retry,
 * retry as is, or discard it.
 *
 * @param code the stable error code, such as {@code validation_failed} or {@code forbidden}
 * @param message the server's reason, naming the field
 * @param field the offending field, or null
 * @param fields the fields the change sets (upsert), as wire values
 */
public record FailedMutation(
        String mutationId,
        String entity,
        String recordId,
        String op,
        Map<String, Object> fields,
        String code,
        String message,
        String field,
        int attempts,
        Instant lastErrorAt) {}
