package com.repairsync.server.auth;

import com.repairsync.server.ApiException;
import com.repairsync.server.store.LoginCandidate;
import com.repairsync.server.store.Store;
import java.time.Duration;
import java.util.Optional;

/**
 * Signs admins and managers in to the owner's console in a browser. A session is a signed token
 * (kept in an HttpOnly cookie) naming the employee and their sign-in generation, so it holds on
 * every node and ends with every other sign-in of theirs: a password change, "sign out
 * everywhere", deactivation or a new role. It lasts {@link #SESSION} and carries the CSRF token the
 * console's pages send back with every change.
 */
public final class ConsoleSignIn {
    /** How long a console session lasts. */
    public static final Duration SESSION = Duration.ofHours(8);

    private final AuthService auth;
    private final AccessTokens tokens;
    private final Sessions sessions;
    private final Store store;

    public ConsoleSignIn(AuthService auth, SessionIssuer issuer, Sessions sessions, Store store) {
        this.auth = auth;
        this.tokens = issuer.accessTokens();
        this.sessions = sessions;
        this.store = store;
    }

    /** A signed-in console session: the cookie's token, and the CSRF token of its pages. */
    public record Session(String token, String csrf, Principal principal) {}

    /**
     * Checks the e-mail and password (under the login throttle) and opens a session.
     *
     * @throws ApiException {@code unauthorized}, {@code rate_limited} or {@code forbidden} as a login
     *     would; {@code forbidden} too for a technician or the front desk
     */
    public Session signIn(String email, String password, String address) {
        LoginCandidate employee = auth.passwordCheck().verify(email, password, address);
        if (!employee.role().managesShop()) {
            throw ApiException.forbidden("the console is for the shop's admins and managers; a "
                    + employee.role().wireName() + " uses the app");
        }
        long generation = store.read(tx -> tx.sessionGeneration(employee.shopId(), employee.employeeId()))
                .orElseThrow(() -> ApiException.unauthorized("email or password is wrong"));
        String csrf = SessionIssuer.randomToken();
        String token = tokens.issueConsole(
                employee.shopId(), employee.employeeId(), employee.role(), generation, csrf, SESSION);
        return new Session(token, csrf, principal(tokens.verifyConsole(token).orElseThrow()));
    }

    /**
     * The session of a console cookie that still holds; empty for no cookie, or one not ours or
     * expired.
     *
     * @throws ApiException 401 {@code session_revoked} when the employee's sign-ins ended since
     */
    public Optional<Session> authenticate(String token) {
        return tokens.verifyConsole(token).map(claims -> {
            Principal principal = principal(claims);
            sessions.requireCurrent(principal);
            return new Session(token, claims.csrf(), principal);
        });
    }

    private static Principal principal(AccessTokens.ConsoleClaims claims) {
        return Principal.console(
                claims.shopId(), claims.employeeId(), claims.role(), claims.expiresAt(), claims.employeeGeneration());
    }
}
