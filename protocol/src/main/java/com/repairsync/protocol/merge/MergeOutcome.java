package com.repairsync.protocol.merge;

import java.util.List;

/**
 * What merging one mutation into a record did.
 *
 * @param state the record after the merge
 * @param created true when the mutation created the record
 * @param changed true when the stored state differs from before
 * @param superseded fields this mutation wrote but lost, to a later write already merged or to a delete
 */
public record MergeOutcome(RecordState state, boolean created, boolean changed, List<String> superseded) {}
