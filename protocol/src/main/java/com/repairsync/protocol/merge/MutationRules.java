package com.repairsync.protocol.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.CustomValues;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.Violation;
import com.repairsync.protocol.schema.CustomFieldSet;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.Schema;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns a mutation's wire fields and deltas into canonical values, refusing what the entity does not allow. */
public final class MutationRules {
    private MutationRules() {}

    /**
     * The canonical values of an upsert's fields.
     *
     * @throws Violation naming the field: {@code invalid_field} for a server-owned or undeclared field,
     *     {@code validation_failed} for a value of the wrong type or out of bounds
     */
    public static Map<String, Object> fields(EntityType type, ObjectNode fields) {
        return fields(type, fields, CustomFieldSet.EMPTY);
    }

    /**
     * The canonical values of an upsert's built-in fields, leaving its {@code custom} member (on an
     * entity that takes custom fields) to be checked later against the declarations.
     *
     * @throws Violation as {@link #fields(EntityType, ObjectNode)}
     */
    public static Map<String, Object> builtInFields(EntityType type, ObjectNode fields) {
        return read(type, fields, null);
    }

    /**
     * The canonical values of an upsert's fields, its {@code custom} member's by the shop's
     * declarations (keyed {@code custom.<name>}, see {@link CustomFieldSet#parseValues}).
     *
     * @throws Violation naming the field, as {@link #fields(EntityType, ObjectNode)} and {@link
     *     CustomFieldSet#parseValues} say
     */
    public static Map<String, Object> fields(EntityType type, ObjectNode fields, CustomFieldSet customs) {
        return read(type, fields, java.util.Objects.requireNonNull(customs, "customs"));
    }

    /** The fields' values; the {@code custom} member's too unless {@code customs} is null (left for later). */
    private static Map<String, Object> read(EntityType type, ObjectNode fields, CustomFieldSet customs) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (fields == null) {
            return values;
        }
        Iterator<Map.Entry<String, JsonNode>> entries = fields.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (CustomValues.MEMBER.equals(entry.getKey()) && type.allowsCustomFields()) {
                if (customs != null) {
                    values.putAll(customs.parseValues(type, entry.getValue()));
                }
                continue;
            }
            FieldSpec field = declared(type, entry.getKey());
            values.put(field.name(), field.parse(entry.getValue()));
        }
        return values;
    }

    /**
     * The validated deltas of an adjust.
     *
     * @throws Violation naming the field if it is not a counter of this entity or the delta is out of bounds
     */
    public static Map<String, Long> deltas(EntityType type, Map<String, Long> deltas) {
        Map<String, Long> checked = new LinkedHashMap<>();
        if (deltas == null || deltas.isEmpty()) {
            throw new Violation(
                    ErrorCode.VALIDATION_FAILED, "deltas", "adjust needs deltas, such as {\"quantity\": -1}");
        }
        deltas.forEach((name, delta) -> {
            FieldSpec field = declared(type, name);
            if (!field.isCounter()) {
                throw new Violation(
                        ErrorCode.INVALID_FIELD,
                        name,
                        name + " is not a counter of " + type.name() + "; only counters can be adjusted");
            }
            if (delta == null || delta < field.min() || delta > field.max()) {
                throw new Violation(
                        ErrorCode.VALIDATION_FAILED,
                        name,
                        "delta of " + name + " must be a whole number between " + field.min() + " and " + field.max());
            }
            checked.put(name, delta);
        });
        return checked;
    }

    private static FieldSpec declared(EntityType type, String name) {
        if (Schema.SERVER_OWNED_FIELDS.contains(name)) {
            throw new Violation(
                    ErrorCode.INVALID_FIELD, name, name + " is set by the server; a client may not send it");
        }
        return type.field(name)
                .orElseThrow(() -> new Violation(ErrorCode.INVALID_FIELD, name, type.name() + " has no field " + name));
    }
}
