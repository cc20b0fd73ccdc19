package com.repairsync.server.sync;

import com.fasterxml.jackson.databind.JsonNode;
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
 * @param fields for upsert: the built-in fields to set, in typed form; empty otherwise
 * @param custom for upsert of an entity that takes custom fields: its {@code custom} member as sent,
 *     checked against the shop's declarations when the mutation is applied ({@link
 *     #withCustom}); null if it has none
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
        Boolean create,
        JsonNode custom) {

    /** The same mutation with its checked custom values ({@code custom.<name>} keys) among its fields. */
    PushedMutation withCustom(Map<String, Object> customValues) {
        if (customValues.isEmpty()) {
            return this;
        }
        Map<String, Object> all = new java.util.LinkedHashMap<>(fields);
        all.putAll(customValues);
        return new PushedMutation(mutationId, type, recordId, op, hlc, actorId, all, deltas, create, null);
    }
}
