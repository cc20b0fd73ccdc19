package com.repairsync.server.erasure;

import com.repairsync.protocol.HlcClock;
import com.repairsync.protocol.merge.MergeOutcome;
import com.repairsync.protocol.merge.RecordState;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.server.store.StoreTx;
import com.repairsync.server.store.StoredRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Erases records as a push creates them, when they belong to an erasure: a record the {@code
 * erasures} table names but the database lacks (erased, then lost to a restore of an older
 * database, and now sent again by a device that kept its create), or a new record naming an erased
 * customer (a ticket a device made offline before the erasure) or, holding files, an erased owner.
 * Such a record arrives with its personal fields erased and marked erased (holding files: deleted
 * too), so no device's resend brings an erased value back; the fields the mutation set are
 * reported superseded. One instance serves one push batch.
 */
public final class ErasedArrivals {
    private final StoreTx tx;
    private final String shopId;
    private final BiFunction<EntityType, String, Optional<StoredRecord>> lookup;
    /** Ids whose erasure was looked up, and those of them found erased, by entity. */
    private final Map<EntityType, Set<String>> lookedUp = new HashMap<>();

    private final Map<EntityType, Set<String>> erased = new HashMap<>();

    /**
     * @param lookup finds a record of the shop as the batch last saw or wrote it (the records a
     *     mutation names are read with the batch)
     */
    public ErasedArrivals(StoreTx tx, String shopId, BiFunction<EntityType, String, Optional<StoredRecord>> lookup) {
        this.tx = tx;
        this.shopId = shopId;
        this.lookup = lookup;
    }

    /** Looks up at once, per entity, which of the records a batch may create were erased before. */
    public void readErased(Map<EntityType, ? extends Collection<String>> creatable) {
        creatable.forEach((type, ids) -> {
            if (!ids.isEmpty()) {
                lookedUp.computeIfAbsent(type, t -> new HashSet<>()).addAll(ids);
                erased.computeIfAbsent(type, t -> new HashSet<>())
                        .addAll(tx.erasures().erasedIds(type, shopId, ids));
            }
        });
    }

    /**
     * The outcome of creating a record, erased if the record belongs to an erasure, else as it was.
     *
     * @param clock the shop's server clock: the erased fields' HLC comes after the create's
     */
    public MergeOutcome arrive(EntityType type, String recordId, MergeOutcome created, HlcClock clock) {
        RecordState state = created.state();
        if (!created.created() || state.erased()) {
            return created;
        }
        if (!wasErased(type, recordId)
                && !ErasureCascade.namesErased(type, state.values(), (target, id) -> lookup.apply(target, id))) {
            return created;
        }
        state.fieldHlcs().values().forEach(clock::receive);
        RecordState erasedState = Eraser.erasedState(type, state, clock.now());
        List<String> superseded = new ArrayList<>(created.superseded());
        for (FieldSpec field : type.personalFields()) {
            Object value = state.value(field.name());
            if (value != null && !Objects.equals(value, field.erasedValue()) && !superseded.contains(field.name())) {
                superseded.add(field.name());
            }
        }
        if (type.customValuesArePersonal()) {
            for (String key : Eraser.customKeys(state)) {
                if (state.value(key) != null && !superseded.contains(key)) {
                    superseded.add(key);
                }
            }
        }
        return new MergeOutcome(erasedState, true, true, List.copyOf(superseded));
    }

    private boolean wasErased(EntityType type, String recordId) {
        if (!lookedUp.getOrDefault(type, Set.of()).contains(recordId)) {
            readErased(Map.of(type, List.of(recordId)));
        }
        return erased.getOrDefault(type, Set.of()).contains(recordId);
    }
}
