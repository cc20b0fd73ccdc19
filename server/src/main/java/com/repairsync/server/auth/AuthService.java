package com.repairsync.server.auth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.Hlc;
import com.repairsync.protocol.Operation;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.merge.Merge;
import com.repairsync.protocol.merge.MergeOutcome;
import com.repairsync.protocol.merge.MutationRules;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.server.ApiException;
import com.repairsync.server.history.ChangeHistory;
import com.repairsync.server.store.DeviceRow;
import com.repairsync.server.store.EmployeeRow;
import com.repairsync.server.store.LoginCandidate;
import com.repairsync.server.store.RefreshTokenRow;
import com.repairsync.server.store.Store;
import com.repairsync.server.store.StoreTx;
import com.repairsync.server.store.StoredRecord;
import com.repairsync.server.sync.ShopClocks;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Shops, sign-ins and their sessions: sign-up, login, token refresh (with theft detection),
 * logout, and whether an access token still holds.
 */
public final class AuthService {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long after a rotation a device that lost the answer may present the old refresh token again. */
    static final Duration LOST_ANSWER_GRACE = Duration.ofMinutes(5);

    private final Store store;
    private final PasswordHasher hasher;
    private final SessionIssuer issuer;
    private final LoginThrottle throttle;
    private final Clock clock;
    private final ShopClocks serverClock;
    private final Sessions sessions;
    private final SignInEndings endings;
    private final PasswordCheck passwordCheck;

    public AuthService(
            Store store,
            PasswordHasher hasher,
            SessionIssuer issuer,
            LoginThrottle throttle,
            Clock clock,
            ShopClocks serverClock,
            Sessions sessions,
            SignInEndings endings) {
        this.store = store;
        this.hasher = hasher;
        this.issuer = issuer;
        this.throttle = throttle;
        this.clock = clock;
        this.serverClock = serverClock;
        this.sessions = sessions;
        this.endings = endings;
        this.passwordCheck = new PasswordCheck(store, hasher, throttle);
    }

    /** Checks e-mails and passwords under the login throttle, for logins and console sign-ins. */
    public PasswordCheck passwordCheck() {
        return passwordCheck;
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
            Hlc hlc = serverClock.of(shopId).now();
            MergeOutcome admin = Merge.apply(
                    Schema.EMPLOYEES,
                    null,
                    Operation.UPSERT,
                    MutationRules.fields(Schema.EMPLOYEES, fields),
                    null,
                    hlc,
                    employeeId);
            long seq = tx.nextSeq(shopId);
            tx.saveRecord(Schema.EMPLOYEES, shopId, new StoredRecord(employeeId, seq, admin.state(), now, now));
            // The first admin's record starts the shop's history: made by them, on no device yet.
            tx.insertHistory(List.of(ChangeHistory.created(
                    shopId, Schema.EMPLOYEES, employeeId, admin.state(), employeeId, hlc, seq, now)));
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
        LoginCandidate employee = passwordCheck.verify(request.email(), request.password(), address);
        Instant now = clock.instant();
        return store.write(tx -> {
            Optional<DeviceRow> known = request.deviceId() == null
                    ? Optional.empty()
                    : tx.findDevice(employee.shopId(), request.deviceId())
                            .filter(device -> mayResume(tx, device, employee));
            String deviceId;
            long deviceGeneration;
            if (known.isPresent()) {
                deviceId = known.get().id();
                deviceGeneration = known.get().generation();
                tx.touchDevice(employee.shopId(), deviceId, request.deviceName(), employee.employeeId(), now);
            } else {
                deviceId = UUID.randomUUID().toString();
                deviceGeneration = 0;
                tx.insertDevice(
                        new DeviceRow(deviceId, employee.shopId(), request.deviceName(), employee.employeeId()), now);
            }
            return issuer.issue(
                    tx,
                    employee.shopId(),
                    employee.employeeId(),
                    employee.role(),
                    deviceId,
                    deviceGeneration,
                    UUID.randomUUID().toString(),
                    SessionIssuer.newRefreshToken(),
                    now);
        });
    }

    /**
     * Whether a sign-in may go on as the device it names (keeping its id, mutation ids and
     * presence): only a device not removed from the shop, and only for the employee who signed it
     * in or an admin or manager who does not rank below them. Anyone else gets a new device, so a
     * colleague cannot take another's tablet over by naming its id.
     */
    private static boolean mayResume(StoreTx tx, DeviceRow device, LoginCandidate employee) {
        if (device.revoked()) {
            return false;
        }
        if (device.joinedBy().equals(employee.employeeId())) {
            return true;
        }
        Role signer = tx.findEmployee(device.shopId(), device.joinedBy())
                .map(EmployeeRow::role)
                .orElse(Role.FRONT_DESK);
        return employee.role().managesShop() && !signer.outranks(employee.role());
    }

