package com.repairsync.server.erasure;

import com.repairsync.protocol.CustomValues;
import com.repairsync.protocol.Hlc;
import com.repairsync.protocol.HlcClock;
import com.repairsync.protocol.merge.RecordState;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.server.store.ErasureRecords;
import com.repairsync.server.store.FileRow;
import com.repairsync.server.store.HeldChangeRow;
import com.repairsync.server.store.HistoryRow;
import com.repairsync.server.store.StoreTx;
import com.repairsync.server.store.StoredRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Erases a record and what it takes with it ({@link ErasureCascade}) inside one write transaction:
 * each record's personal fields get their erased value and a new HLC, the record is marked erased
 * (a record holding files is deleted too) and takes the shop's next sequence; its history loses
 * the personal values and gains an {@code erase} row; held changes about it lose theirs; the {@code
 * erasures} table notes it; and the files only erased records named lose their rows. The files'
 * bytes are the caller's to remove ({@link Result#unusedFiles()}), once nothing else can fail.
 */
final class Eraser {
    /** History rows read at a time while their personal values are erased. */
    private static final int HISTORY_PAGE = 500;

    private final StoreTx tx;
    private final ErasureRecords rows;
    private final String shopId;
    private final HlcClock clock;
    private final Instant now;
    private final String actorId;
    private final String deviceId;

    /**
     * @param clock the shop's server clock: the erased fields' HLC comes after every HLC the records hold
     * @param actorId the admin who erases
     * @param deviceId the device they erase from (null when the server applies its erasure log)
     */
    Eraser(StoreTx tx, String shopId, HlcClock clock, Instant now, String actorId, String deviceId) {
        this.tx = tx;
        this.rows = tx.erasures();
        this.shopId = shopId;
        this.clock = clock;
        this.now = now;
        this.actorId = actorId;
        this.deviceId = deviceId;
    }

    /** A record this erasure changed. */
    record Erased(EntityType type, String recordId, long seq) {}

    /**
     * What an erasure did.
     *
     * @param erased the records it changed (none when all were erased before)
     * @param storedFiles how many stored files it deleted
     * @param unusedFiles the files no record that is live and not erased names any more: their bytes go
     */
    record Result(List<Erased> erased, int storedFiles, Set<String> unusedFiles) {}

    /** Erases {@code root} (of {@code type}) and the records it takes with it. */
    Result erase(EntityType type, StoredRecord root) {
        Map<EntityType, Map<String, StoredRecord>> taken = ErasureCascade.of(tx, shopId, type, root);
        taken.values().forEach(records -> records.values().forEach(record -> receive(record.state())));
        Hlc hlc = clock.now();
        List<Erased> erased = new ArrayList<>();
        List<HistoryRow> history = new ArrayList<>();
        for (Map.Entry<EntityType, Map<String, StoredRecord>> ofType : taken.entrySet()) {
            EntityType entity = ofType.getKey();
            for (StoredRecord record : ofType.getValue().values()) {
                scrubHistory(entity, record.id());
                rows.noteErased(shopId, entity.name(), record.id(), actorId, now);
                RecordState before = record.state();
                boolean holdsFiles = ErasureCascade.holdsFiles(entity);
                if (before.erased() && (!holdsFiles || before.deleted())) {
                    continue;
                }
                long seq = tx.nextSeq(shopId);
                tx.saveRecord(
                        entity,
                        shopId,
                        new StoredRecord(record.id(), seq, erasedState(entity, before, hlc), record.createdAt(), now));
                history.add(new HistoryRow(
                        shopId,
                        seq,
                        entity.name(),
                        record.id(),
                        "erase",
                        actorId,
                        deviceId,
                        null,
                        now,
                        ValueScrubber.erasedFields(entity, before)));
                erased.add(new Erased(entity, record.id(), seq));
            }
        }
        tx.insertHistory(history);
        scrubHeld(taken);
        return removeFiles(taken, erased);
    }

