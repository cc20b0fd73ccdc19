package com.repairsync.server.auth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.Operation;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.merge.Merge;
import com.repairsync.protocol.merge.MergeOutcome;
import com.repairsync.protocol.merge.MutationRules;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.server.ApiException;
import com.repairsync.server.store.DeviceRow;
import com.repairsync.server.store.EmployeeRow;
import com.repairsync.server.store.LoginCandidate;
import com.repairsync.server.store.RefreshTokenRow;
import com.repairsync.server.store.Store;
import com.repairsync.server.store.StoreTx;
import com.repairsync.server.store.StoredRecord;
import com.repairsync.server.sync.ShopClocks;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Shops, logins, token refresh and passwords. */
public final class AuthService {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long after a rotation a device that lost the answer may present the old refresh token again. */
    static final Duration LOST_ANSWER_GRACE = Duration.ofMinutes(5);

    private final Store store;
    private final PasswordHasher hasher;
    private final AccessTokens accessTokens;
    private final LoginThrottle throttle;
    private final Clock clock;
    private final ShopClocks serverClock;
    private final Duration refreshTtl;

    public AuthService(
            Store store,
            PasswordHasher hasher,
            AccessTokens accessTokens,
            LoginThrottle throttle,
            Clock clock,
            ShopClocks serverClock,
            Duration refreshTtl) {
        this.store = store;
        this.hasher = hasher;
        this.accessTokens = accessTokens;
        this.throttle = throttle;
        this.clock = clock;
        this.serverClock = serverClock;
        this.refreshTtl = refreshTtl;
    }

    /**
     * Creates a shop and its first admin, who can then log in with the e-mail and password.
     *
     * @throws ApiException {@code conflict} if the e-mail already signs in to a shop
     */
    public AuthRequests.ShopCreated createShop(AuthRequests.CreateShop request) {
        // Hashed first, outside the write lock: a taken e-mail costs what a sign-up costs, so the
        // time of the answer does not tell which e-mails have an account.
        String passwordHash = hasher.hash(request.password());
        String shopId = UUID.randomUUID().toString();
        String employeeId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        store.write(tx -> {
            refuseTakenEmail(tx, request.email());
            tx.insertShop(shopId, request.shopName(), now);
            if (!tx.claimSignInEmail(request.email(), shopId, employeeId, now)) {
                throw takenEmail(request.email()); // claimed by a sign-up that committed meanwhile
            }
            ObjectNode fields = JsonNodeFactory.instance
                    .objectNode()
                    .put("firstName", request.firstName())
                    .put("lastName", request.lastName())
                    .put("email", request.email())
                    .put("role", Role.ADMIN.wireName());
            MergeOutcome admin = Merge.apply(
                    Schema.EMPLOYEES,
                    null,
                    Operation.UPSERT,
                    MutationRules.fields(Schema.EMPLOYEES, fields),
                    null,
                    serverClock.of(shopId).now(),
                    employeeId);
            tx.saveRecord(
                    Schema.EMPLOYEES,
                    shopId,
                    new StoredRecord(employeeId, tx.nextSeq(shopId), admin.state(), now, now));
            tx.savePasswordHash(shopId, employeeId, passwordHash, now);
            return null;
        });
        return new AuthRequests.ShopCreated(shopId, employeeId);
    }

    private static Void refuseTakenEmail(StoreTx tx, String email) {
        if (!tx.loginCandidates(email).isEmpty()) {
            throw takenEmail(email);
        }
        return null;
    }

    private static ApiException takenEmail(String email) {
        return new ApiException(ErrorCode.CONFLICT, "email", "email " + email + " already signs in to a shop");
    }

