package com.repairsync.server.sync;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.CustomValues;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.WireInstant;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.server.store.CustomView;
import com.repairsync.server.store.StoredRecord;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a stored record as the wire JSON a role may see: hidden fields are left out entirely.
 * A pull has the database render the same JSON (see {@code RecordTable}); {@code PulledJsonIT}
 * holds the two to agreement. An entity that takes custom fields ends with its {@code custom}
 * member (wire version 8): the values the view shows, by field name in name order, nulls left out.
 */
public final class RecordJson {
    private RecordJson() {}

    /** The record with every custom value. */
    public static ObjectNode render(EntityType type, StoredRecord record, Role viewer) {
        return render(type, record, viewer, CustomView.ALL);
    }

    public static ObjectNode render(EntityType type, StoredRecord record, Role viewer, CustomView view) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", record.id());
        for (FieldSpec field : type.fields()) {
            if (!field.visibility().visibleTo(viewer)) {
                continue;
            }
            Object value = record.state().value(field.name());
            if (value == null) {
                json.putNull(field.name());
            } else {
                put(json, field.name(), value);
            }
        }
        json.put("createdAt", WireInstant.format(record.createdAt()));
        json.put("updatedAt", WireInstant.format(record.updatedAt()));
        if (type.allowsCustomFields() && view.included()) {
            ObjectNode custom = json.putObject(CustomValues.MEMBER);
            Map<String, Object> byName = new TreeMap<>();
            record.state().values().forEach((key, value) -> {
                if (value != null && CustomValues.isKey(key) && view.shows(CustomValues.nameOf(key))) {
                    byName.put(CustomValues.nameOf(key), value);
                }
            });
            byName.forEach((name, value) -> put(custom, name, value));
        }
        return json;
    }

    private static void put(ObjectNode json, String name, Object value) {
        if (value instanceof Long number) {
            json.put(name, number);
        } else if (value instanceof Boolean bool) {
            json.put(name, bool);
        } else if (value instanceof Instant instant) {
            json.put(name, WireInstant.format(instant));
        } else {
            json.put(name, value.toString());
        }
    }
}
