package com.repairsync.server.sync;

import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.Violation;
import com.repairsync.protocol.merge.RecordState;
import com.repairsync.protocol.schema.Action;
import com.repairsync.protocol.schema.Permissions;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.store.EmployeeRow;
import com.repairsync.server.store.StoreTx;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a pushing device may make a mutation: whom it may act for, what that actor's role may
 * write ({@link Permissions}) and which changes need the actor's fresh password confirmation.
 */
final class PushPermissions {
    private final StoreTx tx;
    private final Principal principal;
    private final Role deviceRole;
    private final Set<String> confirmed;
    /** Actors looked up in this batch; forgotten whenever an employee record is written. */
    private final Map<String, Optional<EmployeeRow>> actors = new HashMap<>();

    /**
     * @param deviceRole the current role of the employee who signed the device in
     * @param confirmed employees with a valid step-up for this device
     */
    PushPermissions(StoreTx tx, Principal principal, Role deviceRole, Set<String> confirmed) {
        this.tx = tx;
        this.principal = principal;
        this.deviceRole = deviceRole;
        this.confirmed = confirmed;
    }

    /**
     * The role of the employee who made the change. A device signed in by an admin or manager may
     * act for any active employee (switched in by PIN) whose role is not above the signer's
     * current one; any other device only for its own. So a manager's tablet never acts as an
     * admin, whoever the mutation names.
     *
     * @throws Violation {@code forbidden} naming actorId if the device may not act for them
     */
    Role actorRole(String actorId) {
        if (!deviceRole.managesShop() && !actorId.equals(principal.employeeId())) {
            throw new Violation(
                    ErrorCode.FORBIDDEN,
                    "actorId",
                    "this device is signed in by a " + deviceRole.wireName()
                            + " and may only act for that employee, not " + actorId);
        }
        Role actor = actors.computeIfAbsent(actorId, id -> tx.findEmployee(principal.shopId(), id))
                .filter(EmployeeRow::active)
                .map(EmployeeRow::role)
                .orElseThrow(() -> new Violation(
                        ErrorCode.FORBIDDEN,
                        "actorId",
                        "actorId " + actorId + " is not an active employee of this shop"));
        if (actor.outranks(deviceRole)) {
            throw new Violation(
                    ErrorCode.FORBIDDEN,
                    "actorId",
                    "this device is signed in by a " + deviceRole.wireName() + " and may not act as " + actorId + ", a "
                            + actor.wireName());
        }
        return actor;
    }

    /**
     * Checks that the actor's role may make this change to the record as it is, and that a change
     * creating or making an admin comes with the actor's password confirmation.
     *
     * @throws Violation {@code forbidden}, or {@code reauthentication_required} naming stepUp
     */
    void check(PushedMutation mutation, Role actorRole, Action action, RecordState before) {
        Permissions.denial(
                        mutation.actorId(),
                        actorRole,
                        mutation.type(),
                        action,
                        mutation.recordId(),
                        mutation.fields(),
                        before)
                .ifPresent(reason -> {
                    throw new Violation(ErrorCode.FORBIDDEN, null, reason);
                });
        if (Permissions.needsStepUp(mutation.type(), mutation.fields(), before)
                && !confirmed.contains(mutation.actorId())) {
            throw new Violation(
                    ErrorCode.REAUTHENTICATION_REQUIRED,
                    "stepUp",
                    "creating an admin or making someone one needs the actor's password again: confirm it"
                            + " (POST /v1/auth/step-up) and send the change with the confirmation in stepUp");
        }
    }

    /** Forgets the actors looked up: an employee's role or active flag may have changed, or been rolled back. */
    void forgetActors() {
        actors.clear();
    }
}
