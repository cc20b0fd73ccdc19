package com.repairsync.server.erasure;

import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.FieldType;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.server.ApiException;
import com.repairsync.server.store.StoreTx;
import com.repairsync.server.store.StoredRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which records erasing a record takes with it, read from the entities' declarations: the erased
 * record itself; when it is the erasure's subject (a customer), every record naming it in a
 * reference field to its entity (the customer's tickets, appointments and attachments); and,
 * repeatedly, every record with file fields owned by a record taken (the attachments of the
 * customer's tickets). Deleted and already erased records are taken too: they may still hold
 * values, or files.
 */
final class ErasureCascade {
    /** The entity an admin erases (the "erasing a customer"); its records are erasure subjects. */
    static final EntityType SUBJECT = Schema.CUSTOMERS;

    /** Most records one erasure takes: they are held in memory and written in one transaction. */
    static final int MAX_RECORDS = 20_000;

    private ErasureCascade() {}

    /**
     * The records erasing {@code root} takes, by entity in the order found, the root first.
     *
     * @throws ApiException {@code conflict} past {@value #MAX_RECORDS} records
     */
    static Map<EntityType, Map<String, StoredRecord>> of(
            StoreTx tx, String shopId, EntityType type, StoredRecord root) {
        Map<EntityType, Map<String, StoredRecord>> taken = new LinkedHashMap<>();
        taken.computeIfAbsent(type, t -> new LinkedHashMap<>()).put(root.id(), root);
        if (type == SUBJECT) {
            for (EntityType other : Schema.entities()) {
                for (FieldSpec field : other.fields()) {
                    if (references(field, type)) {
                        take(
                                tx,
                                shopId,
                                other,
                                tx.erasures().idsReferencing(other, field, shopId, List.of(root.id())),
                                taken);
                    }
                }
            }
        }
        boolean grew = true;
        while (grew) {
            grew = false;
            for (EntityType owned : Schema.entities()) {
                if (!holdsFiles(owned)) {
                    continue;
                }
                for (String ownerField : owned.ownerFields()) {
                    FieldSpec field = owned.field(ownerField).orElseThrow();
                    EntityType owner = Schema.entity(field.references()).orElseThrow();
                    Map<String, StoredRecord> owners = taken.get(owner);
                    if (owners == null || owners.isEmpty()) {
                        continue;
                    }
                    List<String> ids = tx.erasures().idsReferencing(owned, field, shopId, List.copyOf(owners.keySet()));
                    grew |= take(tx, shopId, owned, ids, taken);
                }
            }
        }
        return taken;
    }

    /** Whether a field is a reference to records of {@code target}. */
    static boolean references(FieldSpec field, EntityType target) {
        return field.type() == FieldType.REFERENCE && target.name().equals(field.references());
    }

    /** Whether an entity's records name files (their bytes go with an erasure). */
    static boolean holdsFiles(EntityType type) {
        return type.fields().stream().anyMatch(field -> field.type() == FieldType.FILE);
    }

    /** The files a record names, in its file fields. */
    static List<String> files(EntityType type, StoredRecord record) {
        List<String> hashes = new ArrayList<>();
        for (FieldSpec field : type.fields()) {
            if (field.type() == FieldType.FILE && record.state().value(field.name()) instanceof String hash) {
                hashes.add(hash);
            }
        }
        return hashes;
    }

    /**
     * Whether a new record goes erased because of a record it names: it names an erased subject
     * (a ticket of an erased customer), or, holding files, its erased owner. {@code lookup} finds a
     * named record of the shop.
     */
    static boolean namesErased(EntityType type, Map<String, Object> values, RecordLookup lookup) {
        for (FieldSpec field : type.fields()) {
            if (field.type() != FieldType.REFERENCE || !(values.get(field.name()) instanceof String id)) {
                continue;
            }
            EntityType target = Schema.entity(field.references()).orElseThrow();
            boolean counts =
                    target == SUBJECT || holdsFiles(type) && type.ownerFields().contains(field.name());
            if (counts
                    && lookup.find(target, id).filter(r -> r.state().erased()).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** Finds a record of the shop by entity and id. */
    @FunctionalInterface
    interface RecordLookup {
        Optional<StoredRecord> find(EntityType type, String recordId);
    }

    private static boolean take(
            StoreTx tx,
            String shopId,
            EntityType type,
            List<String> ids,
            Map<EntityType, Map<String, StoredRecord>> taken) {
        Map<String, StoredRecord> ofType = taken.computeIfAbsent(type, t -> new LinkedHashMap<>());
        List<String> fresh = ids.stream().filter(id -> !ofType.containsKey(id)).toList();
        if (fresh.isEmpty()) {
            return false;
        }
        int count = taken.values().stream().mapToInt(Map::size).sum() + fresh.size();
        if (count > MAX_RECORDS) {
            throw new ApiException(
                    ErrorCode.CONFLICT,
                    null,
                    "this erasure would change more than " + MAX_RECORDS + " records, more than one step may;"
                            + " nothing was erased");
        }
        Map<String, StoredRecord> found = tx.findRecords(type, shopId, fresh);
        for (String id : fresh) {
            StoredRecord record = found.get(id);
            if (record == null) {
                throw new IllegalStateException(type.name() + "/" + id + " was named but not found in one transaction");
            }
            ofType.put(id, record);
        }
        return true;
    }
}