    private enum RefreshOutcome {
        UNKNOWN,
        REUSED,
        REVOKED,
        EXPIRED,
        INACTIVE
    }

    /**
     * Rotates a refresh token: the old one is spent and a new pair is issued. A token presented a
     * second time revokes every token of its login, since one of the two presenters stole it,
     * except once within a short grace while its successor is still unused (the device lost the
     * answer). A successor replaced that way that comes back also revokes the whole login: the
     * device that lost the answer would never present it, so whoever does holds a copy.
     *
     * @throws ApiException {@code unauthorized} for an unknown, expired, reused or revoked token,
     *     {@code device_revoked} for a device removed from the shop
     */
    public SessionTokens refresh(String refreshToken) {
        Instant now = clock.instant();
        List<RefreshTokenRow> ended = new ArrayList<>(1);
        Object outcome = store.write(tx -> {
            ended.clear(); // a retried transaction starts afresh
            return rotate(tx, refreshToken, now, ended);
        });
        ended.forEach(token -> endings.device(token.shopId(), token.deviceId(), "refresh token stolen"));
        return answer(outcome);
    }

    /**
     * Spends a refresh token and issues the next pair, inside the write transaction: the new
     * {@link SessionTokens}, or why not (a {@link RefreshOutcome} or an {@link ApiException}).
     * Tokens of a login found stolen are added to {@code ended}.
     */
    private Object rotate(StoreTx tx, String refreshToken, Instant now, List<RefreshTokenRow> ended) {
        Optional<RefreshTokenRow> found = tx.findRefreshToken(SessionIssuer.hash(refreshToken));
        if (found.isEmpty()) {
            return RefreshOutcome.UNKNOWN;
        }
        RefreshTokenRow token = found.get();
        if (token.revokedAt() != null) {
            if (RefreshTokenRow.LOST_ANSWER.equals(token.revokedReason())) {
                return stolen(tx, token, now, ended);
            }
            return tx.findDevice(token.shopId(), token.deviceId())
                    .filter(DeviceRow::revoked)
                    .<Object>map(device -> new ApiException(
                            ErrorCode.DEVICE_REVOKED, 401, null, Sessions.removedMessage(tx, device), null))
                    .orElse(RefreshOutcome.REVOKED);
        }
        boolean replay = token.usedAt() != null;
        if (replay && !answerWasLost(tx, token, now)) {
            return stolen(tx, token, now, ended);
        }
        if (!token.expiresAt().isAfter(now)) {
            return RefreshOutcome.EXPIRED;
        }
        Optional<EmployeeRow> employee = tx.findEmployee(token.shopId(), token.employeeId());
        Optional<DeviceRow> device = tx.findDevice(token.shopId(), token.deviceId());
        if (employee.isEmpty()
                || !employee.get().active()
                || device.isEmpty()
                || device.get().revoked()) {
            return RefreshOutcome.INACTIVE;
        }
        String next = SessionIssuer.newRefreshToken();
        if (replay) {
            tx.revokeRefreshToken(token.replacedBy(), now, RefreshTokenRow.LOST_ANSWER);
            tx.markRefreshTokenReplayed(token.tokenHash(), now, SessionIssuer.hash(next));
        } else {
            tx.markRefreshTokenUsed(token.tokenHash(), now, SessionIssuer.hash(next));
        }
        return issuer.issue(
                tx,
                token.shopId(),
                token.employeeId(),
                employee.get().role(),
                token.deviceId(),
                device.get().generation(),
                token.familyId(),
                next,
                now);
    }

    /** The tokens a refresh issued, or the error its outcome answers with. */
    private static SessionTokens answer(Object outcome) {
        if (outcome instanceof SessionTokens tokens) {
            return tokens;
        }
        if (outcome instanceof ApiException refused) {
            throw refused;
        }
        throw switch ((RefreshOutcome) outcome) {
            case REUSED ->
                ended("refresh token was already used; every session of this login is revoked, sign in again");
            case REVOKED ->
                ended("this sign-in has ended: signed out, the password was changed, or the employee who signed"
                        + " this device in was deactivated, removed or given another role; sign in again");
            case INACTIVE -> ended("employee or device is no longer active; sign in again");
            case EXPIRED -> ApiException.unauthorized("refresh token expired; sign in again");
            case UNKNOWN -> ApiException.unauthorized("refresh token is not valid");
        };
    }

