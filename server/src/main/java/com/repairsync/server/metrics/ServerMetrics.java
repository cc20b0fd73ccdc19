package com.repairsync.server.metrics;

import com.repairsync.protocol.MutationStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The server's meters: HTTP requests by route and status, push results by status, rows served by
 * pulls, open realtime sockets, and how long a commit takes to reach them.
 */
public final class ServerMetrics {
    /** The methods of RFC 9110 and PATCH; any other method is counted as {@code other}. */
    private static final Set<String> KNOWN_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<MutationStatus, Counter> pushResults = new EnumMap<>(MutationStatus.class);
    private final DistributionSummary pullRows;
    private final Timer realtimeFanout;

    public ServerMetrics() {
        for (MutationStatus status : MutationStatus.values()) {
            pushResults.put(
                    status,
                    Counter.builder("repairsync.push.results")
                            .description("pushed mutations by result")
                            .tag("status", status.wireName())
                            .register(registry));
        }
        pullRows = DistributionSummary.builder("repairsync.pull.rows")
                .description("changes returned per pull page")
                .register(registry);
        realtimeFanout = Timer.builder("repairsync.realtime.fanout")
                .description("from a commit until its message was handed to the last open socket of its shop")
                .register(registry);
    }

    /** Counts one scheduled backup by its result ({@code repairsync_backups_total{result="ok|failed"}}). */
    public void backupResult(boolean succeeded) {
        Counter.builder("repairsync.backups")
                .description("scheduled backups by result")
                .tag("result", succeeded ? "ok" : "failed")
                .register(registry)
                .increment();
    }

    public void pushResult(MutationStatus status) {
        pushResults.get(status).increment();
    }

    public void pullRows(int rows) {
        pullRows.record(rows);
    }

    /**
     * Records one HTTP request. The method label is one of the standard methods or {@code other},
     * so a client inventing methods cannot add series without bound (the route is a template or
     * {@code unmatched}, the status a number).
     */
    public void request(String method, String route, int status, Duration elapsed) {
        Timer.builder("repairsync.http.requests")
                .description("HTTP requests by route and status")
                .tag("method", methodLabel(method))
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .register(registry)
                .record(elapsed);
    }

    static String methodLabel(String method) {
        return KNOWN_METHODS.contains(method) ? method : "other";
    }

    public void realtimeFanout(long nanos) {
        realtimeFanout.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void socketsGauge(IntSupplier openSockets) {
        Gauge.builder("repairsync.realtime.sockets", openSockets::getAsInt)
                .description("open realtime WebSocket connections")
                .register(registry);
    }

    /** Bytes of realtime messages queued for this node's sockets and not yet written. */
    public void unsentBytesGauge(java.util.function.LongSupplier unsentBytes) {
        Gauge.builder("repairsync.realtime.unsent", unsentBytes::getAsLong)
                .description("bytes of realtime messages waiting to be written to sockets")
                .baseUnit("bytes")
                .register(registry);
    }

    /** All meters in the Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }
}
