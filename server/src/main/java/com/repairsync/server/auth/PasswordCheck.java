package com.repairsync.server.auth;

import com.repairsync.protocol.ErrorCode;
import com.repairsync.server.ApiException;
import com.repairsync.server.store.LoginCandidate;
import com.repairsync.server.store.Store;
import java.util.List;
import java.util.Optional;

/**
 * Checks an e-mail and password: the same work whether or not the e-mail is known (a wrong e-mail
 * costs a hash too), and under the login throttle, for device logins and console sign-ins alike.
 */
public final class PasswordCheck {
    private final Store store;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;

    PasswordCheck(Store store, PasswordHasher hasher, LoginThrottle throttle) {
        this.store = store;
        this.hasher = hasher;
        this.throttle = throttle;
    }

    /**
     * Checks an e-mail and password under the login throttle: the employee they sign in, who is
     * active.
     *
     * @throws ApiException {@code rate_limited} after too many failures, {@code unauthorized} for a
     *     wrong e-mail or password, {@code forbidden} for a deactivated employee
     */
    public LoginCandidate verify(String email, String password, String address) {
        throttle.retryAfter(email, address).ifPresent(wait -> {
            throw new ApiException(
                    ErrorCode.RATE_LIMITED,
                    429,
                    null,
                    "too many failed logins; try again in " + Math.max(1, wait.toSeconds()) + " s",
                    wait);
        });
        List<LoginCandidate> candidates = store.read(tx -> tx.loginCandidates(email));
        if (candidates.isEmpty()) {
            hasher.verifyNothing(password);
        }
        Optional<LoginCandidate> match = candidates.stream()
                .filter(candidate -> hasher.verify(password, candidate.passwordHash()))
                .findFirst();
        if (match.isEmpty()) {
            throttle.recordFailure(email, address);
            throw ApiException.unauthorized("email or password is wrong");
        }
        throttle.recordSuccess(email);
        LoginCandidate employee = match.get();
        if (!employee.active()) {
            throw ApiException.forbidden("employee " + employee.employeeId() + " is deactivated");
        }
        return employee;
    }
}
