package com.repairsync.client.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.Operation;
import java.time.Instant;
import java.util.Map;

/** One queued mutation of the device, with its retry bookkeeping. */
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
        Instant lastErrorAt) {}
