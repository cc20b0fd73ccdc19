package com.repairsync.server.http;

import com.repairsync.server.ApiException;
import com.repairsync.server.ClientAddress;
import com.repairsync.server.auth.AuthService;
import com.repairsync.server.auth.Principal;
import io.javalin.http.Context;

/** Who calls: the principal of a request's access token, and the client address it came from. */
public final class Callers {
    /** The request attribute holding the authenticated principal, for the request log. */
    static final String PRINCIPAL = "principal";

    private final AuthService auth;
    private final ClientAddress clientAddress;

    public Callers(AuthService auth, ClientAddress clientAddress) {
        this.auth = auth;
        this.clientAddress = clientAddress;
    }

    /** The principal a request authenticated as, if it did. */
    public static Principal of(Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }

    /** Notes who a request acts for, for the request log (a console session, say). */
    public static void remember(Context ctx, Principal principal) {
        ctx.attribute(PRINCIPAL, principal);
    }

    /** The caller's principal from {@code Authorization: Bearer}; 401 without a valid token. */
    public Principal principal(Context ctx) {
        Principal principal = authenticate(ctx.header("Authorization"), null)
                .orElseThrow(() ->
                        ApiException.unauthorized("a valid access token is required (Authorization: Bearer ...)"));
        ctx.attribute(PRINCIPAL, principal);
        return principal;
    }

    /** Authenticates a bearer header or, for WebSockets, a token query parameter. */
    java.util.Optional<Principal> authenticate(String authorization, String queryToken) {
        String token = queryToken;
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = authorization.substring(7).trim();
        }
        return auth.authenticate(token);
    }

    /** The client's address: the socket peer, or whom a trusted proxy forwarded the request for. */
    public String clientAddress(Context ctx) {
        return clientAddress.resolve(
                ctx.req().getRemoteAddr(),
                java.util.Collections.list(ctx.req().getHeaders("Forwarded")),
                java.util.Collections.list(ctx.req().getHeaders("X-Forwarded-For")));
    }
}
