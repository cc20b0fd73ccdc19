package com.repairsync.server.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.FieldType;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.server.store.StoreTx;
import com.repairsync.server.store.StoredRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Changes a removed device sends up after an erasure (it was offline when the customer was
 * erased): those about erased records are held without their personal values, as an erasure
 * leaves the changes held before it ({@link ValueScrubber#held}), so no value comes back through
 * the review queue.
 */
public final class ErasedHeldChanges {
    private ErasedHeldChanges() {}

    /**
     * The mutations as they may be held: each unchanged, or without the personal values of an erased
     * record it changes or (a new record) names. Reads, per entity at once, which of the records
     * they name are erased.
     */
    public static List<String> scrub(StoreTx tx, String shopId, List<ObjectNode> mutations) {
        Map<EntityType, Set<String>> named = new HashMap<>();
        for (ObjectNode mutation : mutations) {
            Optional<EntityType> type = Schema.entity(mutation.path("entity").asText(null));
            if (type.isEmpty()) {
                continue;
            }
            canonical(mutation.get("recordId")).ifPresent(id -> named.computeIfAbsent(type.get(), t -> new HashSet<>())
                    .add(id));
            JsonNode fields = mutation.path("fields");
            for (FieldSpec field : type.get().fields()) {
                if (field.type() == FieldType.REFERENCE) {
                    EntityType target = Schema.entity(field.references()).orElseThrow();
                    canonical(fields.get(field.name()))
                            .ifPresent(id -> named.computeIfAbsent(target, t -> new HashSet<>())
                                    .add(id));
                }
            }
        }
        Map<EntityType, Set<String>> erased = new HashMap<>();
        named.forEach((type, ids) -> {
            Set<String> ofType = new HashSet<>(tx.erasures().erasedIds(type, shopId, ids));
            tx.findRecords(type, shopId, ids).values().stream()
                    .filter(record -> record.state().erased())
                    .map(StoredRecord::id)
                    .forEach(ofType::add);
            erased.put(type, ofType);
        });
        List<String> held = new ArrayList<>(mutations.size());
        for (ObjectNode mutation : mutations) {
            String text = mutation.toString();
            held.add(ValueScrubber.held(text, (type, id) -> erased.getOrDefault(type, Set.of())
                            .contains(id))
                    .orElse(text));
        }
        return held;
    }

    private static Optional<String> canonical(JsonNode id) {
        return id != null && id.isTextual() ? FieldSpec.canonicalUuid(id.textValue()) : Optional.empty();
    }
}
