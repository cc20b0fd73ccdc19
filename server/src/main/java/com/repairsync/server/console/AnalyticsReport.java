package com.repairsync.server.console;

import com.repairsync.server.store.CounterRow;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A shop's sync analytics over some hours, as {@code GET /v1/analytics} answers: one entry per
 * hour (hours without sync too, so a chart's axis is even), the totals, and the devices with the
 * most rejections.
 *
 * @param from the start of the first hour
 * @param to the end of the last hour (the end of the current one)
 */
public record AnalyticsReport(Instant from, Instant to, List<Hour> hours, Counts totals, List<Rejecting> topRejecting) {

    /** How many devices {@link #topRejecting} names at most. */
    static final int TOP = 5;

    /** The counts of one hour. */
    public record Hour(Instant hour, Counts counts) {}

    /**
     * What was counted.
     *
     * @param rejectedByCode rejected mutations by error code
     * @param pushMs push latency percentiles in ms ({@code p50}, {@code p95}, {@code p99}); an empty
     *     map without pushes. A value is the upper bound of its bucket; a push slower than 10 s
     *     shows as {@code 9223372036854775807}.
     * @param realtimeDelivered commits announced to open sockets, counted once per socket
     * @param failedQueue the sum over devices of the failed-queue length each last reported in the
     *     hour(s)
     */
    public record Counts(
            long pushes,
            long mutations,
            long applied,
            long duplicate,
            long rejected,
            Map<String, Long> rejectedByCode,
            long pulls,
            Map<String, Long> pushMs,
            Map<String, Long> pullMs,
            long realtimeDelivered,
            long failedQueue) {}

    /** A device and how many of its mutations the server rejected in the report's hours. */
    public record Rejecting(String deviceId, String name, long rejected) {}

    /**
     * Shapes stored counters into a report.
     *
     * @param firstHour the start of the first hour
     * @param hourCount how many hours, the last being the current one
     * @param deviceNames names of the shop's devices by id
     */
    static AnalyticsReport of(
            List<CounterRow> counters, Instant firstHour, int hourCount, Map<String, String> deviceNames) {
        Map<Instant, List<CounterRow>> byHour = new TreeMap<>();
        for (int i = 0; i < hourCount; i++) {
            byHour.put(firstHour.plus(i, ChronoUnit.HOURS), new ArrayList<>());
        }
        counters.forEach(row ->
                byHour.computeIfAbsent(row.hour(), hour -> new ArrayList<>()).add(row));
        List<Hour> hours = new ArrayList<>();
        byHour.forEach((hour, rows) -> hours.add(new Hour(hour, counts(rows))));
        Map<String, Long> rejectedByDevice = new HashMap<>();
        counters.stream()
                .filter(row -> row.name().equals(SyncAnalytics.REJECTED))
                .forEach(row -> rejectedByDevice.merge(row.deviceId(), row.value(), Long::sum));
        List<Rejecting> top = rejectedByDevice.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP)
                .map(entry -> new Rejecting(entry.getKey(), deviceNames.get(entry.getKey()), entry.getValue()))
                .toList();
        return new AnalyticsReport(
                firstHour, firstHour.plus(hourCount, ChronoUnit.HOURS), hours, totals(counters), top);
    }

    /** The totals: counters summed, except the failed queue, which is each device's last report. */
    private static Counts totals(List<CounterRow> counters) {
        Map<String, CounterRow> lastFailed = new HashMap<>();
        List<CounterRow> summed = new ArrayList<>();
        for (CounterRow row : counters) { // in hour order
            if (row.name().equals(SyncAnalytics.FAILED_QUEUE)) {
                lastFailed.put(row.deviceId(), row);
            } else {
                summed.add(row);
            }
        }
        summed.addAll(lastFailed.values());
        return counts(summed);
    }

    private static Counts counts(List<CounterRow> rows) {
        Map<String, Long> byName = new HashMap<>();
        Map<String, Long> rejectedByCode = new TreeMap<>();
        Map<String, Long> pushBuckets = new HashMap<>();
        Map<String, Long> pullBuckets = new HashMap<>();
        for (CounterRow row : rows) {
            String name = row.name();
            if (name.startsWith(SyncAnalytics.REJECTED_CODE)) {
                rejectedByCode.merge(name.substring(SyncAnalytics.REJECTED_CODE.length()), row.value(), Long::sum);
            } else if (name.startsWith(SyncAnalytics.PUSH_MS)) {
                pushBuckets.merge(name.substring(SyncAnalytics.PUSH_MS.length()), row.value(), Long::sum);
            } else if (name.startsWith(SyncAnalytics.PULL_MS)) {
                pullBuckets.merge(name.substring(SyncAnalytics.PULL_MS.length()), row.value(), Long::sum);
            } else {
                byName.merge(name, row.value(), Long::sum);
            }
        }
        return new Counts(
                byName.getOrDefault(SyncAnalytics.PUSHES, 0L),
                byName.getOrDefault(SyncAnalytics.MUTATIONS, 0L),
                byName.getOrDefault(SyncAnalytics.APPLIED, 0L),
                byName.getOrDefault(SyncAnalytics.DUPLICATE, 0L),
                byName.getOrDefault(SyncAnalytics.REJECTED, 0L),
                rejectedByCode,
                byName.getOrDefault(SyncAnalytics.PULLS, 0L),
                percentiles(pushBuckets),
                percentiles(pullBuckets),
                byName.getOrDefault(SyncAnalytics.DELIVERED, 0L),
                byName.getOrDefault(SyncAnalytics.FAILED_QUEUE, 0L));
    }

    private static Map<String, Long> percentiles(Map<String, Long> buckets) {
        Map<String, Long> percentiles = new LinkedHashMap<>();
        Long median = LatencyBuckets.percentile(buckets, 0.5);
        if (median != null) {
            percentiles.put("p50", median);
            percentiles.put("p95", LatencyBuckets.percentile(buckets, 0.95));
            percentiles.put("p99", LatencyBuckets.percentile(buckets, 0.99));
        }
        return percentiles;
    }
}