    /**
     * Signs an employee in on a device, registering the device unless it names one of the shop's.
     *
     * @throws ApiException {@code rate_limited} after too many failures, {@code unauthorized} for a
     *     wrong e-mail or password, {@code forbidden} for a deactivated employee
     */
    public SessionTokens login(AuthRequests.Login request, String address) {
        throttle.retryAfter(request.email(), address).ifPresent(wait -> {
            throw new ApiException(
                    ErrorCode.RATE_LIMITED,
                    429,
                    null,
                    "too many failed logins; try again in " + Math.max(1, wait.toSeconds()) + " s",
                    wait);
        });
        List<LoginCandidate> candidates = store.read(tx -> tx.loginCandidates(request.email()));
        if (candidates.isEmpty()) {
            hasher.verifyNothing(request.password());
        }
        Optional<LoginCandidate> match = candidates.stream()
                .filter(candidate -> hasher.verify(request.password(), candidate.passwordHash()))
                .findFirst();
        if (match.isEmpty()) {
            throttle.recordFailure(request.email(), address);
            throw ApiException.unauthorized("email or password is wrong");
        }
        throttle.recordSuccess(request.email());
        LoginCandidate employee = match.get();
        if (!employee.active()) {
            throw ApiException.forbidden("employee " + employee.employeeId() + " is deactivated");
        }
        Instant now = clock.instant();
        return store.write(tx -> {
            Optional<DeviceRow> known = request.deviceId() == null
                    ? Optional.empty()
                    : tx.findDevice(employee.shopId(), request.deviceId());
            String deviceId = known.map(DeviceRow::id).orElse(null);
            if (deviceId == null) {
                deviceId = UUID.randomUUID().toString();
                tx.insertDevice(
                        new DeviceRow(deviceId, employee.shopId(), request.deviceName(), employee.employeeId()), now);
            } else {
                tx.touchDevice(employee.shopId(), deviceId, request.deviceName(), now);
            }
            String refresh = newRefreshToken();
            tx.insertRefreshToken(
                    new RefreshTokenRow(
                            sha256(refresh),
                            UUID.randomUUID().toString(),
                            employee.shopId(),
                            employee.employeeId(),
                            deviceId,
                            now.plus(refreshTtl),
                            null,
                            null,
                            null),
                    now);
            return tokens(employee.shopId(), employee.employeeId(), employee.role(), deviceId, refresh);
        });
    }

    private enum RefreshOutcome {
        UNKNOWN,
        REUSED,
        EXPIRED,
        INACTIVE
    }

    /**
     * Rotates a refresh token: the old one is spent and a new pair is issued. A token presented a
     * second time revokes every token of its login, since one of the two presenters stole it,
     * except within a short grace while its successor is still unused (the device lost the answer).
     *
     * @throws ApiException {@code unauthorized} for an unknown, expired, reused or revoked token
     */
    public SessionTokens refresh(String refreshToken) {
        Instant now = clock.instant();
        Object outcome = store.write(tx -> {
            Optional<RefreshTokenRow> found = tx.findRefreshToken(sha256(refreshToken));
            if (found.isEmpty() || found.get().revokedAt() != null) {
                return RefreshOutcome.UNKNOWN;
            }
            RefreshTokenRow token = found.get();
            if (token.usedAt() != null && !answerWasLost(tx, token, now)) {
                tx.revokeRefreshFamily(token.familyId(), now);
                return RefreshOutcome.REUSED;
            }
            if (!token.expiresAt().isAfter(now)) {
                return RefreshOutcome.EXPIRED;
            }
            Optional<EmployeeRow> employee = tx.findEmployee(token.shopId(), token.employeeId());
            if (employee.isEmpty()
                    || !employee.get().active()
                    || tx.findDevice(token.shopId(), token.deviceId()).isEmpty()) {
                return RefreshOutcome.INACTIVE;
            }
            String next = newRefreshToken();
            if (token.replacedBy() != null) {
                tx.revokeRefreshToken(token.replacedBy(), now); // the successor whose answer was lost
            }
            tx.markRefreshTokenUsed(token.tokenHash(), now, sha256(next));
            tx.insertRefreshToken(
                    new RefreshTokenRow(
                            sha256(next),
                            token.familyId(),
                            token.shopId(),
                            token.employeeId(),
                            token.deviceId(),
                            now.plus(refreshTtl),
                            null,
                            null,
                            null),
                    now);
            return tokens(token.shopId(), token.employeeId(), employee.get().role(), token.deviceId(), next);
        });
        if (outcome instanceof SessionTokens tokens) {
            return tokens;
        }
        throw ApiException.unauthorized(
                switch ((RefreshOutcome) outcome) {
                    case REUSED ->
                        "refresh token was already used; every session of this login is revoked, sign in again";
                    case EXPIRED -> "refresh token expired; sign in again";
                    case INACTIVE -> "employee or device is no longer active; sign in again";
                    case UNKNOWN -> "refresh token is not valid";
                });
    }

    /**
     * Signs a device out: revokes every refresh token of the login the token belongs to. Unknown
     * or already revoked tokens are accepted silently, so logging out twice is harmless and the
     * answer says nothing about which tokens exist.
     */
    public void logout(String refreshToken) {
        Instant now = clock.instant();
        store.write(tx -> {
            tx.findRefreshToken(sha256(refreshToken)).ifPresent(token -> tx.revokeRefreshFamily(token.familyId(), now));
            return null;
        });
    }

