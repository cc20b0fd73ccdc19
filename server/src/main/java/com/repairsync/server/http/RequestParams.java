package com.repairsync.server.http;

import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.server.ApiException;
import com.repairsync.server.store.StoredInstants;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Path and query parameters checked as the API reads them: a problem naming the parameter when one is not. */
public final class RequestParams {
    private RequestParams() {}

    /** A UUID path parameter, canonical. */
    public static String uuid(Context ctx, String param) {
        return FieldSpec.canonicalUuid(ctx.pathParam(param))
                .orElseThrow(() -> ApiException.invalid(param, param + " in the path must be a UUID"));
    }

    /** A UUID query parameter, canonical, or null when absent. */
    public static String optionalUuid(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        return FieldSpec.canonicalUuid(raw)
                .orElseThrow(() -> ApiException.invalid(name, name + " must be a UUID, got '" + shown(raw) + "'"));
    }

    /** An ISO-8601 instant query parameter within what the stores keep, or null when absent. */
    public static Instant instant(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(raw);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(name, name + " must be an ISO-8601 UTC instant such as 2026-11-24T00:00:00Z");
        }
        if (!StoredInstants.contains(instant)) {
            throw ApiException.invalid(name, name + " must be " + StoredInstants.RANGE + ", got " + raw);
        }
        return instant;
    }

    /** A value as an error message quotes it: at most 40 characters. */
    private static String shown(String raw) {
        return raw.length() > 40 ? raw.substring(0, 40) + "…" : raw;
    }

    /** A mutation id path parameter: 1 to 100 characters, as a push takes them. */
    public static String mutationId(Context ctx) {
        String id = ctx.pathParam("mutationId");
        if (id.isBlank() || id.length() > 100) {
            throw ApiException.invalid("mutationId", "mutationId in the path must be 1 to 100 characters");
        }
        return id;
    }

    /** A whole-number query parameter within bounds, or the fallback when absent. */
    public static long number(Context ctx, String name, long fallback, long min, long max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        throw ApiException.invalid(
                name, name + " must be a whole number between " + min + " and " + max + ", got '" + raw + "'");
    }
}
