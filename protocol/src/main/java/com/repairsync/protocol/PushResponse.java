package com.repairsync.protocol;

import java.util.List;

/**
 * Response of {@code POST /v1/sync/push}.
 *
 * @param results one result per mutation, in request order
 * @param cursor the shop's change sequence after the batch
 * @param serverHlc the server's clock, so devices can advance theirs
 */
public record PushResponse(List<PushResult> results, long cursor, String serverHlc) {}
