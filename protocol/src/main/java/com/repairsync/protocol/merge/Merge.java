package com.repairsync.protocol.merge;

import com.repairsync.protocol.CustomValues;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.Hlc;
import com.repairsync.protocol.Operation;
import com.repairsync.protocol.Violation;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Merges one validated mutation into a record's state.
 *
 * <p>Rules: each field keeps the value with the latest HLC (ties broken by node id, which is part
 * of the HLC order), so concurrent edits of different fields both survive. Counter fields are set
 * on create and afterwards only move by deltas, which commute. A delete is a tombstone: once a
 * record is deleted, later upserts and adjustments change nothing, whatever their HLC. Only a
 * restore brings it back: deletes and restores decide whether the record lives by last writer
 * wins on their HLCs, so they converge in any order. An erased record's personal fields keep
 * their erased values whatever a later write's HLC. A field of lines that merges as a union
 * ({@link FieldSpec#unionOfLines()}) gains the lines a write names and never loses one. A custom
 * value ({@code custom.<name>}, checked against its declaration before it gets here) is a field of
 * its own: last writer wins, personal where the entity's custom values are.
 */
public final class Merge {
    private Merge() {}

    /**
     * Applies a mutation.
     *
     * @param existing the record's current state, or null if it does not exist
     * @param fields canonical values to set (upsert only)
     * @param deltas amounts to add to counters (adjust only)
     * @throws Violation if the record does not exist for a delete or adjust, if a create lacks a
     *     required field, if an upsert sets a counter of an existing record, or a counter overflows
     */
    public static MergeOutcome apply(
            EntityType type,
            RecordState existing,
            Operation op,
            Map<String, Object> fields,
            Map<String, Long> deltas,
            Hlc hlc,
            String recordId) {
        if (existing == null) {
            if (op != Operation.UPSERT) {
                throw new Violation(ErrorCode.UNKNOWN_RECORD, null, type.name() + "/" + recordId + " does not exist");
            }
            return create(type, fields, hlc, recordId);
        }
        if (op == Operation.DELETE || op == Operation.RESTORE) {
            if (op == Operation.RESTORE && existing.erased() && existing.deleted() && holdsFiles(type)) {
                // Erasure deleted its files: brought back, it would name bytes that are gone.
                throw new Violation(
                        ErrorCode.VALIDATION_FAILED,
                        null,
                        type.name() + "/" + recordId + " was erased with its files and cannot be restored");
            }
            return lifecycle(existing, op == Operation.DELETE, hlc);
        }
        if (existing.deleted()) {
            List<String> lost = new ArrayList<>(op == Operation.ADJUST ? deltas.keySet() : fields.keySet());
            Collections.sort(lost);
            return new MergeOutcome(existing, false, false, lost);
        }
        return op == Operation.UPSERT ? update(type, existing, fields, hlc) : adjust(type, existing, deltas);
    }

    private static boolean holdsFiles(EntityType type) {
        return type.fields().stream().anyMatch(field -> field.type() == com.repairsync.protocol.schema.FieldType.FILE);
    }

    /**
     * A delete or a restore: the later of the record's latest delete or restore and this one decides
     * whether it lives. An earlier one changes nothing; a later one is stored even when the record
     * already is as it asks, so that an earlier one arriving afterwards loses to it.
     */
    private static MergeOutcome lifecycle(RecordState existing, boolean delete, Hlc hlc) {
        if (!hlc.isAfter(existing.deletedHlc())) {
            return new MergeOutcome(existing, false, false, List.of());
        }
        RecordState next = new RecordState(existing.values(), existing.fieldHlcs(), delete, hlc, existing.erased());
        return new MergeOutcome(next, false, true, List.of());
    }

    private static MergeOutcome create(EntityType type, Map<String, Object> fields, Hlc hlc, String recordId) {
        boolean namesRequiredField =
                type.fields().stream().anyMatch(field -> field.required() && fields.containsKey(field.name()));
        Map<String, Object> values = new HashMap<>();
        Map<String, Hlc> hlcs = new HashMap<>();
        for (FieldSpec field : type.fields()) {
            Object value = fields.containsKey(field.name()) ? fields.get(field.name()) : field.defaultValue();
            if (field.unionOfLines() && value instanceof String lines) {
                value = Lines.union(null, lines);
            }
            if (field.required() && value == null) {
                throw namesRequiredField
                        ? new Violation(
                                ErrorCode.VALIDATION_FAILED,
                                field.name(),
                                field.name() + " is required to create " + type.name() + "/" + recordId)
                        : new Violation(
                                ErrorCode.UNKNOWN_RECORD,
                                null,
                                type.name() + "/" + recordId + " does not exist (to create it, send " + field.name()
                                        + " and the other required fields)");
            }
            if (value != null) {
                values.put(field.name(), value);
            }
            hlcs.put(field.name(), hlc);
        }
        fields.forEach((key, value) -> {
            if (CustomValues.isKey(key)) {
                if (value != null) {
                    values.put(key, value);
                }
                hlcs.put(key, hlc);
            }
        });
        checkOwner(type, values);
        return new MergeOutcome(new RecordState(values, hlcs, false, null), true, true, List.of());
    }

    /** A record of an entity owned by one of several records names exactly one of them. */
    private static void checkOwner(EntityType type, Map<String, Object> values) {
        List<String> owners = type.ownerFields();
        if (owners.isEmpty()) {
            return;
        }
        long named = owners.stream().filter(values::containsKey).count();
        if (named != 1) {
            throw new Violation(
                    ErrorCode.VALIDATION_FAILED,
                    owners.get(0),
                    type.name() + " must name exactly one of " + String.join(", ", owners) + " (it names " + named
                            + ")");
        }
    }

    private static MergeOutcome update(EntityType type, RecordState existing, Map<String, Object> fields, Hlc hlc) {
        Map<String, Object> values = new HashMap<>(existing.values());
        Map<String, Hlc> hlcs = new HashMap<>(existing.fieldHlcs());
        List<String> superseded = new ArrayList<>();
        boolean changed = false;
        for (Map.Entry<String, Object> entry : fields.entrySet()) {
            String name = entry.getKey();
            if (CustomValues.isKey(name)) {
                if (!hlc.isAfter(hlcs.get(name)) || (existing.erased() && type.customValuesArePersonal())) {
                    superseded.add(name);
                    continue;
                }
                hlcs.put(name, hlc);
                Object previous = entry.getValue() == null ? values.remove(name) : values.put(name, entry.getValue());
                changed |= !Objects.equals(previous, entry.getValue());
                continue;
            }
            FieldSpec field = type.field(name).orElseThrow();
            if (field.unionOfLines()) {
                Object union = Lines.union((String) values.get(name), (String) entry.getValue());
                if (hlc.isAfter(hlcs.get(name))) {
                    hlcs.put(name, hlc);
                }
                Object previous = union == null ? values.remove(name) : values.put(name, union);
                changed |= !Objects.equals(previous, union);
                continue;
            }
            if (field.isCounter()) {
                throw new Violation(
                        ErrorCode.INVALID_FIELD,
                        name,
                        name + " is a counter: it is set when the record is created, then changed only with adjust");
            }
            if (type.fixedAfterCreate(name) && !java.util.Objects.equals(entry.getValue(), existing.value(name))) {
                throw new Violation(
                        ErrorCode.INVALID_FIELD,
                        name,
                        name + " is set when the " + type.name() + " record is created and never changes");
            }
            if (!hlc.isAfter(hlcs.get(name)) || (existing.erased() && field.personal())) {
                superseded.add(name);
                continue;
            }
            hlcs.put(name, hlc);
            Object previous = entry.getValue() == null ? values.remove(name) : values.put(name, entry.getValue());
            changed |= !Objects.equals(previous, entry.getValue());
        }
        RecordState next = new RecordState(values, hlcs, false, existing.deletedHlc(), existing.erased());
        // A newer HLC writing the same value still counts as a change: the HLC must be stored.
        return new MergeOutcome(next, false, changed || !hlcs.equals(existing.fieldHlcs()), superseded);
    }

    private static MergeOutcome adjust(EntityType type, RecordState existing, Map<String, Long> deltas) {
        Map<String, Object> values = new HashMap<>(existing.values());
        for (Map.Entry<String, Long> delta : deltas.entrySet()) {
            FieldSpec field = type.field(delta.getKey()).orElseThrow();
            long current = values.get(field.name()) instanceof Long number ? number : 0L;
            long next = current + delta.getValue();
            if (next < field.min() || next > field.max()) {
                throw new Violation(
                        ErrorCode.VALIDATION_FAILED,
                        field.name(),
                        field.name() + " would become " + next + "; it must stay between " + field.min() + " and "
                                + field.max());
            }
            values.put(field.name(), next);
        }
        return new MergeOutcome(
                new RecordState(values, existing.fieldHlcs(), false, existing.deletedHlc(), existing.erased()),
                false,
                !deltas.isEmpty(),
                List.of());
    }
}
