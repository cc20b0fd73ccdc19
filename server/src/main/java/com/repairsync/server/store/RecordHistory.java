package com.repairsync.server.store;

import java.time.Instant;
import java.util.List;

/**
 * The shops' record history as a transaction reads and prunes it ({@link StoreTx#history()}); rows
 * are written with their changes by {@link StoreTx#insertHistory}.
 */
public interface RecordHistory {

    /** A record's rows with a sequence below {@code before}, newest first, at most {@code limit}. */
    List<HistoryRow> ofRecord(String shopId, String entity, String recordId, long before, int limit);

    /** The shop's rows that match every filter, newest first. */
    List<HistoryRow> audit(String shopId, AuditFilter filter);

    /**
     * The shop's rows with a sequence after {@code after}, written at or after {@code since}, oldest
     * first, at most {@code limit}.
     */
    List<HistoryRow> feed(String shopId, long after, Instant since, int limit);

    /**
     * Shops that hold history written before {@code before}: ids after {@code afterShop} (a UUID; the
     * nil UUID for the first page), ascending, at most {@code limit}.
     */
    List<String> shopsBefore(Instant before, String afterShop, int limit);

    /** Deletes up to {@code limit} of the shop's oldest rows written before {@code before}; how many. */
    int deleteBefore(String shopId, Instant before, int limit);
}
