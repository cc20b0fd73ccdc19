package com.repairsync.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.repairsync.protocol.PullResponse;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.console.SyncAnalytics;
import com.repairsync.server.sync.PullQuery;
import com.repairsync.server.sync.PullService;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Handlers of pulls: one page, or a stream of pages as NDJSON. */
final class PullHandlers {
    private static final Logger log = LoggerFactory.getLogger(PullHandlers.class);
    /** Most pages one pull stream sends (the device asks again for more). */
    static final int MAX_STREAM_PAGES = 100;

    private final PullService pull;
    private final PullParams params;
    private final ObjectWriter pageWriter;
    private final Callers callers;
    private final SyncAnalytics analytics;

    PullHandlers(PullService pull, PullParams params, ObjectMapper json, Callers callers, SyncAnalytics analytics) {
        this.pull = pull;
        this.params = params;
        this.pageWriter = json.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        this.callers = callers;
        this.analytics = analytics;
    }

    void pull(Context ctx) {
        Principal principal = callers.principal(ctx);
        PullResponse page = pull.pull(principal, params.query(ctx));
        analytics.pulled(principal, RequestLog.elapsed(ctx));
        ctx.json(page);
    }

    /**
     * Up to {@code pages} pull pages in one response, one JSON object per line (NDJSON), each page
     * exactly what {@code /v1/sync/pull} would answer at its cursor and read in its own snapshot.
     * The server reads the next page while the device stores the last, and a far-behind device
     * pays one round trip per {@code pages} pages instead of one per page. The first page is read
     * before the status is sent, so its errors are problem+json; a later page that fails ends the
     * stream early (logged), and the device goes on from the last cursor it stored.
     */
    void pullStream(Context ctx) throws IOException {
        Principal principal = callers.principal(ctx);
        PullQuery query = params.query(ctx);
        int pages = (int) RequestParams.number(ctx, "pages", 1, 1, MAX_STREAM_PAGES);
        PullResponse page = pull.pull(principal, query);
        analytics.pulled(principal, RequestLog.elapsed(ctx)); // the time to the first page: what a device waits
        ctx.status(200).contentType("application/x-ndjson");
        boolean gzip = acceptsGzip(ctx);
        if (gzip) {
            ctx.header("Content-Encoding", "gzip"); // ours, flushed per page; Javalin's compression stays out
        }
        OutputStream raw = ctx.res().getOutputStream();
        int sent = 0;
        try (OutputStream out = gzip ? new PageGzipStream(raw) : raw) {
            writePage(out, page);
            for (sent = 1; sent < pages && page.hasMore(); sent++) {
                try {
                    page = pull.pull(principal, query.after(page.cursor()));
                } catch (RuntimeException e) {
                    log.warn("pull stream ended after {} pages at cursor {}: {}", sent, page.cursor(), e.toString());
                    return;
                }
                writePage(out, page);
            }
        } catch (IOException gone) {
            // The device went away or stopped reading (it stores what it got and asks again later).
            log.debug("pull stream: the device stopped reading after {} pages: {}", sent, gone.toString());
        }
    }

    private void writePage(OutputStream out, PullResponse page) throws IOException {
        pageWriter.writeValue(out, page);
        out.write('\n');
        out.flush();
    }

    private static boolean acceptsGzip(Context ctx) {
        String accepted = ctx.header("Accept-Encoding");
        if (accepted == null) {
            return false;
        }
        for (String coding : accepted.split(",")) {
            String[] parts = coding.strip().split(";");
            if (parts[0].strip().equalsIgnoreCase("gzip")
                    && !(parts.length > 1 && parts[1].strip().replace(" ", "").matches("q=0(\\.0*)?"))) {
                return true;
            }
        }
        return false;
    }
}
