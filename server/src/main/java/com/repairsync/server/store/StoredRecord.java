package com.repairsync.server.store;

import com.repairsync.protocol.merge.RecordState;
import java.time.Instant;

/** One entity row: its id, the sequence of its latest change, its mergeable state and timestamps. */
public record StoredRecord(String id, long seq, RecordState state, Instant createdAt, Instant updatedAt) {}
