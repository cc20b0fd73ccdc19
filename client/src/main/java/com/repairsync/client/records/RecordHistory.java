package com.repairsync.client.records;

import com.repairsync.protocol.HistoryEntry;
import java.util.List;

/**
 * A page of one record's history ({@link Repository#history}), newest first, and where it came
 * from: the server's complete history, or, while the server cannot be reached, the recent history a
 * manager's device keeps offline (the last {@link #windowDays()} days, as of the last sync).
 *
 * @param entity the record's entity
 * @param recordId the record
 * @param entries newest first; turn them into sentences with {@link com.repairsync.client.HistoryText}
 * @param before the {@code before} of the next (older) page, or null if this is the last
 * @param source {@link Source#SERVER} or {@link Source#DEVICE}
 * @param windowDays how many days of history the device keeps (0 for the server's complete history)
 */
public record RecordHistory(
        String entity, String recordId, List<HistoryEntry> entries, Long before, Source source, int windowDays) {

    /** Where a history page came from. */
    public enum Source {
        /** The server: the record's complete history. */
        SERVER,
        /** The device's offline copy: only the last {@link #windowDays()} days, as of its last sync. */
        DEVICE
    }

    public RecordHistory {
        entries = List.copyOf(entries);
    }

    /** True when this is the server's complete history, false for the device's recent copy. */
    public boolean complete() {
        return source == Source.SERVER;
    }
}
