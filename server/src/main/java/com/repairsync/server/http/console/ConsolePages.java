package com.repairsync.server.http.console;

import io.javalin.http.Context;

/**
 * The console's pages and the headers every console answer carries: a strict Content-Security-Policy
 * (scripts and styles only from this server's files, no inline script, no framing), no caching,
 * no sniffing, no referrer. The sign-in page is the one page written here; its only changing parts
 * (the form token and a message) are escaped.
 */
final class ConsolePages {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private ConsolePages() {}

    /** The security headers of every console answer. */
    static void secure(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        ctx.header("Cross-Origin-Resource-Policy", "same-origin");
    }

    /**
     * The sign-in page.
     *
     * @param formToken the token the form sends back (it must match the sign-in cookie)
     * @param message why the last attempt failed, or null
     */
    static String signIn(String formToken, String message) {
        String problem = message == null
                ? ""
                : "<p class=\"problem\" role=\"alert\" id=\"problem\">" + Html.escape(message) + "</p>";
        return """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>RepairSync console: sign in</title>
                <link rel="stylesheet" href="/console/assets/console.css">
                </head>
                <body class="sign-in">
                <main>
                <h1>RepairSync console</h1>
                <p>For the shop's admins and managers.</p>
                %s
                <form method="post" action="/console/login">
                <input type="hidden" name="formToken" value="%s">
                <label>E-mail <input type="email" name="email" id="email" autocomplete="username" required maxlength="254"></label>
                <label>Password <input type="password" name="password" id="password" autocomplete="current-password" required maxlength="1024"></label>
                <button type="submit" id="sign-in">Sign in</button>
                </form>
                </main>
                </body>
                </html>
                """.formatted(problem, Html.escape(formToken));
    }
}
