package com.repairsync.server.http;

import com.repairsync.protocol.ErrorCode;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes RFC 9457 problem+json responses. */
final class Problems {
    static final String CONTENT_TYPE = "application/problem+json";
    private static final String WRITTEN = "problemWritten";

    private Problems() {}

    static void write(Context ctx, ErrorCode code, int status, String field, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "urn:repairsync:problem:" + code.wireName());
        problem.put("title", title(code));
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("code", code.wireName());
        if (field != null) {
            problem.put("field", field);
        }
        String requestId = ctx.attribute(RequestIds.ATTRIBUTE);
        if (requestId != null) {
            problem.put("requestId", requestId);
        }
        ctx.status(status).json(problem).contentType(CONTENT_TYPE);
        ctx.attribute(WRITTEN, Boolean.TRUE);
    }

    /** True once a handler has answered this request with a problem. */
    static boolean written(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(WRITTEN));
    }

    private static String title(ErrorCode code) {
        String words = code.wireName().replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
