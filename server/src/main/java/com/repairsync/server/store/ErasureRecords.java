package com.repairsync.server.store;

import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * What erasing a customer reads and rewrites inside one write transaction ({@link StoreTx#erasures()}):
 * the records that name it, the history and held changes that hold its values, the files no live
 * record names any more, and the {@code erasures} table. Every method acts for one shop only.
 */
public interface ErasureRecords {

    /**
     * The ids of the shop's records of {@code type} whose reference {@code field} names one of
     * {@code targetIds}: deleted and erased records too.
     */
    List<String> idsReferencing(EntityType type, FieldSpec field, String shopId, Collection<String> targetIds);

    /** One row of a record's history: its sequence and its changes (a JSON array of field changes). */
    record HistoryChanges(long seq, String changesJson) {}

    /** The record's history rows with a sequence after {@code afterSeq}, oldest first, at most {@code limit}. */
    List<HistoryChanges> history(String shopId, String entity, String recordId, long afterSeq, int limit);

    /** Replaces the changes of one history row. */
    void rewriteHistory(String shopId, long seq, String changesJson);

    /**
     * The shop's held changes (what revoked devices sent up) whose mutation text holds one of these
     * ids, compared case-insensitively: a candidate list for the caller to check exactly.
     */
    List<HeldChangeRow> heldNaming(String shopId, Collection<String> recordIds);

    /** Replaces the mutation text of one held change, keeping how (and whether) it was resolved. */
    void rewriteHeld(String shopId, String deviceId, String mutationId, String mutationJson);

    /** Whether a record of the shop that is neither deleted nor erased names this file in a file field. */
    boolean fileInUse(String shopId, String hash);

    /** Notes that a record was erased, by whom and when; nothing changes if it was noted before. */
    void noteErased(String shopId, String entity, String recordId, String erasedBy, Instant erasedAt);

    /** Those of these ids of the shop's records of {@code type} that are noted erased. */
    Set<String> erasedIds(EntityType type, String shopId, Collection<String> recordIds);
}
