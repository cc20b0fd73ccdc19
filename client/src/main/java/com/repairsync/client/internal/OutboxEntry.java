package com.repairsync.client.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.Operation;
import java.time.Instant;
import java.util.Map;

/**
 * One queued mutation of the device, with its retry bookkeeping.
 *
 * @param creates for an upsert: whether it makes the record (true) or edits one (false), sent as
 *     the mutation's {@code create}; null for other ops and for entries queued before the device
 *     recorded it
 */
public record OutboxEntry(
        long seq,
        String mutationId,
        String entity,
        String recordId,
        Operation op,
        ObjectNode fields,
        Map<String, Long> deltas,
        String hlc,
        String actorId,
        String groupId,
        int priority,
        boolean failed,
        int attempts,
        Instant nextAttemptAt,
        String lastCode,
        String lastMessage,
        String lastField,
        Instant lastErrorAt,
        Boolean creates) {

    /** A mutation about to join the queue: pending, never tried, no error yet. */
    public static OutboxEntry queued(
            String mutationId,
            String entity,
            String recordId,
            Operation op,
            ObjectNode fields,
            Map<String, Long> deltas,
            String hlc,
            String actorId,
            String groupId,
            int priority,
            Boolean creates) {
        return new OutboxEntry(
                0,
                mutationId,
                entity,
                recordId,
                op,
                fields,
                deltas,
                hlc,
                actorId,
                groupId,
                priority,
                false,
                0,
                null,
                null,
                null,
                null,
                null,
                creates);
    }

    /** The mutation as the server takes it, with the actor's password confirmation when there is one. */
    public com.repairsync.protocol.Mutation wire(String stepUp) {
        return new com.repairsync.protocol.Mutation(
                mutationId, entity, recordId, op.wireName(), fields, deltas, hlc, actorId, groupId, stepUp, creates);
    }
}
