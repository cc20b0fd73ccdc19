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
import java.util.ArrayList;
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
    private final Sessions sessions;
    private final SignInEndings endings;
    private final Duration stepUpTtl;

    public AuthService(
            Store store,
            PasswordHasher hasher,
            AccessTokens accessTokens,
            LoginThrottle throttle,
            Clock clock,
            ShopClocks serverClock,
            Duration refreshTtl,
            Sessions sessions,
            SignInEndings endings,
            Duration stepUpTtl) {
        this.store = store;
        this.hasher = hasher;
        this.accessTokens = accessTokens;
        this.throttle = throttle;
        this.clock = clock;
        this.serverClock = serverClock;
        this.refreshTtl = refreshTtl;
        this.sessions = sessions;
        this.endings = endings;
        this.stepUpTtl = stepUpTtl;
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
            String refresh = newRefreshToken();
            tx.insertRefreshToken(
                    RefreshTokenRow.issued(
                            sha256(refresh),
                            UUID.randomUUID().toString(),
                            employee.shopId(),
                            employee.employeeId(),
                            deviceId,
                            now.plus(refreshTtl)),
                    now);
            return tokens(
                    tx, employee.shopId(), employee.employeeId(), employee.role(), deviceId, deviceGeneration, refresh);
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
            Optional<RefreshTokenRow> found = tx.findRefreshToken(sha256(refreshToken));
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
            String next = newRefreshToken();
            if (replay) {
                tx.revokeRefreshToken(token.replacedBy(), now, RefreshTokenRow.LOST_ANSWER);
                tx.markRefreshTokenReplayed(token.tokenHash(), now, sha256(next));
            } else {
                tx.markRefreshTokenUsed(token.tokenHash(), now, sha256(next));
            }
            tx.insertRefreshToken(
                    RefreshTokenRow.issued(
                            sha256(next),
                            token.familyId(),
                            token.shopId(),
                            token.employeeId(),
                            token.deviceId(),
                            now.plus(refreshTtl)),
                    now);
            return tokens(
                    tx,
                    token.shopId(),
                    token.employeeId(),
                    employee.get().role(),
                    token.deviceId(),
                    device.get().generation(),
                    next);
        });
        ended.forEach(token -> endings.device(token.shopId(), token.deviceId(), "refresh token stolen"));
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
            Optional<RefreshTokenRow> token = tx.findRefreshToken(sha256(refreshToken));
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
     * Sets an employee's password, so an employee created through sync can sign in. Every sign-in
     * of that employee ends at once on every node; when it is the caller's own password, the
     * calling device gets a fresh session in the answer.
     *
     * <p>Changing your own password needs the current one, and so does setting an admin's: a stolen
     * device's tokens alone cannot lock the owner out. Wrong current passwords count against the
     * login throttle like failed logins.
     *
     * @param currentPassword the caller's own password, or null
     * @return the caller's new session when the password was their own
     * @throws ApiException {@code not_found} for an employee not of the caller's shop, {@code
     *     forbidden} unless the caller is that employee or an admin/manager (only admins set an
     *     admin's password), {@code reauthentication_required} without the caller's right current
     *     password where it is needed, {@code rate_limited} after too many wrong ones, {@code
     *     conflict} if the employee is deactivated or has no e-mail
     */
    public Optional<SessionTokens> setPassword(
            Principal principal, String employeeId, String password, String currentPassword, String address) {
        PasswordChange change = store.read(tx -> mayChangePassword(tx, principal, employeeId));
        if (change.self() || change.targetIsAdmin()) {
            confirmPassword(principal, principal.employeeId(), currentPassword, "currentPassword", address);
        }
        String passwordHash = hasher.hash(password); // slow: outside the write lock, after the checks
        Instant now = clock.instant();
        Optional<SessionTokens> session = store.write(tx -> {
            PasswordChange current = mayChangePassword(tx, principal, employeeId);
            claimSignInEmail(tx, principal.shopId(), employeeId, now);
            tx.savePasswordHash(principal.shopId(), employeeId, passwordHash, now);
            tx.bumpSessionGeneration(principal.shopId(), employeeId);
            tx.revokeRefreshTokensOf(principal.shopId(), employeeId, null, now);
            if (!current.self()) {
                return Optional.<SessionTokens>empty();
            }
            DeviceRow device = tx.findDevice(principal.shopId(), principal.deviceId())
                    .orElseThrow(() -> ApiException.forbidden("this device is not registered with the shop"));
            String refresh = newRefreshToken();
            tx.insertRefreshToken(
                    RefreshTokenRow.issued(
                            sha256(refresh),
                            UUID.randomUUID().toString(),
                            principal.shopId(),
                            employeeId,
                            device.id(),
                            now.plus(refreshTtl)),
                    now);
            return Optional.of(tokens(
                    tx,
                    principal.shopId(),
                    employeeId,
                    current.callerRole(),
                    device.id(),
                    device.generation(),
                    refresh));
        });
        endings.employee(principal.shopId(), employeeId, "password changed");
        return session;
    }

    /**
     * A fresh password confirmation (step-up) for the sensitive actions a sync carries: creating an
     * admin or making someone one. The employee who will make the change (the signed-in one, or one
     * switched in by PIN on an admin's or manager's device) types their password; the answer is a
     * token that the device sends with those mutations, valid for this device and employee for
     * {@code --step-up-ttl}.
     *
     * @param employeeId who confirms; null for the signed-in employee
     * @throws ApiException {@code forbidden} for an employee the device may not act for, {@code
     *     not_found} for one not of the shop, {@code reauthentication_required} (field {@code
     *     password}) for a wrong password, {@code rate_limited} after too many
     */
    public StepUpConfirmed stepUp(Principal principal, String employeeId, String password, String address) {
        String who = employeeId == null ? principal.employeeId() : employeeId;
        EmployeeRow employee = store.read(tx -> {
            Role signer = currentRole(tx, principal);
            EmployeeRow found = tx.findEmployee(principal.shopId(), who)
                    .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "employeeId", "no employee " + who));
            if (!found.active()) {
                throw ApiException.forbidden("employee " + who + " is deactivated");
            }
            if ((!who.equals(principal.employeeId()) && !signer.managesShop())
                    || found.role().outranks(signer)) {
                throw ApiException.forbidden("this device is signed in by a " + signer.wireName()
                        + " and may not act as " + who + ", a " + found.role().wireName());
            }
            return found;
        });
        confirmPassword(principal, who, password, "password", address);
        return new StepUpConfirmed(
                accessTokens.issueStepUp(principal.shopId(), who, principal.deviceId(), stepUpTtl),
                stepUpTtl.toSeconds(),
                who);
    }

    /** The answer of {@link #stepUp}. */
    public record StepUpConfirmed(String stepUpToken, long expiresIn, String employeeId) {}

    /** The step-up a token carries, if it is valid for this device's shop and device. */
    public Optional<AccessTokens.StepUp> stepUpOf(Principal principal, String token) {
        return accessTokens
                .verifyStepUp(token)
                .filter(stepUp -> stepUp.shopId().equals(principal.shopId())
                        && stepUp.deviceId().equals(principal.deviceId()));
    }

    /**
     * Checks an employee's own password for a sensitive action on a device. Wrong passwords count
     * per device, not per e-mail: a thief guessing on a stolen tablet must not lock the owner out of
     * signing in elsewhere. When the device has used up its guesses its sign-in ends at once, so
     * it takes the password itself to go on.
     *
     * @throws ApiException {@code reauthentication_required} naming {@code field} when it is missing
     *     or wrong, {@code session_revoked} when that wrong one was the device's last guess
     */
    private void confirmPassword(
            Principal device, String employeeId, String currentPassword, String field, String address) {
        String account = "device:" + device.deviceId();
        throttle.retryAfter(account, address).ifPresent(wait -> {
            throw new ApiException(
                    ErrorCode.RATE_LIMITED,
                    429,
                    null,
                    "too many wrong passwords; try again in " + Math.max(1, wait.toSeconds()) + " s",
                    wait);
        });
        if (currentPassword == null) {
            throw new ApiException(
                    ErrorCode.REAUTHENTICATION_REQUIRED,
                    403,
                    field,
                    "this action needs your current password in " + field,
                    null);
        }
        Optional<String> hash = store.read(tx -> tx.passwordHash(device.shopId(), employeeId));
        boolean right = hash.isPresent() && hasher.verify(currentPassword, hash.get());
        if (hash.isEmpty()) {
            hasher.verifyNothing(currentPassword); // the same time as a wrong password
        }
        if (!right) {
            throttle.recordFailure(account, address);
            if (throttle.retryAfter(account, address).isPresent()) {
                endDeviceSignIn(device);
                throw new ApiException(
                        ErrorCode.SESSION_REVOKED,
                        401,
                        field,
                        "too many wrong passwords: this device was signed out; sign in again with the password",
                        null);
            }
            throw new ApiException(ErrorCode.REAUTHENTICATION_REQUIRED, 403, field, field + " is wrong", null);
        }
    }

    private void endDeviceSignIn(Principal device) {
        Instant now = clock.instant();
        store.write(tx -> {
            tx.bumpDeviceGeneration(device.shopId(), device.deviceId());
            tx.revokeRefreshTokensOfDevice(device.shopId(), device.deviceId(), now);
            return null;
        });
        endings.device(device.shopId(), device.deviceId(), "too many wrong passwords");
    }

    /**
     * A password makes the employee's e-mail a sign-in, and one e-mail signs in to one account
     * only: refused while another employee, of any shop, signs in with it.
     */
    private static void claimSignInEmail(StoreTx tx, String shopId, String employeeId, Instant now) {
        String email = tx.findEmployee(shopId, employeeId).orElseThrow().email();
        boolean someoneElse = tx.loginCandidates(email).stream()
                .anyMatch(other ->
                        !(other.shopId().equals(shopId) && other.employeeId().equals(employeeId)));
        if (someoneElse
                || (!tx.claimSignInEmail(email, shopId, employeeId, now)
                        && !tx.holdsSignInEmail(email, shopId, employeeId))) {
            throw new ApiException(
                    ErrorCode.CONFLICT,
                    "email",
                    "email " + email + " already signs in to a shop; give the employee" + " another e-mail first");
        }
    }

    /** What a password change is: whose, and what the caller must confirm. */
    private record PasswordChange(boolean self, boolean targetIsAdmin, Role callerRole) {}

    /** Checks that the caller may set this employee's password. */
    private static PasswordChange mayChangePassword(StoreTx tx, Principal principal, String employeeId) {
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
        return new PasswordChange(self, target.role() == Role.ADMIN, actor.role());
    }

    /**
     * The caller's current role, read in the caller's transaction (a token's role may be stale).
     *
     * @throws ApiException {@code device_revoked} if the device was removed from the shop, {@code
     *     forbidden} if it is unknown or the signed-in employee is deleted or deactivated
     */
    public static Role currentRole(StoreTx tx, Principal principal) {
        DeviceRow device = tx.findDevice(principal.shopId(), principal.deviceId())
                .orElseThrow(() ->
                        ApiException.forbidden("device " + principal.deviceId() + " is not registered with this shop"));
        if (device.revoked()) {
            throw new ApiException(ErrorCode.DEVICE_REVOKED, 401, null, Sessions.removedMessage(tx, device), null);
        }
        return tx.findEmployee(principal.shopId(), principal.employeeId())
                .filter(EmployeeRow::active)
                .map(EmployeeRow::role)
                .orElseThrow(() -> ApiException.forbidden("the signed-in employee is no longer active"));
    }

    /**
     * The principal of a bearer access token whose sign-in still holds; empty for a token that is
     * not one of ours or expired.
     *
     * @throws ApiException 401 {@code session_revoked} or {@code device_revoked} for a sign-in that
     *     ended (logout, password reset, deactivation, removal of the device)
     */
    public Optional<Principal> authenticate(String accessToken) {
        Optional<Principal> principal = accessTokens.verify(accessToken);
        principal.ifPresent(sessions::requireCurrent);
        return principal;
    }

    private SessionTokens tokens(
            StoreTx tx,
            String shopId,
            String employeeId,
            Role role,
            String deviceId,
            long deviceGeneration,
            String refresh) {
        long employeeGeneration = tx.sessionGeneration(shopId, employeeId).orElse(0);
        return new SessionTokens(
                accessTokens.issue(shopId, employeeId, role, deviceId, employeeGeneration, deviceGeneration),
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
