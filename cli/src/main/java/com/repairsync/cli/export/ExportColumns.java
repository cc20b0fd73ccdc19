package com.repairsync.cli.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.CustomValues;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.schema.CustomField;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The columns of an entity's export, generated from its declaration: the id, every declared field
 * that each of the given roles may see, then the record's timestamps and its sync status on the
 * device; between them, a column per field the shop declared ({@code custom.<name>}). A field
 * hidden from any of the roles is no column at all (a technician's export has no
 * {@code hourlyRateCents}). Secrets are never exported: the employee's PIN hash becomes
 * {@code hasPin}, as {@code repairsync employee show} shows it.
 */
public final class ExportColumns {
    /** Fields that hold a secret's stand-in, and the column exported in their place. */
    private static final Map<String, String> SECRETS = Map.of("pinHash", "hasPin");

    private ExportColumns() {}

    public static List<String> of(EntityType type, Collection<Role> viewers) {
        return of(type, viewers, List.of());
    }

    /**
     * The columns with one per custom field ({@code custom.<name>}, after the declared fields) that
     * each of the roles may see; removed fields too, as their values are kept.
     */
    public static List<String> of(EntityType type, Collection<Role> viewers, List<CustomField> custom) {
        List<String> columns = new ArrayList<>();
        columns.add("id");
        for (FieldSpec field : type.fields()) {
            if (viewers.stream().allMatch(role -> field.visibility().visibleTo(role))) {
                columns.add(SECRETS.getOrDefault(field.name(), field.name()));
            }
        }
        for (CustomField field : custom) {
            if (viewers.stream().allMatch(field::visibleTo)) {
                columns.add(field.key());
            }
        }
        columns.add("createdAt");
        columns.add("updatedAt");
        columns.add("syncStatus");
        return columns;
    }

    /**
     * The record's values of exactly these columns, in order; a value the record lacks is null. A
     * {@code custom.<name>} column is read from the record's {@code custom} member.
     */
    public static ObjectNode select(JsonNode record, List<String> columns) {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        for (String column : columns) {
            JsonNode value = CustomValues.isKey(column)
                    ? record.path(CustomValues.MEMBER).get(CustomValues.nameOf(column))
                    : record.get(column);
            row.set(column, value == null ? NullNode.getInstance() : value);
        }
        return row;
    }
}
