package com.repairsync.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.server.store.CounterRow;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalyticsReportTest {
    private static final Instant FIRST = Instant.parse("2026-12-06T08:00:00Z");
    private static final Instant SECOND = FIRST.plus(1, ChronoUnit.HOURS);

    @Test
    void latencyBucketsAreUpperBoundsAndPercentilesReadThemBack() {
        assertThat(LatencyBuckets.bucket(Duration.ofMillis(0))).isEqualTo("5");
        assertThat(LatencyBuckets.bucket(Duration.ofMillis(5))).isEqualTo("5");
        assertThat(LatencyBuckets.bucket(Duration.ofMillis(6))).isEqualTo("10");
        assertThat(LatencyBuckets.bucket(Duration.ofSeconds(11))).isEqualTo(LatencyBuckets.OVER);

        Map<String, Long> counts = Map.of("5", 90L, "100", 9L, LatencyBuckets.OVER, 1L);
        assertThat(LatencyBuckets.percentile(counts, 0.5)).isEqualTo(5);
        assertThat(LatencyBuckets.percentile(counts, 0.95)).isEqualTo(100);
        assertThat(LatencyBuckets.percentile(counts, 0.99)).isEqualTo(100);
        assertThat(LatencyBuckets.percentile(counts, 1.0)).isEqualTo(Long.MAX_VALUE);
        assertThat(LatencyBuckets.percentile(Map.of(), 0.5)).isNull();
    }

    @Test
    void everyHourIsListedCountsAddUpAndTheFailedQueueIsEachDevicesLastReport() {
        List<CounterRow> counters = List.of(
                new CounterRow(FIRST, "a", SyncAnalytics.PUSHES, 2),
                new CounterRow(FIRST, "a", SyncAnalytics.REJECTED, 1),
                new CounterRow(FIRST, "a", SyncAnalytics.REJECTED_CODE + "forbidden", 1),
                new CounterRow(FIRST, "a", SyncAnalytics.FAILED_QUEUE, 5),
                new CounterRow(FIRST, "b", SyncAnalytics.FAILED_QUEUE, 1),
                new CounterRow(FIRST, "", SyncAnalytics.PUSH_MS + "50", 2),
                new CounterRow(SECOND, "b", SyncAnalytics.PUSHES, 1),
                new CounterRow(SECOND, "b", SyncAnalytics.REJECTED, 3),
                new CounterRow(SECOND, "a", SyncAnalytics.FAILED_QUEUE, 2));

        AnalyticsReport report = AnalyticsReport.of(counters, FIRST, 3, Map.of("a", "desk", "b", "tablet"));

        assertThat(report.hours())
                .extracting(AnalyticsReport.Hour::hour)
                .containsExactly(FIRST, SECOND, SECOND.plus(1, ChronoUnit.HOURS));
        assertThat(report.hours().get(0).counts().failedQueue()).isEqualTo(6);
        assertThat(report.hours().get(2).counts().pushes()).isZero();
        assertThat(report.totals().pushes()).isEqualTo(3);
        assertThat(report.totals().rejected()).isEqualTo(4);
        assertThat(report.totals().rejectedByCode()).isEqualTo(Map.of("forbidden", 1L));
        assertThat(report.totals().failedQueue())
                .as("a's last report (2) and b's (1)")
                .isEqualTo(3);
        assertThat(report.totals().pushMs()).containsEntry("p50", 50L).containsEntry("p99", 50L);
        assertThat(report.totals().pullMs()).isEmpty();
        assertThat(report.topRejecting())
                .containsExactly(
                        new AnalyticsReport.Rejecting("b", "tablet", 3), new AnalyticsReport.Rejecting("a", "desk", 1));
        assertThat(report.to()).isEqualTo(FIRST.plus(3, ChronoUnit.HOURS));
    }
}
