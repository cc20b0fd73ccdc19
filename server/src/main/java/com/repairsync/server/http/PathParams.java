package com.repairsync.server.http;

import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.server.ApiException;
import io.javalin.http.Context;

/** Path parameters checked as the API's ids: a problem naming the parameter when one is not. */
public final class PathParams {
    private PathParams() {}

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
}
