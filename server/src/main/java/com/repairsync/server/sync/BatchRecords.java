package com.repairsync.server.sync;

import com.repairsync.protocol.Change;
import com.repairsync.protocol.CustomValues;
import com.repairsync.protocol.RecordText;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.WireVersions;
import com.repairsync.protocol.schema.CustomField;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.FieldType;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.protocol.schema.Visibility;
import com.repairsync.server.store.CustomView;
import com.repairsync.server.store.StoreTx;
import com.repairsync.server.store.StoredRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The records a push batch reads and writes, as it last saw or wrote them, so a batch reads the
 * records it names in one query per entity instead of one or more per mutation; and what the
 * committed batch changed, for realtime.
 */
final class BatchRecords {
    /** Most changed records a commit's realtime message carries; larger commits send only the cursor. */
    static final int MAX_CARRIED = 100;

    private final StoreTx tx;
    private final String shopId;
    /** Records by entity and id (empty: not in the shop). */
    private final Map<EntityType, Map<String, Optional<StoredRecord>>> records = new HashMap<>();
    /** Records written by the unit being applied: forgotten if the unit is rolled back. */
    private final List<Map.Entry<EntityType, String>> writtenInUnit = new ArrayList<>();
    /**
     * Records this batch wrote, in order of first write, rolled back or not: those it kept are the
     * ones whose sequence is now past the batch's starting cursor.
     */
    private final Set<Map.Entry<EntityType, String>> written = new LinkedHashSet<>();

    BatchRecords(StoreTx tx, String shopId) {
        this.tx = tx;
        this.shopId = shopId;
    }

    /** Reads, per entity, every record the mutations name as their record or in a reference field. */
    void readNamed(Collection<PushedMutation> mutations) {
        Map<EntityType, Set<String>> named = new HashMap<>();
        for (PushedMutation mutation : mutations) {
            named.computeIfAbsent(mutation.type(), t -> new HashSet<>()).add(mutation.recordId());
            mutation.fields().forEach((name, value) -> {
                FieldSpec field = mutation.type().field(name).orElse(null);
                if (field != null && field.type() == FieldType.REFERENCE && value instanceof String id) {
                    EntityType target = Schema.entity(field.references()).orElseThrow();
                    named.computeIfAbsent(target, t -> new HashSet<>()).add(id);
                }
            });
        }
        named.forEach((type, ids) -> {
            Map<String, Optional<StoredRecord>> known = records.computeIfAbsent(type, t -> new HashMap<>());
            Map<String, StoredRecord> found = tx.findRecords(type, shopId, ids);
            ids.forEach(id -> known.put(id, Optional.ofNullable(found.get(id))));
        });
    }

    /** A record of the shop as this batch last saw or wrote it. */
    Optional<StoredRecord> get(EntityType type, String recordId) {
        Map<String, Optional<StoredRecord>> known = records.computeIfAbsent(type, t -> new HashMap<>());
        Optional<StoredRecord> record = known.get(recordId);
        if (record == null) {
            record = tx.findRecord(type, shopId, recordId);
            known.put(recordId, record);
        }
        return record;
    }

    /** Saves a record written by the unit being applied. */
    void save(EntityType type, StoredRecord record) {
        tx.saveRecord(type, shopId, record);
        records.computeIfAbsent(type, t -> new HashMap<>()).put(record.id(), Optional.of(record));
        writtenInUnit.add(Map.entry(type, record.id()));
        written.add(Map.entry(type, record.id()));
    }

    /** The unit ended: its writes stay, or were rolled back and are forgotten (read again when needed). */
    void unitEnded(boolean rolledBack) {
        if (rolledBack) {
            writtenInUnit.forEach(key -> records.get(key.getKey()).remove(key.getValue()));
        }
        writtenInUnit.clear();
    }

    /**
     * What the batch changed, for the realtime hub to carry to devices so they need not pull: null
     * when it is more than {@link #MAX_CARRIED} records or touched an entity with fields only some
     * roles may see (those devices pull and get their own view), or an entity newer than the first
     * wire version (an older device's pull leaves it out). Records of an entity that takes custom
     * fields go to devices of wire version 8 on with their {@code custom} member, to older ones
     * without it; not at all to the newer ones when the shop hides a field's values from some
     * roles ({@code hidesCustom}). Read inside the transaction, after the last unit, so every
     * record is as it will commit.
     *
     * @param hidesCustom whether a custom field of the entity is hidden from some role
     */
    CarriedChanges carriedChanges(long fromCursor, Predicate<EntityType> hidesCustom) {
        List<Map.Entry<EntityType, StoredRecord>> kept = new ArrayList<>();
        for (Map.Entry<EntityType, String> key : written) {
            // A rolled-back write left the record as it was before the batch (read again), or absent.
            get(key.getKey(), key.getValue())
                    .filter(record -> record.seq() > fromCursor)
                    .ifPresent(record -> kept.add(Map.entry(key.getKey(), record)));
            if (kept.size() > MAX_CARRIED) {
                return null;
            }
        }
        boolean custom = false;
        for (Map.Entry<EntityType, StoredRecord> entry : kept) {
            EntityType type = entry.getKey();
            if (!type.fields().stream().allMatch(field -> field.visibility() == Visibility.EVERYONE)) {
                return null;
            }
            if (type.sinceProtocol() > WireVersions.FIRST) {
                // A device older than the entity must never receive it: such commits send only the
                // cursor, and each device pulls what its version may see.
                return null;
            }
            custom |= type.allowsCustomFields();
        }
        List<Change> older = changes(kept, CustomView.OMITTED);
        if (!custom) {
            return CarriedChanges.forEvery(older);
        }
        boolean hidden = kept.stream()
                .anyMatch(entry -> entry.getKey().allowsCustomFields()
                        && hasCustomValues(entry.getValue())
                        && hidesCustom.test(entry.getKey()));
        return new CarriedChanges(hidden ? null : changes(kept, CustomView.ALL), older, CustomField.SINCE_PROTOCOL);
    }

    private static boolean hasCustomValues(StoredRecord record) {
        return record.state().values().keySet().stream().anyMatch(CustomValues::isKey);
    }

    private static List<Change> changes(List<Map.Entry<EntityType, StoredRecord>> kept, CustomView view) {
        List<Change> changes = new ArrayList<>(kept.size());
        for (Map.Entry<EntityType, StoredRecord> entry : kept) {
            EntityType type = entry.getKey();
            StoredRecord record = entry.getValue();
            boolean deleted = record.state().deleted();
            changes.add(new Change(
                    type.name(),
                    record.id(),
                    record.seq(),
                    deleted,
                    deleted ? null : RecordText.of(RecordJson.render(type, record, Role.FRONT_DESK, view)),
                    record.state().erased()));
        }
        changes.sort(Comparator.comparingLong(Change::seq));
        return changes;
    }
}
