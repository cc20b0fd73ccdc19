package com.repairsync.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.JsonMappers;
import com.repairsync.server.ApiException;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes RFC 9457 problem+json responses. */
final class Problems {
    static final String CONTENT_TYPE = "application/problem+json";
    private static final ObjectMapper JSON = JsonMappers.shared();
    private static final String WRITTEN = "problemWritten";

    private Problems() {}

    static void write(Context ctx, ErrorCode code, int status, String field, String detail) {
        ctx.status(status).json(body(ctx, code, status, field, detail)).contentType(CONTENT_TYPE);
        ctx.attribute(WRITTEN, Boolean.TRUE);
    }

    /** Writes and commits the problem of an {@link ApiException} at once, bypassing the result pipeline. */
    static void writeCommitted(Context ctx, ApiException e) throws IOException {
        byte[] json = JSON.writeValueAsBytes(body(ctx, e.code(), e.status(), e.field(), e.getMessage()));
        HttpServletResponse response = ctx.res();
        response.setStatus(e.status());
        response.setContentType(CONTENT_TYPE);
        if (e.status() == 401) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
        response.flushBuffer();
        ctx.attribute(WRITTEN, Boolean.TRUE);
    }

    private static Map<String, Object> body(Context ctx, ErrorCode code, int status, String field, String detail) {
        return body(code, status, field, detail, ctx.attribute(RequestIds.ATTRIBUTE));
    }

    /** A problem's JSON bytes, for writers outside Javalin (Jetty's own errors). */
    static byte[] bytes(ErrorCode code, int status, String field, String detail, String requestId) {
        try {
            return JSON.writeValueAsBytes(body(code, status, field, detail, requestId));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers is always JSON", e);
        }
    }

    /**
     * The stable error code for an HTTP status that no handler chose a code for: the status's
     * generic code ({@link ErrorCode#forStatus}), else internal for a server error and malformed
     * request for any other.
     */
    static ErrorCode codeFor(int status) {
        return ErrorCode.forStatus(status).orElse(status >= 500 ? ErrorCode.INTERNAL : ErrorCode.MALFORMED_REQUEST);
    }

    private static Map<String, Object> body(ErrorCode code, int status, String field, String detail, String requestId) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "urn:repairsync:problem:" + code.wireName());
        problem.put("title", title(code));
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("code", code.wireName());
        if (field != null) {
            problem.put("field", field);
        }
        if (requestId != null) {
            problem.put("requestId", requestId);
        }
        return problem;
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
