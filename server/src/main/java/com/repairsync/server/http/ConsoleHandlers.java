package com.repairsync.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.protocol.DeviceHealth;
import com.repairsync.protocol.WireVersions;
import com.repairsync.server.ApiException;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.console.DeviceReports;
import com.repairsync.server.console.ShopConsole;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Handlers of the owner's console API: devices reporting their health, and the shop's analytics
 * and alerts for its admins and managers. Reported text is checked for length and control
 * characters here: it is shown to an admin, in a browser and in a terminal.
 */
final class ConsoleHandlers {
    /** Largest health report taken: a report is a few hundred bytes. */
    static final int MAX_REPORT_BYTES = 4 * 1024;
    /** Longest SDK name kept from the request header. */
    static final int MAX_SDK = 64;
    /** Ages beyond ten years are not ages. */
    static final long MAX_AGE_SECONDS = 10L * 366 * 24 * 3600;

    private static final int MAX_COUNT = 100_000_000;

    private final ObjectMapper json;
    private final DeviceReports reports;
    private final ShopConsole console;
    private final Callers callers;

    ConsoleHandlers(ObjectMapper json, DeviceReports reports, ShopConsole console, Callers callers) {
        this.json = json;
        this.reports = reports;
        this.console = console;
        this.callers = callers;
    }

    /** {@code POST /v1/devices/health}: the calling device's report; 204. */
    void report(Context ctx) {
        Principal principal = callers.principal(ctx);
        JsonBody body = JsonBody.read(ctx, json, MAX_REPORT_BYTES);
        DeviceHealth report = new DeviceHealth(
                printable(body, "appVersion", DeviceHealth.MAX_APP_VERSION),
                printable(body, "platform", DeviceHealth.MAX_PLATFORM),
                body.count("queueDepth", MAX_COUNT),
                body.optionalCount("oldestUnsentSeconds", MAX_AGE_SECONDS),
                body.count("failedCount", MAX_COUNT),
                body.count("conflictCount", MAX_COUNT),
                body.optionalCount("lastPushSeconds", MAX_AGE_SECONDS),
                body.optionalCount("lastPullSeconds", MAX_AGE_SECONDS),
                body.optionalUuid("actingEmployeeId"),
                body.instant("deviceTime"));
        reports.report(principal, report, sdk(ctx), protocol(ctx));
        ctx.status(204);
    }

    /** {@code GET /v1/analytics?hours=24}. */
    void analytics(Context ctx) {
        Principal principal = callers.principal(ctx);
        int hours = (int) RequestParams.number(ctx, "hours", 24, 1, ShopConsole.MAX_HOURS);
        ctx.json(console.analytics(principal, hours));
    }

    /** {@code GET /v1/alerts}. */
    void alerts(Context ctx) {
        Principal principal = callers.principal(ctx);
        ctx.json(Map.of("alerts", console.alerts(principal)));
    }

    /** An optional string without control characters (they would rewrite an admin's terminal). */
    private static String printable(JsonBody body, String field, int maxLength) {
        String text = body.optionalText(field, maxLength);
        if (text != null && text.codePoints().anyMatch(Character::isISOControl)) {
            throw ApiException.invalid(field, field + " may not contain control characters");
        }
        return text;
    }

    /** The SDK the request names, cut to {@value #MAX_SDK} printable characters; null without one. */
    private static String sdk(Context ctx) {
        String header = ctx.header(WireVersions.SDK_HEADER);
        if (header == null || header.isBlank()) {
            return null;
        }
        String printable = header.strip()
                .codePoints()
                .filter(c -> !Character.isISOControl(c))
                .limit(MAX_SDK)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return printable.isEmpty() ? null : printable;
    }

    /** The wire version the request spoke, as the server serves it (a newer one as the newest it knows). */
    private static int protocol(Context ctx) {
        int spoken =
                WireVersions.parse(ctx.header(WireVersions.PROTOCOL_HEADER)).orElse(WireVersions.FIRST);
        return Math.min(spoken, WireVersions.CURRENT);
    }
}
