package com.repairsync.bench.scenario;

import com.repairsync.bench.Harness;
import com.repairsync.bench.Results;
import com.repairsync.bench.ShopSize;
import com.repairsync.cli.seed.SampleData;
import com.repairsync.cli.seed.Seeder;
import com.repairsync.client.DeviceOptions;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.internal.BenchHook;
import com.repairsync.client.records.Appointment;
import com.repairsync.client.records.Customer;
import com.repairsync.client.records.InventoryItem;
import com.repairsync.client.records.Order;
import com.repairsync.client.records.Ticket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code queries}: a big shop ({@link ShopSize}) seeded through the sync API, a fresh device joins
 * it (initial sync, with the query indexes and the search table kept as it stores), and the
 * screens' queries run through the SDK on that device: customer search as typed (every keystroke
 * of a last name or a phone number, first 50 matches), a customer's tickets, the repairs board by
 * status, a day's appointments, the low-stock items. Each reports p50/p99 and, in the same run,
 * the ratio to the same query the way the SDK ran it before (a full scan of the JSON), run a few
 * times on the same database. Beside it, the same rows inserted raw, into a database with the
 * same indexes and search table (the initial sync's physical limit).
 */
final class DeviceQueries implements Scenario {
    /** Queries of each kind measured through the SDK, after as many unmeasured ones. */
    static final int RUNS = 200;

    /** Runs of each pre-change full scan, for the in-run ratio (each reads every record). */
    static final int FULL_SCAN_RUNS = 3;

    private static final int FIRST = 50;

    @Override
    public String name() {
        return "queries";
    }

    @Override
    public Results run(Harness harness) throws Exception {
        Results results = new Results(name());
        ShopSize size = harness.options().shopSize();
        harness.start();
        Seeder.Result seeded = seed(harness, size);
        results.put("seed.records", seeded.total(), "records");
        results.put("seed.seconds", seeded.millis() / 1000.0, "s (through the sync API)");

        DeviceOptions options = DeviceOptions.defaults().withAutoSync(false).withPageSize(1000);
        RepairSyncDevice device = harness.open("device", options);
        try {
            long start = System.nanoTime();
            device.join(harness.ownerEmail(), Harness.PASSWORD, "device");
            double seconds = (System.nanoTime() - start) / 1e9;
            List<RawInsert.Row> rows = RawInsert.read(harness.deviceFile("device"), harness.keysFolder());
            results.put("sync.rows", rows.size(), "rows");
            results.put("sync.seconds", seconds, "s (join: sign-in and pull of every page, indexes kept)");
            results.put("sync.rowsPerSecond", rows.size() / seconds, "rows/s");
            double rawSeconds = RawInsert.insert(harness.deviceFile("raw-baseline"), harness.keysFolder(), rows);
            results.put("raw.rowsPerSecond", rows.size() / rawSeconds, "rows/s (one transaction, same indexes)");
            results.put("sync.ratioToRaw", results.get("sync.rowsPerSecond") / results.get("raw.rowsPerSecond"), "x");
            rows.clear();

            Samples samples = Samples.read(harness, harness.options().seed());
            int errors = 0;
            try (Connection raw = BenchHook.connect(harness.deviceFile("device"), harness.keysFolder())) {
                // Search matched any part of a name before (LIKE %text%), now the beginning of a word: not compared.
                errors += measure(
                        results,
                        "search",
                        samples.typed(RUNS),
                        text -> ids(device.customers().search(text, FIRST), Customer::id),
                        raw,
                        FullScans.SEARCH,
                        text -> new Object[] {like(text), like(text), like(text)},
                        false);
                errors += measure(
                        results,
                        "ticketsOfCustomer",
                        samples.customers(RUNS),
                        id -> ids(device.tickets().ofCustomer(id, Order.NEWEST_FIRST, FIRST), Ticket::id),
                        raw,
                        FullScans.TICKETS_OF_CUSTOMER,
                        id -> new Object[] {id},
                        true);
                errors += measure(
                        results,
                        "repairsBoard",
                        samples.statuses(RUNS),
                        status -> ids(device.tickets().withStatus(status, Order.OLDEST_FIRST, FIRST), Ticket::id),
                        raw,
                        FullScans.BOARD,
                        status -> new Object[] {status},
                        true);
                errors += measure(
                        results,
                        "appointmentsOfDay",
                        samples.days(RUNS),
                        day -> ids(device.appointments().onDay(day, ZoneOffset.UTC, FIRST), Appointment::id),
                        raw,
                        FullScans.APPOINTMENTS_OF_DAY,
                        day -> new Object[] {
                            day.atStartOfDay().toInstant(ZoneOffset.UTC).toString(),
                            day.plusDays(1)
                                    .atStartOfDay()
                                    .toInstant(ZoneOffset.UTC)
                                    .toString()
                        },
                        true);
                errors += measure(
                        results,
                        "lowStock",
                        java.util.Collections.nCopies(RUNS, ""),
                        ignored -> ids(device.inventoryItems().belowReorderLevel(FIRST), InventoryItem::id),
                        raw,
                        FullScans.LOW_STOCK,
                        ignored -> new Object[0],
                        true);
            }
            results.put("errors", errors, "queries whose results differ from the pre-change query's");
        } finally {
            device.close();
        }
        for (String query : List.of("search", "ticketsOfCustomer", "repairsBoard", "appointmentsOfDay", "lowStock")) {
            results.atMost(query + ".p99Ms", 5);
        }
        results.atLeast("sync.ratioToRaw", 0.5);
        results.note("each query: " + RUNS + " runs through the SDK after " + RUNS + " unmeasured; first " + FIRST
                + " results; ratio = the pre-change full scan's median (" + FULL_SCAN_RUNS + " runs) / this p50");
        return results;
    }

    /** The shop through the sync API with the cli's seeder: items, customers, their tickets (each with a part), appointments. */
    private static Seeder.Result seed(Harness harness, ShopSize size) {
        Harness.SignedIn seeder = harness.signIn("bench seeder");
        Seeder.Counts counts = new Seeder.Counts(
                4,
                size.parts(),
                size.customers(),
                (double) size.tickets() / size.customers(),
                (double) size.appointments() / size.customers());
        return new Seeder(
                        seeder.transport(),
                        seeder.session(),
                        Clock.systemUTC(),
                        harness.options().batch())
                .seed(new SampleData(harness.options().seed(), Instant.now()), counts, sent -> {});
    }

    /**
     * Runs a query through the SDK and its pre-change full scan; puts p50, p99 and the ratio. Returns
     * how many of the full scans listed other ids than the SDK did for the same parameters ({@code
     * compare}: the same rule and order).
     */
    private static <P> int measure(
            Results results,
            String name,
            List<P> params,
            java.util.function.Function<P, List<String>> query,
            Connection raw,
            String fullScan,
            java.util.function.Function<P, Object[]> fullScanParams,
            boolean compare)
            throws SQLException {
        int differ = 0;
        params.forEach(query::apply); // unmeasured: the JIT and the page cache
        double[] millis = new double[params.size()];
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            query.apply(params.get(i));
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        java.util.Arrays.sort(millis);
        double[] scans = new double[FULL_SCAN_RUNS];
        try (PreparedStatement statement = raw.prepareStatement(fullScan)) {
            for (int i = 0; i < scans.length; i++) {
                Object[] values = fullScanParams.apply(params.get(i));
                for (int v = 0; v < values.length; v++) {
                    statement.setObject(v + 1, values[v]);
                }
                List<String> ids = new ArrayList<>();
                long start = System.nanoTime();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
                scans[i] = (System.nanoTime() - start) / 1e6;
                if (compare && !ids.equals(query.apply(params.get(i)))) {
                    differ++;
                }
            }
        }
        java.util.Arrays.sort(scans);
        double p50 = millis[millis.length / 2];
        results.put(name + ".p50Ms", p50, "ms");
        results.put(name + ".p99Ms", millis[(int) Math.ceil(millis.length * 0.99) - 1], "ms");
        results.put(name + ".fullScanMs", scans[scans.length / 2], "ms (the pre-change query: every record's JSON)");
        results.put(name + ".ratioToFullScan", scans[scans.length / 2] / Math.max(p50, 1e-3), "x faster");
        return differ;
    }

    private static <T> List<String> ids(List<T> records, java.util.function.Function<T, String> id) {
        return records.stream().map(id).toList();
    }

    private static String like(String text) {
        return "%" + text.toLowerCase(java.util.Locale.ROOT) + "%";
    }

    /** The queries as the SDK ran them before the query indexes: a filter over every record's JSON. */
    private static final class FullScans {
        private static final String VIEW = "SELECT * FROM (SELECT id, coalesce(view, base) AS view FROM records"
                + " WHERE entity = '%s' AND deleted = 0) WHERE %s ORDER BY %s LIMIT " + FIRST;

        static final String SEARCH = String.format(
                VIEW,
                "customers",
                "lower(json_extract(view, '$.firstName')) LIKE ? OR lower(json_extract(view, '$.lastName')) LIKE ?"
                        + " OR json_extract(view, '$.phone') LIKE ?",
                "json_extract(view, '$.firstName') COLLATE NOCASE, id");
        static final String TICKETS_OF_CUSTOMER = String.format(
                VIEW,
                "tickets",
                "json_extract(view, '$.customerId') = ?",
                "json_extract(view, '$.createdAt') DESC, id DESC");
        static final String BOARD = String.format(
                VIEW, "tickets", "json_extract(view, '$.status') = ?", "json_extract(view, '$.createdAt'), id");
        static final String APPOINTMENTS_OF_DAY = String.format(
                VIEW,
                "appointments",
                "json_extract(view, '$.startsAt') >= ? AND json_extract(view, '$.startsAt') < ?",
                "json_extract(view, '$.startsAt'), id");
        static final String LOW_STOCK = String.format(
                VIEW,
                "inventoryItems",
                "json_extract(view, '$.reorderLevel') IS NOT NULL AND json_extract(view, '$.quantity')"
                        + " <= json_extract(view, '$.reorderLevel')",
                "json_extract(view, '$.sku'), id");
    }

    /** What the queries ask for, drawn (seeded) from what the device holds. */
    private record Samples(
            List<String> lastNames,
            List<String> phones,
            List<String> customerIds,
            List<Instant> starts,
            SplittableRandom random) {
        static Samples read(Harness harness, long seed) throws SQLException {
            List<String> lastNames = new ArrayList<>();
            List<String> phones = new ArrayList<>();
            List<String> customerIds = new ArrayList<>();
            List<Instant> starts = new ArrayList<>();
            try (Connection connection = BenchHook.connect(harness.deviceFile("device"), harness.keysFolder());
                    Statement statement = connection.createStatement()) {
                try (ResultSet rows = statement.executeQuery("SELECT id, json_extract(base, '$.lastName'),"
                        + " json_extract(base, '$.phone') FROM records WHERE entity = 'customers' LIMIT 5000")) {
                    while (rows.next()) {
                        customerIds.add(rows.getString(1));
                        lastNames.add(rows.getString(2));
                        phones.add(rows.getString(3));
                    }
                }
                try (ResultSet rows = statement.executeQuery("SELECT json_extract(base, '$.startsAt') FROM records"
                        + " WHERE entity = 'appointments' LIMIT 5000")) {
                    while (rows.next()) {
                        starts.add(Instant.parse(rows.getString(1)));
                    }
                }
            }
            return new Samples(lastNames, phones, customerIds, starts, new SplittableRandom(seed));
        }

        /** Keystrokes: a last name typed letter by letter (1 to 5), or a phone's digits typed 2 to 6 at a time. */
        List<String> typed(int count) {
            List<String> typed = new ArrayList<>();
            while (typed.size() < count) {
                if (random.nextBoolean()) {
                    String name = pick(lastNames);
                    for (int length = 1; length <= Math.min(5, name.length()) && typed.size() < count; length++) {
                        typed.add(name.substring(0, length));
                    }
                } else {
                    String digits = pick(phones).replaceAll("[^0-9]", "");
                    int from = random.nextInt(Math.max(1, digits.length() - 2));
                    for (int end = from + 2;
                            end <= Math.min(digits.length(), from + 6) && typed.size() < count;
                            end++) {
                        typed.add(digits.substring(from, end));
                    }
                }
            }
            return typed;
        }

        List<String> customers(int count) {
            return draw(count, () -> pick(customerIds));
        }

        List<String> statuses(int count) {
            List<String> statuses =
                    List.of("checked_in", "diagnosing", "awaiting_parts", "in_repair", "ready", "picked_up");
            return draw(count, () -> pick(statuses));
        }

        List<LocalDate> days(int count) {
            return draw(count, () -> LocalDate.ofInstant(pick(starts), ZoneOffset.UTC));
        }

        private <T> List<T> draw(int count, java.util.function.Supplier<T> next) {
            List<T> drawn = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                drawn.add(next.get());
            }
            return drawn;
        }

        private <T> T pick(List<T> values) {
            return values.get(random.nextInt(values.size()));
        }
    }
}