    /**
     * A spent token presented again is theft, unless the device never received the answer that
     * rotated it (a crash or a lost response): then its successor is still unused, and the token
     * comes back within a short grace. In that case the unused successor is replaced instead of the
     * whole login being revoked.
     */
    private static boolean answerWasLost(StoreTx tx, RefreshTokenRow token, Instant now) {
        if (token.replacedBy() == null || now.isAfter(token.usedAt().plus(LOST_ANSWER_GRACE))) {
            return false;
        }
        return tx.findRefreshToken(token.replacedBy())
                .filter(successor -> successor.usedAt() == null && successor.revokedAt() == null)
                .isPresent();
    }

    /**
     * Sets an employee's password, so an employee created through sync can sign in.
     *
     * @throws ApiException {@code not_found} for an employee not of the caller's shop, {@code
     *     forbidden} unless the caller is that employee or an admin/manager (only admins set an
     *     admin's password), {@code conflict} if the employee is deactivated or has no e-mail.
     *     The employee's refresh tokens on other devices are revoked.
     */
    public void setPassword(Principal principal, String employeeId, String password) {
        store.read(tx -> mayChangePassword(tx, principal, employeeId));
        String passwordHash = hasher.hash(password); // slow: outside the write lock, after the checks
        Instant now = clock.instant();
        store.write(tx -> {
            boolean self = mayChangePassword(tx, principal, employeeId);
            tx.savePasswordHash(principal.shopId(), employeeId, passwordHash, now);
            // A new password ends the employee's other sessions; the device that set it keeps its own.
            tx.revokeRefreshTokensOf(principal.shopId(), employeeId, self ? principal.deviceId() : null, now);
            return null;
        });
    }

    /** Checks that the caller may set this employee's password; true when it is their own. */
    private static boolean mayChangePassword(StoreTx tx, Principal principal, String employeeId) {
        EmployeeRow target = tx.findEmployee(principal.shopId(), employeeId)
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, null, "no employee " + employeeId));
        EmployeeRow actor = tx.findEmployee(principal.shopId(), principal.employeeId())
                .filter(EmployeeRow::active)
                .orElseThrow(() -> ApiException.forbidden("the signed-in employee is no longer active"));
        boolean self = actor.id().equals(target.id());
        boolean manages = actor.role().managesShop() && (target.role() != Role.ADMIN || actor.role() == Role.ADMIN);
        if (!self && !manages) {
            throw ApiException.forbidden("a " + actor.role().wireName() + " may not set the password of an employee"
                    + " whose role is " + target.role().wireName());
        }
        if (!target.active()) {
            throw new ApiException(ErrorCode.CONFLICT, null, "employee " + employeeId + " is deactivated");
        }
        if (target.email() == null || target.email().isBlank()) {
            throw new ApiException(
                    ErrorCode.CONFLICT,
                    "email",
                    "employee " + employeeId + " has no email address; set one through sync first");
        }
        return self;
    }

    /**
     * The caller's current role, read in the caller's transaction (a token's role may be stale).
     *
     * @throws ApiException {@code forbidden} if the device was removed from the shop or the
     *     signed-in employee is deleted or deactivated
     */
    public static Role currentRole(StoreTx tx, Principal principal) {
        if (tx.findDevice(principal.shopId(), principal.deviceId()).isEmpty()) {
            throw ApiException.forbidden("device " + principal.deviceId() + " is not registered with this shop");
        }
        return tx.findEmployee(principal.shopId(), principal.employeeId())
                .filter(EmployeeRow::active)
                .map(EmployeeRow::role)
                .orElseThrow(() -> ApiException.forbidden("the signed-in employee is no longer active"));
    }

    /** The principal of a bearer access token. */
    public Optional<Principal> authenticate(String accessToken) {
        return accessTokens.verify(accessToken);
    }

    private SessionTokens tokens(String shopId, String employeeId, Role role, String deviceId, String refresh) {
        return new SessionTokens(
                accessTokens.issue(shopId, employeeId, role, deviceId),
                refresh,
                accessTokens.ttl().toSeconds(),
                "Bearer",
                shopId,
                employeeId,
                role.wireName(),
                deviceId);
    }

    private static String newRefreshToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String sha256(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
