package com.repairsync.server.auth;

import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.Role;
import com.repairsync.server.ApiException;
import com.repairsync.server.history.ChangeHistory;
import com.repairsync.server.store.DeviceRow;
import com.repairsync.server.store.EmployeeRow;
import com.repairsync.server.store.Store;
import com.repairsync.server.store.StoreTx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Passwords after sign-up, and the sensitive actions that need one typed again: setting a
 * password (your own, or an admin's, needs the current one), and the step-up confirmation that
 * creating or promoting an admin needs. Wrong passwords typed on a device count against that
 * device, and using them up signs the device out.
 */
public final class Passwords {
    private final Store store;
    private final PasswordHasher hasher;
    private final SessionIssuer issuer;
    private final LoginThrottle throttle;
    private final Clock clock;
    private final SignInEndings endings;
    private final Duration stepUpTtl;

    public Passwords(
            Store store,
            PasswordHasher hasher,
            SessionIssuer issuer,
            LoginThrottle throttle,
            Clock clock,
            SignInEndings endings,
            Duration stepUpTtl) {
        this.store = store;
        this.hasher = hasher;
        this.issuer = issuer;
        this.throttle = throttle;
        this.clock = clock;
        this.endings = endings;
        this.stepUpTtl = stepUpTtl;
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
            claimSignInEmail(tx, principal.shopId(), employeeId, current.targetEmail(), now);
            tx.savePasswordHash(principal.shopId(), employeeId, passwordHash, now);
            recordInHistory(tx, principal, employeeId, now);
            tx.bumpSessionGeneration(principal.shopId(), employeeId);
            tx.revokeRefreshTokensOf(principal.shopId(), employeeId, null, now);
            if (!current.self()) {
                return Optional.<SessionTokens>empty();
            }
            DeviceRow device = tx.findDevice(principal.shopId(), principal.deviceId())
                    .orElseThrow(() -> ApiException.forbidden("this device is not registered with the shop"));
            return Optional.of(issuer.issue(
                    tx,
                    principal.shopId(),
                    employeeId,
                    current.callerRole(),
                    device.id(),
                    device.generation(),
                    UUID.randomUUID().toString(),
                    SessionIssuer.newRefreshToken(),
                    now));
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
            Role signer = AuthService.currentRole(tx, principal);
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
                issuer.accessTokens().issueStepUp(principal.shopId(), who, principal.deviceId(), stepUpTtl),
                stepUpTtl.toSeconds(),
                who);
    }

    /** The answer of {@link #stepUp}. */
    public record StepUpConfirmed(String stepUpToken, long expiresIn, String employeeId) {}

    /** The step-up a token carries, if it is valid for this device's shop and device. */
    public Optional<AccessTokens.StepUp> stepUpOf(Principal principal, String token) {
        return issuer.accessTokens()
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
     * Writes op {@code password} on the employee's history, without values, in the transaction that
     * sets it. The row takes the shop's next sequence number, as every history row does (it is the
     * row's key and the order of the managers' feed), though no record changes. That is harmless to
     * pulls: a number no record row carries is like the old number of a record changed again since,
     * and a pull that reaches the end answers the shop's sequence as its cursor, so devices pass over
     * it; and it keeps the feed's never-skipping rule, because the number is taken under the shop's
     * row lock and commits in order like any other. No device is told of it (no record changed); one
     * that sees the shop's sequence move pulls once and gets an empty page.
     */
    private static void recordInHistory(StoreTx tx, Principal principal, String employeeId, Instant now) {
        long seq = tx.nextSeq(principal.shopId());
        tx.insertHistory(List.of(ChangeHistory.password(
                principal.shopId(), employeeId, principal.employeeId(), principal.deviceId(), seq, now)));
    }

    /**
     * A password makes the employee's e-mail a sign-in, and one e-mail signs in to one account
     * only: refused while another employee, of any shop, signs in with it.
     */
    private static void claimSignInEmail(StoreTx tx, String shopId, String employeeId, String email, Instant now) {
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
    private record PasswordChange(boolean self, boolean targetIsAdmin, String targetEmail, Role callerRole) {}

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
        return new PasswordChange(self, target.role() == Role.ADMIN, target.email(), actor.role());
    }
}
