package com.repairsync.bench.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.bench.Harness;
import com.repairsync.bench.Latencies;
import com.repairsync.bench.RawSqlite;
import com.repairsync.bench.Results;
import com.repairsync.cli.seed.SampleData;
import com.repairsync.cli.seed.Seeder;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.protocol.HistoryPage;
import com.repairsync.protocol.HlcClock;
import com.repairsync.protocol.JsonMappers;
import com.repairsync.protocol.Mutation;
import com.repairsync.protocol.MutationStatus;
import com.repairsync.protocol.PushRequest;
import com.repairsync.protocol.PushResponse;
import com.repairsync.protocol.PushResult;
import com.repairsync.protocol.TimeOrderedIds;
import com.repairsync.protocol.WireVersions;
import com.repairsync.server.store.sqlite.SqliteStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The second half of {@code history}: one record's history at scale (target: 50 entries in at most
 * 20 ms at the server with 1M records). A server as shipped (history on) is seeded with {@code
 * --records} records through the sync API, so each has its {@code create} row and the history table
 * is as large as the shop; then one ticket gets 50 entries through 50 real pushes (its creation and
 * 49 changes of its estimate). Its newest 50 entries are read three ways, interleaved in rounds: over
 * HTTP ({@code GET /v1/records/tickets/{id}/history?limit=50}, as a device asks; the clock stops when
 * the body has arrived), through the server's store method alone (a store opened in this JVM on the
 * running server's database file: WAL lets both read), and as the floor, a raw SQLite SELECT of the
 * same 50 rows by the same index, every column read. Beside them, {@code GET /v1/health} (a read
 * transaction that pings the database, and a tiny JSON answer) gives what any request to this server
 * costs over loopback on this machine at this moment.
 */
final class HistoryReads {
    static final int ENTRIES = 50;
    /** Unmeasured reads of each way first, at most. */
    private static final int WARMUP = 100;
    /** The measured reads go in this many rounds of each way in turn. */
    private static final int ROUNDS = 5;

    private static final ObjectMapper JSON = JsonMappers.shared();
    /** The route template the server's request timer names the history requests by. */
    private static final String HISTORY_ROUTE = "/v1/records/{entity}/{id}/history";

    /**
     * The raw baseline: the store method's query (the newest rows of one record, by the index on
     * (shop_id, entity, record_id, seq)), with every column read as it comes, into nothing.
     */
    static final String RAW_SELECT = "SELECT shop_id, seq, entity, record_id, op, actor_id, device_id, hlc, at, changes"
            + " FROM record_history WHERE shop_id = ? AND entity = ? AND record_id = ? AND seq < ?"
            + " ORDER BY seq DESC LIMIT ?";

    private HistoryReads() {}

    /** One way of reading the record's newest 50 entries; returns how many it read. */
    @FunctionalInterface
    private interface Read {
        int entries() throws Exception;
    }

