package com.repairsync.protocol;

import java.util.List;

/**
 * A page of history, newest first.
 *
 * @param entries at most the page's limit
 * @param before the {@code before} of the next (older) page, or null if this is the last
 */
public record HistoryPage(List<HistoryEntry> entries, Long before) {

    public HistoryPage {
        entries = List.copyOf(entries);
    }
}
