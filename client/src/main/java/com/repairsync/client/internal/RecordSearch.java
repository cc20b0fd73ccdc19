package com.repairsync.client.internal;

import com.repairsync.protocol.schema.DeviceIndex;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.SearchAs;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Search as the user types over an entity's searchable fields ({@link
 * EntityType#searchableFields()}): every typed term must begin a word of a {@code WORDS} field or
 * a run of digits of a {@code DIGITS} one, and the matches are listed in a declared index's order.
 *
 * <p>The full-text table finds the matches fast, in its own order; listing the first few in the
 * index's order costs either a sort of every match (cheap for a selective query) or a walk of the
 * index that stops at the limit (cheap when matches are dense, such as one typed letter). So it
 * counts the matches, up to {@link #SORT_AT_MOST}, and picks: at most that many are read and
 * sorted; more, and the index is walked, each step a look-up in the set of matches.
 */
public final class RecordSearch {
    /**
     * Most matches sorted rather than found by walking the index. Measured on a device holding 100k
     * customers (docs/benchmarks.md, queries): sorting costs tens of microseconds a match (each read
     * from disk), a walk about one index entry per 100k/matches; they cross at a few hundred.
     */
    static final int SORT_AT_MOST = 300;

    private RecordSearch() {}

    /**
     * Live records matching every term of {@code text}, in the order of {@code order} (then id), at
     * most {@code limit} (negative: all). Text without a letter or digit matches every record.
     */
    static List<Records.Row> search(LocalDatabase.Tx tx, EntityType type, DeviceIndex order, String text, int limit)
            throws SQLException {
        String orderBy = orderBy(order);
        String match = match(text);
        if (match.isEmpty()) {
            return Records.list(tx, type, order, "1 = 1", orderBy, limit);
        }
        String table = DeviceQueryIndexes.searchTable(type);
        boolean dense = limit >= 0
                && tx.queryOne(
                                        "SELECT count(*) FROM (SELECT 1 FROM " + table + " WHERE " + table
                                                + " MATCH ? LIMIT " + (SORT_AT_MOST + 1) + ")",
                                        row -> row.getInt(1),
                                        match)
                                .orElse(0)
                        > SORT_AT_MOST;
        String sql = sql(type, order, dense);
        return dense || !sortsInSearchTable(type, order)
                ? tx.query(sql, Records::row, match, limit)
                : tx.query(sql, Records::row, match, limit, limit);
    }

    /**
     * The SQL that lists the matches: walking the index ({@code dense}), or reading each match by
     * rowid and sorting them. Its parameters are the FTS5 query ({@link #match}) and the limit (twice
     * when the order's fields are in the search table, {@link #sortsInSearchTable}).
     */
    public static String sql(EntityType type, DeviceIndex order, boolean dense) {
        String table = DeviceQueryIndexes.searchTable(type);
        String matches = "records.rowid IN (SELECT rowid FROM " + table + " WHERE " + table + " MATCH ?)";
        if (dense) {
            return Records.listSql(type, order, matches, orderBy(order));
        }
        String live = " AND entity = '" + DeviceQueryIndexes.entityLiteral(type) + "' AND deleted = 0 ORDER BY "
                + orderBy(order) + " LIMIT ?";
        if (sortsInSearchTable(type, order)) {
            // The first matches picked in the search table (small, its rows short), then only those read.
            return "SELECT " + Records.LIVE_ROW_COLUMNS
                    + " FROM records NOT INDEXED WHERE records.rowid IN (SELECT rowid"
                    + " FROM " + table + " WHERE " + table + " MATCH ? ORDER BY " + searchTableOrder(order)
                    + " LIMIT ?)" + live;
        }
        // NOT INDEXED: the matches are read by rowid and sorted, never by walking an index.
        return "SELECT " + Records.LIVE_ROW_COLUMNS + " FROM records NOT INDEXED WHERE " + matches + live;
    }

    /** Whether the search table holds the order's fields as they are: each a {@link SearchAs#WORDS} field. */
    private static boolean sortsInSearchTable(EntityType type, DeviceIndex order) {
        return order.fields().stream().allMatch(name -> type.field(name)
                .map(field -> field.searchAs() == SearchAs.WORDS)
                .orElse(false));
    }

    private static String searchTableOrder(DeviceIndex order) {
        StringBuilder sql = new StringBuilder();
        for (String field : order.fields()) {
            sql.append(field).append(order.ignoringCase() ? " COLLATE NOCASE, " : ", ");
        }
        return sql.append(DeviceQueryIndexes.ID_COLUMN).toString();
    }

    /** The ORDER BY of an index's fields, then the id. */
    public static String orderBy(DeviceIndex index) {
        StringBuilder sql = new StringBuilder();
        for (String field : index.fields()) {
            sql.append(Records.viewField(field)).append(index.ignoringCase() ? " COLLATE NOCASE, " : ", ");
        }
        return sql.append("records.id").toString();
    }

    /**
     * The FTS5 query of typed text: each term a prefix query, all of them required. A term of digits
     * and phone punctuation ("555-01") is one run of digits; any other splits into its words. Empty
     * if the text has no letter or digit.
     */
    public static String match(String text) {
        List<String> terms = new ArrayList<>();
        for (String typed : text.trim().split("\\s+")) {
            if (typed.matches("[0-9()+./-]*[0-9][0-9()+./-]*")) {
                terms.add(typed.replaceAll("[^0-9]", ""));
            } else {
                for (String word : typed.split("[^\\p{L}\\p{N}]+")) {
                    if (!word.isEmpty()) {
                        terms.add(word.toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return String.join(" ", terms.stream().map(term -> "\"" + term + "\"*").toList());
    }
}
