package com.repairsync.server.http;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Gives every request an id (the caller's {@code X-Request-Id} if it is sane, else a new one),
 * echoes it in the response and puts it in the logging context.
 */
final class RequestIds {
    static final String HEADER = "X-Request-Id";
    static final String ATTRIBUTE = "requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private RequestIds() {}

    static void assign(Context ctx) {
        String given = ctx.header(HEADER);
        String id = given != null && SANE.matcher(given).matches()
                ? given
                : UUID.randomUUID().toString();
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(HEADER, id);
        MDC.put(ATTRIBUTE, id);
    }

    static void clear() {
        MDC.remove(ATTRIBUTE);
    }
}