    /**
     * A record's state with every personal field erased under {@code hlc}, marked erased; a record
     * holding files is also deleted (its files go), unless it already was.
     */
    static RecordState erasedState(EntityType type, RecordState state, Hlc hlc) {
        Map<String, Object> values = new HashMap<>(state.values());
        Map<String, Hlc> hlcs = new HashMap<>(state.fieldHlcs());
        for (FieldSpec field : type.personalFields()) {
            Object erased = field.erasedValue();
            if (erased == null) {
                values.remove(field.name());
            } else {
                values.put(field.name(), erased);
            }
            hlcs.put(field.name(), hlc);
        }
        if (type.customValuesArePersonal()) {
            // A customer's own fields hold their data too: cleared, and no later write sets them.
            for (String key : customKeys(state)) {
                values.remove(key);
                hlcs.put(key, hlc);
            }
        }
        boolean delete = ErasureCascade.holdsFiles(type) && !state.deleted();
        return new RecordState(values, hlcs, state.deleted() || delete, delete ? hlc : state.deletedHlc(), true);
    }

    /** The custom value keys ({@code custom.<name>}) a record has values or HLCs under. */
    static Set<String> customKeys(RecordState state) {
        Set<String> keys = new java.util.TreeSet<>();
        state.values().keySet().stream().filter(CustomValues::isKey).forEach(keys::add);
        state.fieldHlcs().keySet().stream().filter(CustomValues::isKey).forEach(keys::add);
        return keys;
    }

    /** Moves the shop's clock past every HLC the record holds. */
    private void receive(RecordState state) {
        state.fieldHlcs().values().forEach(clock::receive);
        if (state.deletedHlc() != null) {
            clock.receive(state.deletedHlc());
        }
    }

    /** Rewrites the record's history rows that hold personal values. */
    private void scrubHistory(EntityType type, String recordId) {
        long after = 0;
        while (true) {
            List<ErasureRecords.HistoryChanges> page = rows.history(shopId, type.name(), recordId, after, HISTORY_PAGE);
            for (ErasureRecords.HistoryChanges row : page) {
                ValueScrubber.history(type, row.changesJson())
                        .ifPresent(changes -> rows.rewriteHistory(shopId, row.seq(), changes));
                after = row.seq();
            }
            if (page.size() < HISTORY_PAGE) {
                return;
            }
        }
    }

    /** Takes the personal values out of the held changes about the records taken. */
    private void scrubHeld(Map<EntityType, Map<String, StoredRecord>> taken) {
        List<String> ids = new ArrayList<>();
        taken.values().forEach(records -> ids.addAll(records.keySet()));
        for (HeldChangeRow held : rows.heldNaming(shopId, ids)) {
            ValueScrubber.held(held.mutation(), (type, id) -> taken.getOrDefault(type, Map.of())
                            .containsKey(id))
                    .ifPresent(mutation -> rows.rewriteHeld(shopId, held.deviceId(), held.mutationId(), mutation));
        }
    }

    /**
     * Deletes the rows of the files the taken records name that no live, not erased record of the
     * shop names any more (a photo another customer's attachment shares stays).
     */
    private Result removeFiles(Map<EntityType, Map<String, StoredRecord>> taken, List<Erased> erased) {
        Set<String> named = new LinkedHashSet<>();
        taken.forEach((type, records) ->
                records.values().forEach(record -> named.addAll(ErasureCascade.files(type, record))));
        Set<String> unused = new LinkedHashSet<>();
        int stored = 0;
        for (String hash : named) {
            if (rows.fileInUse(shopId, hash)) {
                continue;
            }
            Optional<FileRow> file = tx.findFile(shopId, hash);
            if (file.isPresent()) {
                tx.deleteFile(shopId, hash);
                stored += file.get().stored() ? 1 : 0;
            }
            unused.add(hash);
        }
        return new Result(List.copyOf(erased), stored, unused);
    }
}
