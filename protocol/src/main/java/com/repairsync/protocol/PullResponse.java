package com.repairsync.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Response of {@code GET /v1/sync/pull}.
 *
 * @param changes changes after the requested cursor, in sequence order
 * @param cursor store this after applying the page, and pass it to the next pull
 * @param hasMore true when another page follows right away
 * @param latestCursor the shop's sequence when the page was read, so a device can show progress
 *     of a long pull as (cursor - start) / (latestCursor - start)
 * @param serverHlc an HLC at or after every field write in the page, so a device's next writes
 *     sort after what it has seen (null from servers that do not send it)
 * @param epoch the server's history id: a device whose cursor came from another history (a
 *     restore put the data back) heals the server and downloads again (null from servers that do
 *     not send it)
 * @param from the cursor the page continues from: the request's cursor, or in a stream the cursor
 *     of the page before (wire version 3; null from servers before it). A device stores a page only
 *     where its own cursor is: an answer to another request (a late one, say, after the device
 *     started downloading again from 0) would move it past changes it never saw
 */
public record PullResponse(
        List<Change> changes,
        long cursor,
        boolean hasMore,
        long latestCursor,
        String serverHlc,
        String epoch,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long from) {

    /** A page without a history id, as servers before the epoch sent. */
    public PullResponse(List<Change> changes, long cursor, boolean hasMore, long latestCursor, String serverHlc) {
        this(changes, cursor, hasMore, latestCursor, serverHlc, null, null);
    }

    /** A page without the cursor it continues from, as servers before wire version 3 sent. */
    public PullResponse(
            List<Change> changes, long cursor, boolean hasMore, long latestCursor, String serverHlc, String epoch) {
        this(changes, cursor, hasMore, latestCursor, serverHlc, epoch, null);
    }

    /** This page, as from the server history {@code epoch}. */
    public PullResponse withEpoch(String epoch) {
        return new PullResponse(changes, cursor, hasMore, latestCursor, serverHlc, epoch, from);
    }

    /** Whether this page continues from {@code cursor} (true when the server does not say). */
    public boolean continues(long cursor) {
        return from == null || from == cursor;
    }
}
