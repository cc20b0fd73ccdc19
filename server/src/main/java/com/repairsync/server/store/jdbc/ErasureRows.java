package com.repairsync.server.store.jdbc;

import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.FieldType;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.server.store.ErasureRecords;
import com.repairsync.server.store.HeldChangeRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The rows erasing a customer reads and rewrites: records naming it, its history, held changes,
 * the files still in use, and the {@code erasures} table. Every method enters the shop first, so
 * row-level security holds it to that shop (and a write transaction holds the shop's lock).
 */
final class ErasureRows implements ErasureRecords {
    /** Ids looked for in one held-change query ({@code LIKE} terms). */
    private static final int IDS_PER_HELD_QUERY = 50;

    private final JdbcTransaction tx;

    ErasureRows(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public List<String> idsReferencing(EntityType type, FieldSpec field, String shopId, Collection<String> targetIds) {
        if (field.type() != FieldType.REFERENCE || type.field(field.name()).orElse(null) != field) {
            throw new IllegalArgumentException(field.name() + " is no reference field of " + type.name());
        }
        tx.enter(shopId);
        return tx.queryIn(
                "find " + type.name() + " naming erased records",
                count -> "SELECT id FROM " + type.table() + " WHERE shop_id = ? AND " + field.column() + " IN ("
                        + RecordTable.placeholders(count) + ")",
                row -> row.getString(1),
                List.of(shopId),
                targetIds);
    }

    @Override
    public List<HistoryChanges> history(String shopId, String entity, String recordId, long afterSeq, int limit) {
        tx.enter(shopId);
        return tx.query(
                "read record history to erase",
                "SELECT seq, changes FROM record_history WHERE shop_id = ? AND entity = ? AND record_id = ?"
                        + " AND seq > ? ORDER BY seq LIMIT ?",
                row -> new HistoryChanges(row.getLong(1), row.getString(2)),
                shopId,
                entity,
                recordId,
                afterSeq,
                limit);
    }

    @Override
    public void rewriteHistory(String shopId, long seq, String changesJson) {
        tx.enter(shopId);
        int updated = tx.update(
                "erase history values",
                "UPDATE record_history SET changes = ? WHERE shop_id = ? AND seq = ?",
                changesJson,
                shopId,
                seq);
        if (updated != 1) {
            throw new IllegalStateException("history row " + seq + " of shop " + shopId + " was not rewritten");
        }
    }

    @Override
    public List<HeldChangeRow> heldNaming(String shopId, Collection<String> recordIds) {
        tx.enter(shopId);
        List<String> ids = List.copyOf(new LinkedHashSet<>(recordIds));
        List<HeldChangeRow> found = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += IDS_PER_HELD_QUERY) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_HELD_QUERY));
            List<Object> params = new ArrayList<>();
            params.add(shopId);
            // Record ids are UUIDs (hex digits and dashes): no LIKE wildcard can hide in them.
            chunk.forEach(id -> params.add("%" + id.toLowerCase(Locale.ROOT) + "%"));
            found.addAll(tx.query(
                    "find held changes naming erased records",
                    "SELECT shop_id, device_id, mutation_id, mutation, received_at, resolved_at, resolved_by,"
                            + " resolution FROM held_changes WHERE shop_id = ? AND ("
                            + String.join(" OR ", Collections.nCopies(chunk.size(), "LOWER(mutation) LIKE ?"))
                            + ") ORDER BY device_id, position",
                    row -> new HeldChangeRow(
                            row.getString(1),
                            row.getString(2),
                            row.getString(3),
                            row.getString(4),
                            tx.dialect().readInstant(row, 5),
                            tx.dialect().readInstant(row, 6),
                            row.getString(7),
                            row.getString(8)),
                    params.toArray()));
        }
        // A change naming two of the ids was found twice.
        Set<String> seen = new HashSet<>();
        return found.stream()
                .filter(row -> seen.add(row.deviceId() + "/" + row.mutationId()))
                .toList();
    }

    @Override
    public void rewriteHeld(String shopId, String deviceId, String mutationId, String mutationJson) {
        tx.enter(shopId);
        tx.update(
                "erase held change values",
                "UPDATE held_changes SET mutation = ? WHERE shop_id = ? AND device_id = ? AND mutation_id = ?",
                mutationJson,
                shopId,
                deviceId,
                mutationId);
    }

    @Override
    public boolean fileInUse(String shopId, String hash) {
        tx.enter(shopId);
        for (EntityType type : Schema.entities()) {
            for (FieldSpec field : type.fields()) {
                if (field.type() != FieldType.FILE) {
                    continue;
                }
                boolean named = tx.queryOne(
                                "find records naming a file",
                                "SELECT 1 FROM " + type.table() + " WHERE shop_id = ? AND " + field.column()
                                        + " = ? AND NOT deleted AND NOT erased LIMIT 1",
                                row -> true,
                                shopId,
                                hash)
                        .isPresent();
                if (named) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void noteErased(String shopId, String entity, String recordId, String erasedBy, Instant erasedAt) {
        tx.enter(shopId);
        tx.update(
                "note erasure",
                "INSERT INTO erasures (shop_id, entity, record_id, erased_by, erased_at) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (shop_id, entity, record_id) DO NOTHING",
                shopId,
                entity,
                recordId,
                erasedBy,
                erasedAt);
    }

    @Override
    public Set<String> erasedIds(EntityType type, String shopId, Collection<String> recordIds) {
        if (recordIds.isEmpty()) {
            return Set.of();
        }
        tx.enter(shopId);
        return new HashSet<>(tx.queryIn(
                "find erased records",
                count -> "SELECT record_id FROM erasures WHERE shop_id = ? AND entity = ? AND record_id IN ("
                        + RecordTable.placeholders(count) + ")",
                row -> row.getString(1),
                List.of(shopId, type.name()),
                recordIds));
    }
}
