package com.repairsync.server.store.jdbc;

import com.repairsync.server.store.HistoryRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** The shops' record history: written with the changes it describes. */
final class HistoryRows {
    /** History rows stored by one multi-row INSERT (10 parameters each). */
    private static final int ROWS_PER_INSERT = 50;

    private final JdbcTransaction tx;

    HistoryRows(JdbcTransaction tx) {
        this.tx = tx;
    }

    void insertHistory(List<HistoryRow> rows) {
        for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
            List<HistoryRow> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
            List<Object> params = new ArrayList<>(chunk.size() * 10);
            for (HistoryRow row : chunk) {
                tx.enter(row.shopId());
                params.addAll(Arrays.asList(
                        row.shopId(),
                        row.seq(),
                        row.entity(),
                        row.recordId(),
                        row.op(),
                        row.actorId(),
                        row.deviceId(),
                        row.hlc(),
                        row.at(),
                        row.changesJson()));
            }
            tx.update(
                    "record history",
                    "INSERT INTO record_history (shop_id, seq, entity, record_id, op, actor_id, device_id, hlc, at,"
                            + " changes) VALUES "
                            + String.join(", ", Collections.nCopies(chunk.size(), "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")),
                    params.toArray());
        }
    }
}
