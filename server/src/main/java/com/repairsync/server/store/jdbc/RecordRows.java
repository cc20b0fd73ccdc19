package com.repairsync.server.store.jdbc;

import com.repairsync.protocol.Role;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.server.store.ChangeQuery;
import com.repairsync.server.store.CustomView;
import com.repairsync.server.store.PulledRecord;
import com.repairsync.server.store.StoredRecord;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The entities' record tables as one transaction reads and writes them. */
final class RecordRows {
    private final JdbcTransaction tx;
    private final Map<EntityType, RecordTable> tables;
    private final PendingRecordWrites pending;

    RecordRows(JdbcTransaction tx, Map<EntityType, RecordTable> tables, PendingRecordWrites pending) {
        this.tx = tx;
        this.tables = tables;
        this.pending = pending;
    }

    private RecordTable table(EntityType type) {
        return tables.get(type);
    }

    Optional<StoredRecord> findRecord(EntityType type, String shopId, String recordId) {
        tx.enter(shopId);
        RecordTable table = table(type);
        return tx.queryOne("find " + type.name(), table.findSql(), table::read, shopId, recordId);
    }

    Map<String, StoredRecord> findRecords(EntityType type, String shopId, Collection<String> recordIds) {
        tx.enter(shopId);
        RecordTable table = table(type);
        Map<String, StoredRecord> found = new HashMap<>();
        tx.queryIn("find " + type.name(), table::findManySql, table::read, List.of(shopId), recordIds)
                .forEach(record -> found.put(record.id(), record));
        return found;
    }

    List<StoredRecord> allRecords(EntityType type, String shopId) {
        tx.enter(shopId);
        tx.sendPendingRecords();
        RecordTable table = table(type);
        return JdbcTransaction.sql("read every " + type.name(), () -> {
            java.sql.PreparedStatement statement = tx.prepare(table.allSql());
            statement.setString(1, shopId);
            return JdbcTransaction.readAll(statement, table::read);
        });
    }

    void saveRecord(EntityType type, String shopId, StoredRecord record) {
        tx.enter(shopId);
        pending.add(type, shopId, record);
    }

    List<Long> changeSeqs(EntityType type, String shopId, ChangeQuery query) {
        tx.enter(shopId);
        tx.sendPendingRecords();
        RecordTable table = table(type);
        return JdbcTransaction.sql(
                "read change sequences of " + type.name(),
                () -> JdbcTransaction.readAll(table.prepareChangeSeqs(tx, shopId, query), row -> row.getLong(1)));
    }

    List<PulledRecord> changes(EntityType type, String shopId, ChangeQuery query, Role viewer, CustomView view) {
        tx.enter(shopId);
        tx.sendPendingRecords();
        RecordTable table = table(type);
        return JdbcTransaction.sql(
                "read changes of " + type.name(),
                () -> JdbcTransaction.readAll(
                        table.preparePulled(tx, shopId, query, viewer), row -> table.readPulled(row, view)));
    }
}
