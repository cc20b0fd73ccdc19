package com.repairsync.server.http;

import com.repairsync.protocol.ErrorCode;
import com.repairsync.server.ApiException;
import com.repairsync.server.store.StoreException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps what a handler throws, and the statuses no handler answered, to problem+json responses. */
final class ErrorResponses {
    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {}

    /** Installs the exception and status handlers. */
    static void install(JavalinConfig javalin) {
        var routes = javalin.routes;
        routes.exception(ApiException.class, (e, ctx) -> {
            if (e.retryAfter() != null) {
                ctx.header(
                        "Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
            }
            if (e.status() == 401) {
                ctx.header("WWW-Authenticate", "Bearer");
            }
            Problems.write(ctx, e.code(), e.status(), e.field(), e.getMessage());
        });
        routes.exception(StoreException.class, (e, ctx) -> {
            log.error("storage failed", e);
            Problems.write(ctx, ErrorCode.UNAVAILABLE, 503, null, "storage is unavailable; retry later");
        });
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            String detail =
                    switch (e.getStatus()) {
                        case 404 -> "no route " + ctx.method() + " " + ctx.path();
                        case 405 -> ctx.method() + " is not allowed on " + ctx.path();
                        default -> e.getMessage();
                    };
            Problems.write(ctx, Problems.codeFor(e.getStatus()), e.getStatus(), null, detail);
        });
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("request failed", e);
            Problems.write(
                    ctx,
                    ErrorCode.INTERNAL,
                    500,
                    null,
                    "internal server error; the log has request id " + ctx.attribute(RequestIds.ATTRIBUTE));
        });
        routes.error(404, ctx -> {
            if (!Problems.written(ctx)) {
                Problems.write(ctx, ErrorCode.NOT_FOUND, 404, null, "no route " + ctx.method() + " " + ctx.path());
            }
        });
        routes.error(405, ctx -> {
            if (!Problems.written(ctx)) {
                Problems.write(
                        ctx,
                        ErrorCode.METHOD_NOT_ALLOWED,
                        405,
                        null,
                        ctx.method() + " is not allowed on " + ctx.path());
            }
        });
    }
}
