package com.repairsync.server.http;

import com.repairsync.server.ApiException;
import com.repairsync.server.metrics.ServerMetrics;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code GET /metrics} in the Prometheus text format. With a metrics token configured ({@code
 * --metrics-token}) the scraper must send {@code Authorization: Bearer <token>}, compared in
 * constant time; without one the endpoint is open, for a server that only a private network
 * reaches.
 */
final class MetricsEndpoint {
    private final ServerMetrics metrics;
    private final byte[] token;

    MetricsEndpoint(ServerMetrics metrics, String token) {
        this.metrics = metrics;
        this.token = token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Answers a scrape.
     *
     * @throws ApiException 401 when a token is configured and the request does not carry it
     */
    void scrape(Context ctx) {
        if (token != null && !authorized(ctx.header("Authorization"))) {
            throw ApiException.unauthorized("/metrics requires the metrics token (Authorization: Bearer ...)");
        }
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }

    private boolean authorized(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token); // constant time for tokens of the same length
    }
}