    /**
     * On the started world {@code harness}: seeds, writes the 50 entries, times the reads; puts {@code
     * seed.*}, {@code history.*} and {@code read.*}, and returns the errors seen.
     */
    static long measure(Harness harness, Results results) throws Exception {
        long seedStart = System.nanoTime();
        Seeder.Result seeded = harness.seed(harness.options().records());
        results.put("seed.records", seeded.total(), "records (through the sync API, each with its history row)");
        results.put("seed.seconds", (System.nanoTime() - seedStart) / 1e9, "s");

        Harness.SignedIn writer = harness.signIn("history writer");
        SyncTransport.Session session = writer.session();
        String ticket = fiftyEntries(
                writer, seeded.someCustomerIds().get(0), harness.options().seed());
        Path database = harness.serverDataDir().resolve(SqliteStore.FILE_NAME);
        results.put(
                "history.tableRows", HistoryPushCost.historyRows(harness.serverDataDir()), "rows in record_history");

        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(harness.server().url() + "/v1/health"))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                        harness.server().url() + "/v1/records/tickets/" + ticket + "/history?limit=" + ENTRIES))
                .header("Authorization", "Bearer " + session.accessToken())
                .header(WireVersions.PROTOCOL_HEADER, Integer.toString(WireVersions.CURRENT))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        try (SqliteStore store = SqliteStore.open(harness.serverDataDir(), 1);
                Connection raw = RawSqlite.open(database);
                PreparedStatement select = raw.prepareStatement(RAW_SELECT)) {
            select.setString(1, session.shopId());
            select.setString(2, "tickets");
            select.setString(3, ticket);
            select.setLong(4, Long.MAX_VALUE);
            select.setInt(5, ENTRIES);
            results.note("raw SELECT plan: " + plan(raw, session.shopId(), ticket));
            Read overHttp = () -> overHttp(http, request);
            Read healthCheck = () -> healthCheck(http, health);
            Read inStore = () -> store.read(
                            tx -> tx.history().ofRecord(session.shopId(), "tickets", ticket, Long.MAX_VALUE, ENTRIES))
                    .size();
            Read rawRows = () -> rawRows(select);
            results.put("history.recordEntries", rawRows.entries(), "entries of the read ticket");

            Latencies httpTimes = new Latencies();
            Latencies healthTimes = new Latencies();
            Latencies storeTimes = new Latencies();
            Latencies rawTimes = new Latencies();
            long errors = 0;
            int reads = harness.options().reads();
            int warmup = Math.min(WARMUP, reads);
            for (int i = 0; i < warmup; i++) { // compiles every path before the clock runs
                errors += wrongCount(overHttp.entries())
                        + wrongCount(inStore.entries())
                        + wrongCount(rawRows.entries())
                        + wrongCount(healthCheck.entries());
            }
            double[] serverBefore = serverTimer(http, harness.server().url());
            for (int round = 0; round < ROUNDS; round++) {
                // The reads spread over the rounds: the first rounds take one more when they do not divide.
                int count = reads / ROUNDS + (round < reads % ROUNDS ? 1 : 0);
                errors += timed(overHttp, httpTimes, count)
                        + timed(inStore, storeTimes, count)
                        + timed(rawRows, rawTimes, count)
                        + timed(healthCheck, healthTimes, count);
            }
            double[] serverAfter = serverTimer(http, harness.server().url());
            httpTimes.report(results, "read.http");
            results.put(
                    "read.http.serverMean",
                    (serverAfter[1] - serverBefore[1]) * 1e3 / (serverAfter[0] - serverBefore[0]),
                    "ms (the server's own mean time of the measured history requests, from its /metrics)");
            storeTimes.report(results, "read.store");
            rawTimes.report(results, "read.raw");
            healthTimes.report(results, "read.health");
            results.put(
                    "read.http.ratioToRaw",
                    results.get("read.http.p50") / results.get("read.raw.p50"),
                    "x (p50 over HTTP / p50 of the raw SELECT)");
            results.put(
                    "read.store.ratioToRaw",
                    results.get("read.store.p50") / results.get("read.raw.p50"),
                    "x (p50 of the store method / p50 of the raw SELECT)");
            results.put(
                    "read.http.ratioToHealth",
                    results.get("read.http.p50") / results.get("read.health.p50"),
                    "x (p50 over HTTP / p50 of GET /v1/health)");
            results.note("reads: " + warmup + " of each way unmeasured, then " + reads + " of each (--reads) in "
                    + ROUNDS + " rounds of HTTP, store, raw and health in turn");
            return errors;
        }
    }

    /** {@code count} reads timed into {@code times}; returns how many read other than ENTRIES entries. */
    private static long timed(Read read, Latencies times, int count) throws Exception {
        long wrong = 0;
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            int entries = read.entries();
            times.add(System.nanoTime() - start);
            wrong += wrongCount(entries);
        }
        return wrong;
    }

    private static int wrongCount(int entries) {
        return entries == ENTRIES ? 0 : 1;
    }

    /** GETs the page; the clock (the caller's) includes reading the body, the check after it does not matter. */
    private static int overHttp(HttpClient http, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + request.uri() + " answered " + response.statusCode() + ": "
                    + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return JSON.readValue(response.body(), HistoryPage.class).entries().size();
    }

    /** GETs /v1/health; answers ENTRIES when it is up, so that the loops treat it like the reads. */
    private static int healthCheck(HttpClient http, HttpRequest health) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(health, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + health.uri() + " answered " + response.statusCode());
        }
        return ENTRIES;
    }

    /**
     * The server's timer of answered history requests ({@code repairsync.http.requests} of the
     * route, status 200) from its {@code /metrics}: their count and their total seconds.
     */
    private static double[] serverTimer(HttpClient http, String serverUrl) throws IOException, InterruptedException {
        HttpResponse<String> scrape = http.send(
                HttpRequest.newBuilder(URI.create(serverUrl + "/metrics"))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        double[] countAndSum = new double[2];
        for (String line : scrape.body().split("\n")) {
            if (line.startsWith("repairsync_http_requests_seconds_")
                    && line.contains("route=\"" + HISTORY_ROUTE + "\"")
                    && line.contains("status=\"200\"")) {
                double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                if (line.startsWith("repairsync_http_requests_seconds_count{")) {
                    countAndSum[0] += value;
                } else if (line.startsWith("repairsync_http_requests_seconds_sum{")) {
                    countAndSum[1] += value;
                }
            }
        }
        if (countAndSum[0] == 0) {
            throw new IllegalStateException("the server's /metrics has no timer of " + HISTORY_ROUTE);
        }
        return countAndSum;
    }

    /** Runs the raw SELECT and reads every column of every row. */
    private static int rawRows(PreparedStatement select) throws SQLException {
        int rows = 0;
        long sink = 0;
        try (ResultSet result = select.executeQuery()) {
            while (result.next()) {
                sink += result.getLong(2);
                for (int column = 1; column <= 10; column++) {
                    if (column != 2) {
                        String value = result.getString(column);
                        sink += value == null ? 0 : value.length();
                    }
                }
                rows++;
            }
        }
        return sink >= 0 ? rows : -1; // uses sink, so the reads cannot be skipped
    }

    /** SQLite's plan for the raw SELECT: it must search the history by the record's index. */
    private static String plan(Connection raw, String shopId, String ticket) throws SQLException {
        try (PreparedStatement explain = raw.prepareStatement("EXPLAIN QUERY PLAN " + RAW_SELECT)) {
            explain.setString(1, shopId);
            explain.setString(2, "tickets");
            explain.setString(3, ticket);
            explain.setLong(4, Long.MAX_VALUE);
            explain.setInt(5, ENTRIES);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rows = explain.executeQuery()) {
                while (rows.next()) {
                    plan.append(plan.length() == 0 ? "" : "; ").append(rows.getString("detail"));
                }
            }
            return plan.toString();
        }
    }

    /**
     * Makes a ticket with {@link #ENTRIES} history entries through real pushes, one mutation a
     * request: its creation, then changes of its estimate (every tenth also of its notes).
     */
    private static String fiftyEntries(Harness.SignedIn writer, String customerId, long seed) {
        SyncTransport.Session session = writer.session();
        HlcClock hlc = new HlcClock(Clock.systemUTC(), session.deviceId());
        SampleData data = new SampleData(seed + 28, Instant.now());
        String ticket = TimeOrderedIds.newId();
        ObjectNode created = JSON.valueToTree(data.ticket(customerId, session.employeeId()));
        created.put("estimateCents", 10_000);
        push(
                writer,
                new Mutation(
                        TimeOrderedIds.newId(),
                        "tickets",
                        ticket,
                        "upsert",
                        created,
                        null,
                        hlc.now().toString(),
                        session.employeeId(),
                        null,
                        null,
                        true));
        for (int change = 1; change < ENTRIES; change++) {
            ObjectNode fields = JSON.createObjectNode().put("estimateCents", 10_000 + 500 * change);
            if (change % 10 == 0) {
                fields.put("notes", "Customer called, change " + change);
            }
            push(
                    writer,
                    new Mutation(
                            TimeOrderedIds.newId(),
                            "tickets",
                            ticket,
                            "upsert",
                            fields,
                            null,
                            hlc.now().toString(),
                            session.employeeId(),
                            null));
        }
        return ticket;
    }

    private static void push(Harness.SignedIn writer, Mutation mutation) {
        PushResponse response =
                writer.transport().push(new PushRequest(writer.session().deviceId(), List.of(mutation)));
        for (PushResult result : response.results()) {
            if (result.outcome() != MutationStatus.APPLIED) {
                throw new IllegalStateException("the server did not apply a history change: " + result);
            }
        }
    }
}
