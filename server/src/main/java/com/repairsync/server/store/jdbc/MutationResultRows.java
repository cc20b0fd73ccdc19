package com.repairsync.server.store.jdbc;

import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.MutationStatus;
import com.repairsync.protocol.PushResult;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The first result of each device's mutation ids, which a retried push is answered with. */
final class MutationResultRows {
    /** Mutation results stored by one multi-row INSERT (10 parameters each). */
    private static final int RESULTS_PER_INSERT = 50;

    private final JdbcTransaction tx;

    MutationResultRows(JdbcTransaction tx) {
        this.tx = tx;
    }

    Map<String, PushResult> findMutationResults(String shopId, String deviceId, Collection<String> mutationIds) {
        tx.enter(shopId);
        Map<String, PushResult> found = new HashMap<>();
        tx.queryIn(
                        "find mutations",
                        count ->
                                "SELECT mutation_id, status, seq, code, message, field, superseded FROM applied_mutations"
                                        + " WHERE shop_id = ? AND device_id = ? AND mutation_id IN ("
                                        + RecordTable.placeholders(count) + ")",
                        MutationResultRows::pushResult,
                        List.of(shopId, deviceId),
                        mutationIds)
                .forEach(result -> found.put(result.mutationId(), result));
        return found;
    }

    private static PushResult pushResult(ResultSet row) throws SQLException {
        long seq = row.getLong(3);
        Long seqOrNull = row.wasNull() ? null : seq;
        String code = row.getString(4);
        String superseded = row.getString(7);
        return new PushResult(
                row.getString(1),
                MutationStatus.fromWire(row.getString(2)),
                seqOrNull,
                code == null ? null : ErrorCode.fromWire(code),
                row.getString(5),
                row.getString(6),
                null,
                superseded == null ? null : Arrays.asList(superseded.split(",")));
    }

    void saveMutationResults(String shopId, String deviceId, List<PushResult> results, Instant now) {
        tx.enter(shopId);
        for (int from = 0; from < results.size(); from += RESULTS_PER_INSERT) {
            List<PushResult> chunk = results.subList(from, Math.min(results.size(), from + RESULTS_PER_INSERT));
            List<Object> params = new ArrayList<>(chunk.size() * 10);
            for (PushResult result : chunk) {
                params.addAll(Arrays.asList(
                        shopId,
                        result.mutationId(),
                        deviceId,
                        result.status().wireName(),
                        result.seq(),
                        result.code() == null ? null : result.code().wireName(),
                        result.message(),
                        result.field(),
                        result.superseded() == null ? null : String.join(",", result.superseded()),
                        now));
            }
            tx.update(
                    "record mutation results",
                    "INSERT INTO applied_mutations (shop_id, mutation_id, device_id, status, seq, code, message, field,"
                            + " superseded, received_at) VALUES "
                            + String.join(", ", Collections.nCopies(chunk.size(), "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")),
                    params.toArray());
        }
    }
}
