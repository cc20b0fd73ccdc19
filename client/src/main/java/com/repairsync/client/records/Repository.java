package com.repairsync.client.records;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.client.internal.DeviceCore;
import com.repairsync.client.internal.Json;
import com.repairsync.protocol.schema.EntityType;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes one entity. Field names and values are those of the wire (see docs/api.md);
 * Java values may be String, Number, Boolean or Instant.
 *
 * @param <T> the typed record
 */
public class Repository<T> {
    private final DeviceCore core;
    private final EntityType type;
    private final Class<T> recordClass;

    Repository(DeviceCore core, EntityType type, Class<T> recordClass) {
        this.core = core;
        this.type = type;
        this.recordClass = recordClass;
    }

    /**
     * Creates a record with a new id and queues it for the server.
     *
     * @return the new record's id
     * @throws com.repairsync.client.InvalidRecordException naming the field if a value is invalid
     *     or a required field is missing
     * @throws com.repairsync.client.PermissionDeniedException if the acting employee may not
     */
    public String create(Map<String, ?> fields) {
        return core.create(type, fields);
    }

    /**
     * Sets some fields of a record and queues the change.
     *
     * @throws com.repairsync.client.RecordNotFoundException if the record is not on this device
     */
    public void update(String id, Map<String, ?> fields) {
        core.update(type, id, fields);
    }

    /** Deletes a record; the deletion wins over concurrent edits elsewhere. */
    public void delete(String id) {
        core.delete(type, id);
    }

    public Optional<T> get(String id) {
        return core.view(type, id).map(this::typed);
    }

    public List<T> all() {
        return list("1 = 1");
    }

    /** Records whose rebased view matches a condition over {@code json_extract(view, '$.field')}. */
    protected List<T> list(String condition, Object... params) {
        return core.query(type, condition, params).stream().map(this::typed).toList();
    }

    protected List<T> sorted(List<T> records, Comparator<T> order) {
        return records.stream().sorted(order).toList();
    }

    protected DeviceCore core() {
        return core;
    }

    private T typed(ObjectNode view) {
        return Json.MAPPER.convertValue(view, recordClass);
    }

    /** {@code json_extract(view, '$.field')}: the SQL of a field of the rebased view. */
    protected static String field(String name) {
        return "json_extract(view, '$." + name + "')";
    }
}
