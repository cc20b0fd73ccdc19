package com.repairsync.server.sync;

import com.repairsync.protocol.Hlc;
import com.repairsync.protocol.Operation;
import com.repairsync.protocol.schema.EntityType;
import java.util.Map;

/**
 * One pushed mutation, read and checked by {@link MutationReader}: what the wire's {@link
 * com.repairsync.protocol.Mutation} says, in typed form.
 *
 * @param recordId the record's canonical UUID
 * @param actorId the acting employee's canonical UUID
 * @param fields for upsert: the fields to set, in typed form; empty otherwise
 * @param deltas for adjust: counter field to the amount to add; empty otherwise
 * @param create for upsert: whether it makes the record (true) or edits one (false); null if the
 *     device did not say, when an upsert of a record the server lacks creates it
 */
record PushedMutation(
        String mutationId,
        EntityType type,
        String recordId,
        Operation op,
        Hlc hlc,
        String actorId,
        Map<String, Object> fields,
        Map<String, Long> deltas,
        Boolean create) {}
