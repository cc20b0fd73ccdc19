package com.repairsync.protocol;

import java.util.List;

/**
 * Response of {@code POST /v1/sync/push}.
 *
 * @param results one result per mutation, in request order
 * @param cursor the shop's change sequence after the batch
 * @param serverHlc the server's clock, so devices can advance theirs
 * @param epoch the server's history id (see {@link PullResponse#epoch()}; null from servers that
 *     do not send it)
 */
public record PushResponse(List<PushResult> results, long cursor, String serverHlc, String epoch) {

    /** An answer without a history id, as servers before the epoch sent. */
    public PushResponse(List<PushResult> results, long cursor, String serverHlc) {
        this(results, cursor, serverHlc, null);
    }
}
