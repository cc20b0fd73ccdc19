package com.repairsync.protocol;

import java.util.List;

/**
 * The recent history a manager's device keeps to read offline ({@code GET /v1/history/feed}, wire
 * version 6): entries after the device's history cursor, oldest first, within the shop's window.
 *
 * @param entries oldest first
 * @param cursor the {@code after} of the next page
 * @param hasMore whether more entries follow at once
 * @param windowDays how many days of history a device keeps: it forgets older entries
 */
public record HistoryFeed(List<HistoryEntry> entries, long cursor, boolean hasMore, int windowDays) {

    public HistoryFeed {
        entries = List.copyOf(entries);
    }
}
