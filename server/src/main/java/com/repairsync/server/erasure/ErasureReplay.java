package com.repairsync.server.erasure;

import com.repairsync.protocol.HlcClock;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.server.files.FileBytes;
import com.repairsync.server.store.Store;
import com.repairsync.server.store.StoreTx;
import com.repairsync.server.store.StoredRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the erasure log to the database again: after {@code repairsync restore} and at every
 * server start, so a database restored from before an erasure (a SQLite backup, or PostgreSQL
 * restored with its own tools) never serves the erased values. Cheap when nothing needs it: the log
 * is read in chunks and each shop's entries are looked up in the {@code erasures} table at once.
 *
 * <p>An entry whose record the database has and has not erased is erased again (with what it takes
 * with it), as its admin at the time; one whose record the database lacks is only noted in {@code
 * erasures}, so that when a device sends that record again, it arrives erased ({@link
 * ErasedArrivals}); one of a shop the database lacks is skipped (that shop is gone with the restore).
 */
public final class ErasureReplay {
    private static final Logger log = LoggerFactory.getLogger(ErasureReplay.class);

    private ErasureReplay() {}

    /**
     * What a replay did.
     *
     * @param entries the log's entries
     * @param erased records erased again
     * @param noted entries whose record the database lacks, noted in {@code erasures}
     * @param skipped entries of shops the database lacks
     */
    public record Result(int entries, int erased, int noted, int skipped) {}

    /**
     * Applies every entry of the log that the database does not show, then scrubs the database's
     * freed space if anything was erased.
     *
     * @throws IllegalStateException if the log has an unreadable line
     */
    public static Result apply(
            ErasureLog erasureLog,
            Store store,
            Function<String, HlcClock> serverClock,
            Clock clock,
            FileBytes bytes,
            Runnable scrubFreedSpace) {
        int[] counts = new int[4];
        erasureLog.forEachChunk(chunk -> {
            counts[0] += chunk.size();
            Map<String, List<ErasureLog.Entry>> byShop = chunk.stream()
                    .collect(Collectors.groupingBy(ErasureLog.Entry::shopId, LinkedHashMap::new, Collectors.toList()));
            byShop.forEach((shopId, entries) -> {
                int[] shop = store.write(tx -> applyShop(tx, shopId, entries, serverClock, clock, bytes));
                for (int i = 0; i < 3; i++) {
                    counts[i + 1] += shop[i];
                }
            });
        });
        Result result = new Result(counts[0], counts[1], counts[2], counts[3]);
        if (result.erased() > 0) {
            scrubFreedSpace.run();
            log.warn(
                    "the database did not show {} erased records of the erasure log {} (it was restored from"
                            + " before their erasure): they were erased again",
                    result.erased(),
                    erasureLog.file());
        }
        if (result.skipped() > 0) {
            log.info("erasure log: {} entries name shops this database does not have; skipped", result.skipped());
        }
        return result;
    }

    /** One shop's entries of a chunk, in one transaction: {erased again, noted, skipped}. */
    private static int[] applyShop(
            StoreTx tx,
            String shopId,
            List<ErasureLog.Entry> entries,
            Function<String, HlcClock> serverClock,
            Clock clock,
            FileBytes bytes) {
        if (!tx.shopExists(shopId)) {
            return new int[] {0, 0, entries.size()};
        }
        Map<EntityType, Map<String, ErasureLog.Entry>> byEntity = new LinkedHashMap<>();
        for (ErasureLog.Entry entry : entries) {
            EntityType type = Schema.entity(entry.entity()).orElseThrow();
            byEntity.computeIfAbsent(type, t -> new LinkedHashMap<>()).put(entry.recordId(), entry);
        }
        int erased = 0;
        int noted = 0;
        Instant now = clock.instant();
        Set<String> unusedFiles = new LinkedHashSet<>();
        for (Map.Entry<EntityType, Map<String, ErasureLog.Entry>> ofType : byEntity.entrySet()) {
            EntityType type = ofType.getKey();
            Set<String> shown =
                    tx.erasures().erasedIds(type, shopId, ofType.getValue().keySet());
            List<String> missing = new ArrayList<>(ofType.getValue().keySet());
            missing.removeAll(shown);
            if (missing.isEmpty()) {
                continue;
            }
            Map<String, StoredRecord> records = tx.findRecords(type, shopId, missing);
            for (String id : missing) {
                ErasureLog.Entry entry = ofType.getValue().get(id);
                // Read again: an earlier entry's cascade may have erased it in this transaction.
                StoredRecord record = records.containsKey(id)
                        ? tx.findRecord(type, shopId, id).orElseThrow()
                        : null;
                // Noted with the time of the erasure itself; what it takes with it, with the time of this replay.
                tx.erasures().noteErased(shopId, type.name(), id, entry.erasedBy(), entry.erasedAt());
                if (record == null) {
                    noted++;
                    continue;
                }
                Eraser.Result result = new Eraser(tx, shopId, serverClock.apply(shopId), now, entry.erasedBy(), null)
                        .erase(type, record);
                erased += result.erased().size();
                unusedFiles.addAll(result.unusedFiles());
            }
        }
        // Last: nothing after this can fail but the commit itself.
        unusedFiles.forEach(hash -> bytes.deleteWithin(tx, shopId, hash));
        return new int[] {erased, noted, 0};
    }
}
