package com.repairsync.client.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.client.internal.BenchHook;
import com.repairsync.client.internal.RecordSearch;
import com.repairsync.client.internal.Records;
import com.repairsync.client.records.Repository.Listing;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.Schema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The screens' queries read an index, never every record: {@code EXPLAIN QUERY PLAN} of the exact
 * SQL the repositories run, on a migrated device database, shows no full scan of {@code records}.
 */
class QueryPlansTest {
    @TempDir
    Path dir;

    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        BenchHook.createDeviceDatabase(dir.resolve("device.db"), dir.resolve("keys"));
        connection = BenchHook.connect(dir.resolve("device.db"), dir.resolve("keys"));
    }

    @org.junit.jupiter.api.AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void ticketsOfACustomerSearchTheByCustomerIndex() throws SQLException {
        assertThat(plan(Schema.TICKETS, Tickets.ofCustomerListing("c1", Order.NEWEST_FIRST)))
                .containsExactly("SEARCH records USING INDEX query_tickets_byCustomer (<expr>=?)");
    }

    @Test
    void theRepairsBoardSearchesTheByStatusIndexInEitherOrder() throws SQLException {
        for (Order order : Order.values()) {
            assertThat(plan(Schema.TICKETS, Tickets.withStatusListing("ready", order)))
                    .as(order.name())
                    .containsExactly("SEARCH records USING INDEX query_tickets_byStatus (<expr>=?)");
        }
    }

    @Test
    void aDaysAppointmentsSearchTheByStartIndex() throws SQLException {
        Instant day = Instant.parse("2026-12-06T00:00:00Z");
        assertThat(plan(
                        Schema.APPOINTMENTS,
                        Appointments.betweenListing(day, day.plusSeconds(86_400), Order.OLDEST_FIRST)))
                .containsExactly("SEARCH records USING INDEX query_appointments_byStart (<expr>>? AND <expr><?)");
    }

    @Test
    void lowStockReadsTheIndexThatHoldsOnlyLowStockItems() throws SQLException {
        // A scan, but of a partial index that holds only the items at or below their reorder level.
        assertThat(plan(Schema.INVENTORY_ITEMS, InventoryItems.LOW_STOCK))
                .containsExactly("SCAN records USING INDEX query_inventory_items_lowStock");
    }

    @Test
    void customerSearchReadsTheFullTextIndexInBothWays() throws SQLException {
        var byFirstName = Schema.CUSTOMERS.deviceIndex("byFirstName");
        String match = RecordSearch.match("gra 555");
        assertThat(matchOnAnyColumn(plan(RecordSearch.sql(Schema.CUSTOMERS, byFirstName, false), match, 50, 50)))
                .as("few matches: the first picked in the search table, then read by rowid")
                .containsExactly(
                        "SEARCH records USING INTEGER PRIMARY KEY (rowid=?)",
                        "SCAN query_customers_search VIRTUAL TABLE INDEX 0:MATCH",
                        "USE TEMP B-TREE FOR ORDER BY",
                        "USE TEMP B-TREE FOR ORDER BY");
        assertThat(matchOnAnyColumn(plan(RecordSearch.sql(Schema.CUSTOMERS, byFirstName, true), match, 50)))
                .as("many matches: the first-name index walked to the limit")
                .containsExactly(
                        "SCAN records USING INDEX query_customers_byFirstName",
                        "SCAN query_customers_search VIRTUAL TABLE INDEX 0:MATCH");
    }

    /** A plan with the full-text MATCH's column number (the search table's column count) left out. */
    private static java.util.List<String> matchOnAnyColumn(java.util.List<String> plan) {
        return plan.stream()
                .map(step -> step.replaceAll("INDEX 0:M\\d+$", "INDEX 0:MATCH"))
                .toList();
    }

    @Test
    void searchTermsArePrefixesOfWordsOrRunsOfDigits() {
        assertThat(RecordSearch.match("  Gra  hop ")).isEqualTo("\"gra\"* \"hop\"*");
        assertThat(RecordSearch.match("555-01")).isEqualTo("\"55501\"*");
        assertThat(RecordSearch.match("O'Brien")).isEqualTo("\"o\"* \"brien\"*");
        assertThat(RecordSearch.match(" \"*) ")).isEmpty();
    }

    private List<String> plan(EntityType type, Listing listing) throws SQLException {
        Object[] params = listing.where().params();
        Object[] all = java.util.Arrays.copyOf(params, params.length + 1);
        all[params.length] = 50;
        return plan(
                Records.listSql(
                        type, type.deviceIndex(listing.index()), listing.where().sql(), listing.orderBy()),
                all);
    }

    /**
     * The plan's lines, each checked not to be a full scan of records; without the subqueries' own
     * lines and the look-up of the history generation in device_info (one row) the columns read.
     */
    private List<String> plan(String sql, Object... params) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
            for (int i = 0; i < params.length; i++) {
                explain.setObject(i + 1, params[i]);
            }
            try (ResultSet rows = explain.executeQuery()) {
                while (rows.next()) {
                    String line = rows.getString("detail");
                    if (!line.matches("(LIST|SCALAR) SUBQUERY \\d+") && !line.contains("device_info")) {
                        lines.add(line);
                    }
                }
            }
        }
        assertThat(lines).as(sql).isNotEmpty().noneMatch(line -> line.matches("SCAN records( |$)(?!USING).*"));
        return lines;
    }
}
