package com.repairsync.server.http;

import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.server.ApiException;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.history.HistoryReader;
import com.repairsync.server.store.AuditFilter;
import io.javalin.http.Context;
import java.time.Instant;

/**
 * Handlers of the shop's history: one record's ({@code GET /v1/records/{entity}/{id}/history}),
 * the audit ({@code GET /v1/audit}) and the managers' offline feed ({@code GET
 * /v1/history/feed}). Parameters are checked here, each refusal naming its parameter; who may read
 * what is {@link HistoryReader}'s.
 */
public final class HistoryHandlers {
    private final HistoryReader history;
    private final Callers callers;

    HistoryHandlers(HistoryReader history, Callers callers) {
        this.history = history;
        this.callers = callers;
    }

    void ofRecord(Context ctx) {
        Principal principal = callers.principal(ctx);
        String recordId = RequestParams.uuid(ctx, "id");
        long before = before(ctx);
        int limit = limit(ctx, HistoryReader.RECORD_DEFAULT, HistoryReader.RECORD_MAX);
        ctx.json(history.ofRecord(
                principal, ctx.pathParam("entity"), recordId, before, limit, WireVersionCheck.version(ctx)));
    }

    void audit(Context ctx) {
        Principal principal = callers.principal(ctx);
        int protocol = WireVersionCheck.version(ctx);
        ctx.json(history.audit(principal, auditFilter(ctx, protocol), protocol));
    }

    void feed(Context ctx) {
        Principal principal = callers.principal(ctx);
        long after = RequestParams.number(ctx, "after", 0, 0, Long.MAX_VALUE);
        int limit = limit(ctx, HistoryReader.FEED_DEFAULT, HistoryReader.FEED_MAX);
        ctx.json(history.feed(principal, after, limit, WireVersionCheck.version(ctx)));
    }

    /**
     * The audit's filters and page from the query ({@code employee}, {@code device}, {@code entity},
     * {@code from}, {@code to}, {@code before}, {@code limit}), for the API and the console alike.
     *
     * @param protocol the wire version whose entities {@code entity} may name
     */
    public static AuditFilter auditFilter(Context ctx, int protocol) {
        Instant from = RequestParams.instant(ctx, "from");
        Instant to = RequestParams.instant(ctx, "to");
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiException.invalid("to", "to must be after from");
        }
        return new AuditFilter(
                RequestParams.optionalUuid(ctx, "employee"),
                RequestParams.optionalUuid(ctx, "device"),
                entity(ctx, protocol),
                from,
                to,
                before(ctx),
                limit(ctx, HistoryReader.AUDIT_DEFAULT, HistoryReader.AUDIT_MAX));
    }

    /** {@code before}: entries with a sequence below it (the next page's, from the last page); all without. */
    private static long before(Context ctx) {
        return RequestParams.number(ctx, "before", Long.MAX_VALUE, 1, Long.MAX_VALUE);
    }

    private static int limit(Context ctx, int fallback, int max) {
        return (int) RequestParams.number(ctx, "limit", fallback, 1, max);
    }

    /** The {@code entity} filter: one the device's wire version knows, or null. */
    private static String entity(Context ctx, int protocol) {
        String name = ctx.queryParam("entity");
        if (name == null || name.isEmpty()) {
            return null;
        }
        return Schema.entity(name)
                .filter(type -> type.sinceProtocol() <= protocol)
                .map(EntityType::name)
                .orElseThrow(() -> new ApiException(
                        ErrorCode.UNKNOWN_ENTITY,
                        "entity",
                        "entity: unknown entity '" + (name.length() > 40 ? name.substring(0, 40) + "…" : name) + "'"));
    }
}
