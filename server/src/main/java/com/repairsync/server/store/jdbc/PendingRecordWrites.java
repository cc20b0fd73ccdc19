package com.repairsync.server.store.jdbc;

import com.repairsync.protocol.schema.EntityType;
import com.repairsync.server.store.StoredRecord;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Record writes of a transaction not yet sent, per table and shop/id, the last write of a record
 * replacing an earlier one. Sent before any read, before a savepoint, before the shop scope
 * changes and before commit, so every statement sees them; dropped when a savepoint rolls back,
 * since all of them were made inside it.
 */
final class PendingRecordWrites {
    /**
     * Rows per multi-row record upsert, largest first: a few statement shapes per table keep the
     * statement cache small while a push's hundreds of records go in a handful of statements.
     */
    private static final int[] RECORDS_PER_UPSERT = {32, 8, 1};

    private final Map<EntityType, RecordTable> tables;
    private final Map<EntityType, Map<String, PendingRecord>> pendingRecords = new LinkedHashMap<>();

    private record PendingRecord(String shopId, StoredRecord record) {}

    PendingRecordWrites(Map<EntityType, RecordTable> tables) {
        this.tables = tables;
    }

    /** Queues a record's write, replacing a write of the same record queued before. */
    void add(EntityType type, String shopId, StoredRecord record) {
        pendingRecords
                .computeIfAbsent(type, t -> new LinkedHashMap<>())
                .put(shopId + "/" + record.id(), new PendingRecord(shopId, record));
    }

    /** Forgets the queued writes: the savepoint they were made in was rolled back. */
    void discard() {
        pendingRecords.clear();
    }

    /** Sends the pending record writes, a table at a time, in multi-row upserts. */
    void send(JdbcTransaction tx) {
        if (pendingRecords.isEmpty()) {
            return;
        }
        for (Map.Entry<EntityType, Map<String, PendingRecord>> writes : pendingRecords.entrySet()) {
            RecordTable table = tables.get(writes.getKey());
            List<PendingRecord> rows = new ArrayList<>(writes.getValue().values());
            int from = 0;
            for (int size : RECORDS_PER_UPSERT) {
                while (rows.size() - from >= size) {
                    List<PendingRecord> chunk = rows.subList(from, from + size);
                    JdbcTransaction.sql("save " + writes.getKey().name(), () -> {
                        PreparedStatement statement = tx.prepare(table.upsertSql(size));
                        int next = 1;
                        for (PendingRecord row : chunk) {
                            next = table.bindUpsert(statement, next, row.shopId(), row.record());
                        }
                        return statement.executeUpdate();
                    });
                    from += size;
                }
            }
        }
        pendingRecords.clear();
    }
}
