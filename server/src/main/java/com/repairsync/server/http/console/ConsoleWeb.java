package com.repairsync.server.http.console;

import com.repairsync.server.ApiException;
import com.repairsync.server.auth.ConsoleSignIn;
import com.repairsync.server.auth.SessionIssuer;
import com.repairsync.server.http.Callers;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import org.webjars.WebJarVersionLocator;

/**
 * The owner's console in a browser, at {@code /console}: signing in and out (a cookie session:
 * HttpOnly, SameSite=Strict, Secure over HTTPS), the page and its files, and the JSON it reads
 * ({@link ConsoleApi}). Every answer under {@code /console} carries {@link ConsolePages#secure}'s
 * headers. The page is static; what it shows comes from the JSON and is put in the page as text.
 */
public final class ConsoleWeb {
    static final String SESSION_COOKIE = "rs_console";
    static final String SIGN_IN_COOKIE = "rs_console_signin";
    static final String CSRF_HEADER = "X-CSRF-Token";

    /** The console's own files, and the charting library's from its WebJar, by the path they are served at. */
    private static final Map<String, Asset> ASSETS = Map.of(
            "console.js", Asset.of("/console/console.js", "text/javascript"),
            "console.css", Asset.of("/console/console.css", "text/css"),
            "uplot.js", Asset.webJar("uplot", "dist/uPlot.iife.min.js", "text/javascript"),
            "uplot.css", Asset.webJar("uplot", "dist/uPlot.min.css", "text/css"));

    private static final Asset PAGE = Asset.of("/console/console.html", "text/html");

    private final ConsoleSignIn signIn;
    private final Callers callers;
    private final ConsoleApi api;

    public ConsoleWeb(ConsoleSignIn signIn, Callers callers, ConsoleApi api) {
        this.signIn = signIn;
        this.callers = callers;
        this.api = api;
    }

    public void install(JavalinConfig javalin) {
        var routes = javalin.routes;
        routes.before(ctx -> {
            if (ctx.path().equals("/console") || ctx.path().startsWith("/console/")) {
                ConsolePages.secure(ctx);
            }
        });
        routes.get("/console", this::page);
        routes.get("/console/login", ctx -> signInPage(ctx, 200, null));
        routes.post("/console/login", this::signIn);
        routes.post("/console/logout", this::signOut);
        routes.get("/console/assets/{file}", ConsoleWeb::asset);
        api.install(routes, this::session);
    }

    /** The console page for a signed-in browser; the sign-in page for any other. */
    private void page(Context ctx) {
        if (currentSession(ctx).isEmpty()) {
            ctx.redirect("/console/login", io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        PAGE.send(ctx);
    }

    private void signInPage(Context ctx, int status, String message) {
        String formToken = SessionIssuer.randomToken();
        setCookie(ctx, SIGN_IN_COOKIE, formToken, "/console/login", 1800);
        ctx.status(status).contentType("text/html; charset=utf-8").result(ConsolePages.signIn(formToken, message));
    }

    /**
     * Signs in from the form. The form's token must match the sign-in cookie (set with the form), so
     * another site cannot sign a browser in to an account of its choosing.
     */
    private void signIn(Context ctx) {
        String cookie = ctx.cookie(SIGN_IN_COOKIE);
        String formToken = ctx.formParam("formToken");
        if (cookie == null || formToken == null || !same(cookie, formToken)) {
            signInPage(ctx, 403, "The sign-in form expired. Please try again.");
            return;
        }
        String email = Optional.ofNullable(ctx.formParam("email")).orElse("").strip();
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        if (email.isEmpty() || password.isEmpty() || email.length() > 254 || password.length() > 1024) {
            signInPage(ctx, 400, "Enter your e-mail and password.");
            return;
        }
        ConsoleSignIn.Session session;
        try {
            session = signIn.signIn(email.toLowerCase(java.util.Locale.ROOT), password, callers.clientAddress(ctx));
        } catch (ApiException refused) {
            signInPage(ctx, refused.status(), refused.getMessage());
            return;
        }
        Callers.remember(ctx, session.principal());
        setCookie(ctx, SIGN_IN_COOKIE, "", "/console/login", 0);
        setCookie(ctx, SESSION_COOKIE, session.token(), "/console", ConsoleSignIn.SESSION.toSeconds());
        ctx.redirect("/console", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    /** Ends the browser's session (the page sends its CSRF token); 204. */
    private void signOut(Context ctx) {
        session(ctx, true);
        setCookie(ctx, SESSION_COOKIE, "", "/console", 0);
        ctx.status(204);
    }

    /**
     * The caller's console session; for a change ({@code post}), only with the session's CSRF token
     * in {@value #CSRF_HEADER}.
     *
     * @throws ApiException 401 without a session that holds, 403 {@code forbidden} naming the
     *     header for a change without the right token
     */
    ConsoleSignIn.Session session(Context ctx, boolean change) {
        ConsoleSignIn.Session session = currentSession(ctx)
                .orElseThrow(() -> ApiException.unauthorized("sign in to the console first (/console/login)"));
        if (change) {
            String sent = ctx.header(CSRF_HEADER);
            if (sent == null || !same(sent, session.csrf())) {
                throw new ApiException(
                        com.repairsync.protocol.ErrorCode.FORBIDDEN,
                        CSRF_HEADER,
                        "a change needs the console page's " + CSRF_HEADER + " header; reload the console");
            }
        }
        Callers.remember(ctx, session.principal());
        return session;
    }

    private Optional<ConsoleSignIn.Session> currentSession(Context ctx) {
        String token = ctx.cookie(SESSION_COOKIE);
        if (token == null || token.isEmpty() || token.length() > 4096) {
            return Optional.empty();
        }
        try {
            return signIn.authenticate(token);
        } catch (ApiException ended) {
            setCookie(ctx, SESSION_COOKIE, "", "/console", 0); // the employee's sign-ins ended
            return Optional.empty();
        }
    }

    /** Sets (or, with max age 0, removes) an HttpOnly, SameSite=Strict cookie; Secure over HTTPS. */
    private static void setCookie(Context ctx, String name, String value, String path, long maxAgeSeconds) {
        String secure = "https".equalsIgnoreCase(ctx.scheme()) ? "; Secure" : "";
        ctx.res()
                .addHeader(
                        "Set-Cookie",
                        name + "=" + value + "; Path=" + path + "; Max-Age=" + maxAgeSeconds
                                + "; HttpOnly; SameSite=Strict" + secure);
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static void asset(Context ctx) {
        Asset asset = ASSETS.get(ctx.pathParam("file"));
        if (asset == null) {
            throw new ApiException(com.repairsync.protocol.ErrorCode.NOT_FOUND, null, "no such console file");
        }
        asset.send(ctx);
    }

    /** A file served as it is, read once. */
    private record Asset(byte[] bytes, String contentType) {
        static Asset of(String resource, String contentType) {
            try (InputStream in = ConsoleWeb.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + resource);
                }
                return new Asset(in.readAllBytes(), contentType);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A file of a WebJar on the class path, whatever its version. */
        static Asset webJar(String webJar, String file, String contentType) {
            String path = new WebJarVersionLocator().fullPath(webJar, file);
            if (path == null) {
                throw new IllegalStateException("missing WebJar file " + webJar + "/" + file);
            }
            return of("/" + path, contentType);
        }

        void send(Context ctx) {
            ctx.contentType(contentType + "; charset=utf-8").result(bytes);
        }
    }
}
