package com.repairsync.client.records;

/** Which end of a list comes first, by the time the list is ordered by (created, starts). */
public enum Order {
    OLDEST_FIRST,
    NEWEST_FIRST;

    String sql() {
        return this == OLDEST_FIRST ? "ASC" : "DESC";
    }
}
