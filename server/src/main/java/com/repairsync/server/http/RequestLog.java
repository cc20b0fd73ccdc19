package com.repairsync.server.http;

import com.repairsync.server.auth.Principal;
import com.repairsync.server.metrics.ServerMetrics;
import io.javalin.http.Context;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One log line and one latency sample per request, under its route template. */
final class RequestLog {
    private static final Logger log = LoggerFactory.getLogger(RequestLog.class);
    private static final String STARTED = "startedNanos";

    private final ServerMetrics metrics;
    private final Callers callers;

    RequestLog(ServerMetrics metrics, Callers callers) {
        this.metrics = metrics;
        this.callers = callers;
    }

    /** Notes when a request started and gives it a request id. */
    static void started(Context ctx) {
        ctx.attribute(STARTED, System.nanoTime());
        RequestIds.assign(ctx);
    }

    /** Logs and measures a request that has been answered. */
    void finished(Context ctx) {
        Duration elapsed = elapsed(ctx);
        String route = matchedRoute(ctx);
        int status = ctx.statusCode();
        metrics.request(ctx.method().name(), route, status, elapsed);
        Principal principal = Callers.of(ctx);
        log.info(
                "method={} path={} status={} ms={} client={} shop={} device={}",
                ctx.method().name(),
                ctx.path(),
                status,
                elapsed.toMillis(),
                callers.clientAddress(ctx),
                principal == null ? "-" : principal.shopId(),
                principal == null ? "-" : principal.deviceId());
        RequestIds.clear();
    }

    /** How long the request has taken so far. */
    static Duration elapsed(Context ctx) {
        Long started = ctx.attribute(STARTED);
        return Duration.ofNanos(started == null ? 0 : System.nanoTime() - started);
    }

    /** The route template (not the raw path, which would explode the metric's cardinality). */
    private static String matchedRoute(Context ctx) {
        try {
            var endpoint = ctx.endpoints().matchedHttpEndpoint();
            return endpoint == null ? "unmatched" : endpoint.path;
        } catch (RuntimeException none) {
            return "unmatched";
        }
    }
}
