package com.repairsync.server.http;

import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.server.ApiException;
import io.javalin.http.Context;

/** Path and query parameters checked as the API reads them: a problem naming the parameter when one is not. */
public final class RequestParams {
    private RequestParams() {}

    /** A UUID path parameter, canonical. */
    public static String uuid(Context ctx, String param) {
        return FieldSpec.canonicalUuid(ctx.pathParam(param))
                .orElseThrow(() -> ApiException.invalid(param, param + " in the path must be a UUID"));
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
