package com.repairsync.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.client.InvalidRecordException;
import com.repairsync.protocol.CustomValues;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.schema.CustomField;
import com.repairsync.protocol.schema.CustomFieldSet;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.Schema;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shop's own fields as this device knows them (wire version 8): the {@code customFields}
 * records it holds, its own unsynced declarations and changes included, read as the {@link
 * CustomFieldSet} that writes are checked against. A declaration this version cannot read (a type
 * from a newer server) is left out: values of it are kept, never checked or shown.
 */
public final class DeviceCustomFields {
    private DeviceCustomFields() {}

    /** The declarations the device holds, as they show (local changes on top of the server's). */
    public static CustomFieldSet read(LocalDatabase.Tx tx) throws SQLException {
        List<CustomField> fields = new ArrayList<>();
        for (Records.Row row : Records.where(tx, Schema.CUSTOM_FIELDS.name(), "1 = 1")) {
            if (row.view() != null) {
                CustomField.fromRecord(row.id(), row.view()).ifPresent(fields::add);
            }
        }
        return CustomFieldSet.of(fields);
    }

    /**
     * The declarations the acting employee may see: a managers-only field only for a manager or an
     * admin (its values never reach other roles' devices; a form does not show it to them either).
     */
    public static CustomFieldSet seenByActing(LocalDatabase.Tx tx) throws SQLException {
        CustomFieldSet all = read(tx);
        if (all.isEmpty()) {
            return all; // also on a device that has not joined, which acts for nobody
        }
        Role role = ActingEmployees.roleOf(tx, ActingEmployees.acting(tx));
        List<CustomField> seen = new ArrayList<>();
        for (String entity : CustomField.ENTITIES) {
            seen.addAll(all.visibleTo(entity, role));
        }
        return CustomFieldSet.of(seen);
    }

    /**
     * Fields given by wire name as the JSON an upsert carries; a {@code custom} map becomes the
     * {@code custom} member (a {@link java.time.LocalDate} as its {@code 2027-03-01} text).
     */
    public static ObjectNode wireFields(Map<String, ?> fields) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        fields.forEach((name, value) -> json.set(name, wireValue(name, value)));
        return json;
    }

    private static JsonNode wireValue(String name, Object value) {
        if (!CustomValues.MEMBER.equals(name) || !(value instanceof Map<?, ?> custom)) {
            return Json.wire(value);
        }
        ObjectNode member = Json.MAPPER.createObjectNode();
        custom.forEach((key, v) -> member.set(
                String.valueOf(key), Json.wire(v instanceof java.time.LocalDate date ? date.toString() : v)));
        return member;
    }

    /**
     * Refuses a new record without a value for an active required field of its entity, naming the
     * first such field ({@code custom.<name>}). The server does not refuse it: a device that did not
     * yet know the field was required must not lose the record it saved.
     *
     * @throws InvalidRecordException naming {@code custom.<name>}
     */
    static void checkRequired(CustomFieldSet customs, EntityType type, Map<String, Object> values) {
        for (CustomField field : customs.active(type.name())) {
            if (field.required() && values.get(field.key()) == null) {
                throw new InvalidRecordException(
                        field.key(),
                        field.label() + " (" + field.key() + ") is required: a new " + type.name()
                                + " record needs a value for it");
            }
        }
    }

    /** A create's values without the custom values it leaves unset (null: nothing to clear yet). */
    static Map<String, Object> withoutUnsetCustomValues(Map<String, Object> values) {
        values.entrySet().removeIf(entry -> CustomValues.isKey(entry.getKey()) && entry.getValue() == null);
        return values;
    }
}
