package com.repairsync.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import java.util.List;
import java.util.Map;

/**
 * What the app sees of a record: the server's state with the device's own queued mutations
 * applied on top, in the order they were made. A local edit therefore never flickers away when a
 * pull brings an older server state, and a discarded mutation simply stops being applied.
 *
 * <p>The rules mirror the server's merge ({@code protocol} {@code Merge}) for writes that are newer
 * than anything the device has seen: upserts set their fields, adjusts add to counters, a delete
 * (local or pulled) hides the record, and edits of a hidden record change nothing; only a restore
 * (wire version 6) shows it again, with the values it had.
 */
public final class Rebase {
    private Rebase() {}

    /**
     * The rebased view; {@code deleted} means the app no longer sees the record. A deleted record
     * keeps its last values in {@code record} (null when the device never had any): they are what a
     * restore brings back, and what a "recently deleted" list shows.
     */
    public record View(ObjectNode record, boolean deleted) {}

    public static View apply(
            EntityType type, String id, ObjectNode base, boolean baseDeleted, List<OutboxEntry> queued) {
        ObjectNode view = base == null ? null : base.deepCopy();
        boolean deleted = baseDeleted;
        for (OutboxEntry entry : queued) {
            switch (entry.op()) {
                case UPSERT -> view = deleted ? view : upsert(type, id, view, entry.fields());
                case DELETE -> deleted = true;
                case ADJUST -> {
                    if (!deleted) {
                        adjust(view, entry.deltas());
                    }
                }
                // Merge: a restore brings the record back with the values it had; without them here
                // (a tombstone from before wire version 6) it shows once the server sends them.
                case RESTORE -> deleted = deleted && view == null;
            }
        }
        return new View(view, deleted || view == null);
    }

    private static ObjectNode upsert(EntityType type, String id, ObjectNode view, ObjectNode fields) {
        if (view == null) {
            view = Json.MAPPER.createObjectNode();
            view.put("id", id);
            for (FieldSpec field : type.fields()) {
                view.set(field.name(), Json.wire(field.defaultValue()));
            }
        }
        if (fields != null) {
            Json.setFields(view, fields, true); // custom values merge by name, as on the server
        }
        return view;
    }

    private static void adjust(ObjectNode view, Map<String, Long> deltas) {
        if (view == null || deltas == null) {
            return;
        }
        deltas.forEach((field, delta) -> {
            JsonNode current = view.get(field);
            long value = current == null || current.isNull() ? 0 : current.asLong();
            view.put(field, value + delta);
        });
    }
}
