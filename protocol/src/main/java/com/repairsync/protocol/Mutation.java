package com.repairsync.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * One change to one record, as a device sends it.
 *
 * @param mutationId device-unique id; the server applies each id at most once
 * @param entity entity name, such as {@code tickets}
 * @param recordId the record's UUID, made on the device
 * @param op {@code upsert}, {@code delete} or {@code adjust}
 * @param fields for upsert: the fields to set, in wire form
 * @param deltas for adjust: counter field to the amount to add
 * @param hlc the {@link Hlc} of the change in wire form
 * @param actorId the employee who made the change
 * @param groupId optional: mutations sharing it apply all or nothing
 * @param stepUp optional: a fresh password confirmation of the actor, which creating an admin or
 *     making someone one needs ({@link com.repairsync.protocol.schema.Permissions#needsStepUp})
 * @param create optional, upsert only (wire version 3): {@code true} if the upsert makes the record,
 *     {@code false} if it edits one the device saw. An edit never creates: for a record the server
 *     does not have (its create has not arrived yet, say after a restore) it is {@code
 *     unknown_record}. Without it the server infers: an upsert of a record it lacks is a create.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Mutation(
        String mutationId,
        String entity,
        String recordId,
        String op,
        ObjectNode fields,
        Map<String, Long> deltas,
        String hlc,
        String actorId,
        String groupId,
        String stepUp,
        Boolean create) {

    /** A mutation without a password confirmation. */
    public Mutation(
            String mutationId,
            String entity,
            String recordId,
            String op,
            ObjectNode fields,
            Map<String, Long> deltas,
            String hlc,
            String actorId,
            String groupId) {
        this(mutationId, entity, recordId, op, fields, deltas, hlc, actorId, groupId, null, null);
    }

    /** A mutation that leaves the server to infer whether an upsert creates (wire versions 1 and 2). */
    public Mutation(
            String mutationId,
            String entity,
            String recordId,
            String op,
            ObjectNode fields,
            Map<String, Long> deltas,
            String hlc,
            String actorId,
            String groupId,
            String stepUp) {
        this(mutationId, entity, recordId, op, fields, deltas, hlc, actorId, groupId, stepUp, null);
    }
}
