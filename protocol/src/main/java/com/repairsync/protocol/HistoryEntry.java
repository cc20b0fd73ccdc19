package com.repairsync.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One change to one record, as the shop's history keeps it: written by the server in the same
 * transaction as the change itself (wire version 6).
 *
 * @param seq the change's sequence in the shop: history pages go by it, newest first
 * @param entity entity name
 * @param recordId the record changed
 * @param op what happened: {@code create}, {@code update}, {@code delete}, {@code adjust}, {@code
 *     restore}, {@code erase} (an admin erased the record's personal fields) or {@code password}
 *     (an employee's sign-in password was set; its values are never kept)
 * @param actorId the employee who made the change
 * @param deviceId the device it came from (null for what an admin did through the server)
 * @param hlc the change's HLC (null for what the server did itself, such as an erasure)
 * @param at when the server applied it ({@link WireInstant})
 * @param changes each field the change wrote, in declared order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistoryEntry(
        long seq,
        String entity,
        String recordId,
        String op,
        String actorId,
        String deviceId,
        String hlc,
        String at,
        List<FieldChange> changes) {

    public HistoryEntry {
        changes = List.copyOf(changes);
    }

    /**
     * One field a change wrote. A counter's adjustment has {@code delta} and the resulting {@code
     * to}; a secret field (a PIN hash) only says it {@code changed}, with no values; a personal field
     * of an erased record says {@code erased}, with no values.
     *
     * @param from the value before, in wire form (JSON null if it had none)
     * @param to the value after, in wire form
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldChange(String field, JsonNode from, JsonNode to, Long delta, Boolean changed, Boolean erased) {

        public static FieldChange set(String field, JsonNode from, JsonNode to) {
            return new FieldChange(field, from, to, null, null, null);
        }

        public static FieldChange adjusted(String field, long delta, JsonNode to) {
            return new FieldChange(field, null, to, delta, null, null);
        }

        /** A secret field that changed: no values. */
        public static FieldChange secret(String field) {
            return new FieldChange(field, null, null, null, Boolean.TRUE, null);
        }

        /** A personal field whose values were erased. */
        public static FieldChange erasedField(String field) {
            return new FieldChange(field, null, null, null, null, Boolean.TRUE);
        }
    }
}
