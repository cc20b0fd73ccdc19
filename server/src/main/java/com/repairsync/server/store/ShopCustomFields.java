package com.repairsync.server.store;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.schema.CustomField;
import com.repairsync.protocol.schema.CustomFieldSet;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A shop's custom field declarations ({@link Schema#CUSTOM_FIELDS}) as the server checks values
 * and decides visibility by them: read from the shop's {@code custom_fields} rows in the caller's
 * transaction (a few rows per shop, one query).
 */
public final class ShopCustomFields {
    private ShopCustomFields() {}

    /** The shop's declarations, removed ones too; a declaration this server cannot read is left out. */
    public static CustomFieldSet of(StoreTx tx, String shopId) {
        List<CustomField> declared = new ArrayList<>();
        for (StoredRecord record : tx.allRecords(Schema.CUSTOM_FIELDS, shopId)) {
            declaration(record).ifPresent(declared::add);
        }
        return CustomFieldSet.of(declared);
    }

    /** The declaration a stored {@code customFields} record holds; empty for a deleted or unreadable one. */
    public static Optional<CustomField> declaration(StoredRecord record) {
        if (record.state().deleted()) {
            return Optional.empty();
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        for (FieldSpec field : Schema.CUSTOM_FIELDS.fields()) {
            Object value = record.state().value(field.name());
            if (value instanceof Long number) {
                json.put(field.name(), number);
            } else if (value instanceof Boolean bool) {
                json.put(field.name(), bool);
            } else if (value != null) {
                json.put(field.name(), value.toString());
            }
        }
        return CustomField.fromRecord(record.id(), json);
    }
}