    private static ApiException ended(String detail) {
        return new ApiException(ErrorCode.SESSION_REVOKED, 401, null, detail, null);
    }

    /**
     * Two parties hold one login: all of it ends, its access tokens too (the device's generation
     * moves on). Whoever holds the password signs in again; a thief holding only a copy cannot.
     */
    private static RefreshOutcome stolen(StoreTx tx, RefreshTokenRow token, Instant now, List<RefreshTokenRow> ended) {
        tx.revokeRefreshFamily(token.familyId(), now);
        tx.bumpDeviceGeneration(token.shopId(), token.deviceId());
        ended.add(token);
        return RefreshOutcome.REUSED;
    }

    /**
     * Signs a device out: revokes every refresh token of the login the token belongs to and ends the
     * device's access tokens and sockets. Unknown or already revoked tokens are accepted silently,
     * so logging out twice is harmless and the answer says nothing about which tokens exist.
     */
    public void logout(String refreshToken) {
        Instant now = clock.instant();
        Optional<RefreshTokenRow> ended = store.write(tx -> {
            Optional<RefreshTokenRow> token = tx.findRefreshToken(SessionIssuer.hash(refreshToken));
            token.ifPresent(found -> {
                tx.revokeRefreshFamily(found.familyId(), now);
                tx.bumpDeviceGeneration(found.shopId(), found.deviceId());
            });
            return token;
        });
        ended.ifPresent(token -> endings.device(token.shopId(), token.deviceId(), "signed out"));
    }

    /**
     * A spent token presented again is theft, unless the device never received the answer that
     * rotated it (a crash or a lost response): then its successor is still unused, and the token
     * comes back within a short grace. In that case the unused successor is replaced instead of the
     * whole login being revoked.
     */
    private static boolean answerWasLost(StoreTx tx, RefreshTokenRow token, Instant now) {
        if (token.replacedBy() == null
                || token.replayedAt() != null // the grace is spent: a second replay is theft
                || now.isAfter(token.usedAt().plus(LOST_ANSWER_GRACE))) {
            return false;
        }
        return tx.findRefreshToken(token.replacedBy())
                .filter(successor -> successor.usedAt() == null && successor.revokedAt() == null)
                .isPresent();
    }

    /**
     * The caller's current role, read in the caller's transaction (a token's role may be stale).
     *
     * @throws ApiException {@code device_revoked} if the device was removed from the shop, {@code
     *     forbidden} if it is unknown or the signed-in employee is deleted or deactivated
     */
    public static Role currentRole(StoreTx tx, Principal principal) {
        if (!principal.isConsole()) {
            DeviceRow device = tx.findDevice(principal.shopId(), principal.deviceId())
                    .orElseThrow(() -> ApiException.forbidden(
                            "device " + principal.deviceId() + " is not registered with this shop"));
            if (device.revoked()) {
                throw new ApiException(ErrorCode.DEVICE_REVOKED, 401, null, Sessions.removedMessage(tx, device), null);
            }
        }
        return tx.findEmployee(principal.shopId(), principal.employeeId())
                .filter(EmployeeRow::active)
                .map(EmployeeRow::role)
                .orElseThrow(() -> ApiException.forbidden("the signed-in employee is no longer active"));
    }

    /**
     * The caller's current role, which must manage the shop (admin or manager).
     *
     * @throws ApiException {@code forbidden} with {@code refusal} otherwise; see {@link #currentRole}
     */
    public static Role requireManager(StoreTx tx, Principal principal, String refusal) {
        Role role = currentRole(tx, principal);
        if (!role.managesShop()) {
            throw ApiException.forbidden(refusal);
        }
        return role;
    }

    /**
     * The principal of a bearer access token whose sign-in still holds; empty for a token that is
     * not one of ours or expired.
     *
     * @throws ApiException 401 {@code session_revoked} or {@code device_revoked} for a sign-in that
     *     ended (logout, password reset, deactivation, removal of the device)
     */
    public Optional<Principal> authenticate(String accessToken) {
        Optional<Principal> principal = issuer.accessTokens().verify(accessToken);
        principal.ifPresent(sessions::requireCurrent);
        return principal;
    }
}
