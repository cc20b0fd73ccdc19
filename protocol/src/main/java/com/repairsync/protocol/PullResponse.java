package com.repairsync.protocol;

import java.util.List;

/**
 * Response of {@code GET /v1/sync/pull}.
 *
 * @param changes changes after the requested cursor, in sequence order
 * @param cursor store this after applying the page, and pass it to the next pull
 * @param hasMore true when another page follows right away
 */
public record PullResponse(List<Change> changes, long cursor, boolean hasMore) {}
