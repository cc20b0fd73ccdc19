package com.repairsync.client.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.client.InvalidRecordException;
import com.repairsync.protocol.Hlc;
import com.repairsync.protocol.Operation;
import com.repairsync.protocol.Violation;
import com.repairsync.protocol.merge.Merge;
import com.repairsync.protocol.merge.MutationRules;
import com.repairsync.protocol.schema.CustomFieldSet;
import com.repairsync.protocol.schema.EntityType;
import java.util.Map;

/**
 * The canonical values of a local write, checked by the same rules as the server's ({@link
 * MutationRules}, {@link Merge}), a shop's own fields by its declarations: a bad value is refused
 * naming its field before anything is queued.
 */
final class WriteValues {
    private WriteValues() {}

    /**
     * Validated values for a new record, checked against the shop's declarations as the device
     * holds them in {@code tx} (the transaction that stores the record): an active required field
     * of the shop's own that the acting role sees needs a value too.
     */
    static Map<String, Object> creatable(LocalDatabase.Tx tx, EntityType type, String id, Map<String, ?> fields)
            throws java.sql.SQLException {
        CustomFieldSet customs = type.allowsCustomFields() ? DeviceCustomFields.read(tx) : CustomFieldSet.EMPTY;
        Map<String, Object> values = creatable(type, id, fields, customs);
        if (!customs.isEmpty()) {
            // Only the fields the acting role sees: a technician's form never shows a managers-only one.
            DeviceCustomFields.checkRequired(DeviceCustomFields.seenByActing(tx), type, values);
        }
        return values;
    }

    /** Validated values for a new record, with every required field present (the merge's own check). */
    static Map<String, Object> creatable(EntityType type, String id, Map<String, ?> fields, CustomFieldSet customs) {
        Map<String, Object> values = DeviceCustomFields.withoutUnsetCustomValues(validate(type, fields, customs));
        try {
            Merge.apply(type, null, Operation.UPSERT, values, null, new Hlc(0, 0, "check"), id);
        } catch (Violation violation) {
            throw new InvalidRecordException(violation.field(), violation.getMessage());
        }
        return values;
    }

    /** Validated values of the fields, by wire name ({@code custom} a map of the shop's own fields). */
    static Map<String, Object> validate(EntityType type, Map<String, ?> fields, CustomFieldSet customs) {
        ObjectNode json = DeviceCustomFields.wireFields(fields);
        try {
            return MutationRules.fields(type, json, customs);
        } catch (Violation violation) {
            throw new InvalidRecordException(violation.field(), violation.getMessage());
        }
    }
}
