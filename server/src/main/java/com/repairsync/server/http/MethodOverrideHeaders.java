package com.repairsync.server.http;

import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Removes method-override headers before any handler sees a request. Javalin routes by {@code
 * X-HTTP-Method-Override} when present ({@code Context.method()}), so a {@code POST} could reach a
 * {@code DELETE} or {@code PUT} route, around proxies, firewalls and logs that see a POST. The API
 * has no client that needs tunnelling: a request is the method on its request line.
 */
public final class MethodOverrideHeaders implements HttpConfiguration.Customizer {
    static final List<String> NAMES = List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override");

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        HttpFields headers = request.getHeaders();
        if (NAMES.stream().noneMatch(headers::contains)) {
            return request;
        }
        HttpFields.Mutable kept = HttpFields.build(headers);
        NAMES.forEach(kept::remove);
        HttpFields without = kept.asImmutable();
        return new Request.Wrapper(request) {
            @Override
            public HttpFields getHeaders() {
                return without;
            }
        };
    }
}
