package com.repairsync.server.sync;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.WireInstant;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.server.store.StoredRecord;
import java.time.Instant;

/**
 * Renders a stored record as the wire JSON a role may see: hidden fields are left out entirely.
 * A pull has the database render the same JSON (see {@code RecordTable}); {@code PulledJsonIT}
 * holds the two to agreement.
 */
public final class RecordJson {
    private RecordJson() {}

    public static ObjectNode render(EntityType type, StoredRecord record, Role viewer) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", record.id());
        for (FieldSpec field : type.fields()) {
            if (!field.visibility().visibleTo(viewer)) {
                continue;
            }
            Object value = record.state().value(field.name());
            if (value == null) {
                json.putNull(field.name());
            } else if (value instanceof Long number) {
                json.put(field.name(), number);
            } else if (value instanceof Boolean bool) {
                json.put(field.name(), bool);
            } else if (value instanceof Instant instant) {
                json.put(field.name(), WireInstant.format(instant));
            } else {
                json.put(field.name(), value.toString());
            }
        }
        json.put("createdAt", WireInstant.format(record.createdAt()));
        json.put("updatedAt", WireInstant.format(record.updatedAt()));
        return json;
    }
}
