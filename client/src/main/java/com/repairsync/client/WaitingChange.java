package com.repairsync.client;

import java.time.Instant;

/**
 * A queued change the server cannot take until it is updated: it names a field or an entity the
 * server does not know yet, because this device is newer (wire version 8, {@code not_yet_known}).
 * It stays queued whole (nothing of it is applied), never in the failed queue, and goes again
 * later; the app may show {@link #reason()}.
 *
 * @param reason such as "waiting for the server to be updated: it does not know
 *     tickets.custom.warrantyUntil yet"
 * @param field the field the server does not know (as it named it), or null for a whole entity
 * @param since when the server last said so
 * @param nextAttemptAt when it goes again
 */
public record WaitingChange(
        String mutationId,
        String entity,
        String recordId,
        String reason,
        String field,
        Instant since,
        Instant nextAttemptAt) {}
