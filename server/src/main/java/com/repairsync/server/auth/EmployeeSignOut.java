package com.repairsync.server.auth;

import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.Role;
import com.repairsync.server.ApiException;
import com.repairsync.server.store.EmployeeRow;
import com.repairsync.server.store.Store;
import java.time.Clock;
import java.time.Instant;

/**
 * Signs an employee out everywhere, for an admin or manager: every device they signed in and every
 * console session of theirs ends at once on every node (their refresh tokens are revoked and their
 * sign-in generation moves on). Their devices keep what they queued and send it once someone
 * signs them in again.
 */
public final class EmployeeSignOut {
    private final Store store;
    private final Clock clock;
    private final SignInEndings endings;

    public EmployeeSignOut(Store store, Clock clock, SignInEndings endings) {
        this.store = store;
        this.clock = clock;
        this.endings = endings;
    }

    /**
     * @throws ApiException {@code not_found} for an employee not of the caller's shop, {@code
     *     forbidden} unless the caller is an admin or manager who does not rank below the employee
     */
    public void signOutEverywhere(Principal principal, String employeeId) {
        Instant now = clock.instant();
        store.write(tx -> {
            Role caller = AuthService.requireManager(tx, principal, "only an admin or manager signs employees out");
            EmployeeRow employee = tx.findEmployee(principal.shopId(), employeeId)
                    .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, null, "no employee " + employeeId));
            if (employee.role().outranks(caller)) {
                throw ApiException.forbidden("a " + caller.wireName() + " may not sign out a "
                        + employee.role().wireName());
            }
            tx.bumpSessionGeneration(principal.shopId(), employeeId);
            tx.revokeRefreshTokensOf(principal.shopId(), employeeId, null, now);
            return null;
        });
        endings.employee(principal.shopId(), employeeId, "signed out everywhere by an admin or manager");
    }
}
