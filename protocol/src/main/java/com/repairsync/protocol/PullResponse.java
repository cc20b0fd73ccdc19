package com.repairsync.protocol;

import java.util.List;

/**
 * Response of {@code GET /v1/sync/pull}.
 *
 * @param changes changes after the requested cursor, in sequence order
 * @param cursor store this after applying the page, and pass it to the next pull
 * @param hasMore true when another page follows right away
 * @param latestCursor the shop's sequence when the page was read, so a device can show progress
 *     of a long pull as (cursor - start) / (latestCursor - start)
 */
public record PullResponse(List<Change> changes, long cursor, boolean hasMore, long latestCursor) {}
