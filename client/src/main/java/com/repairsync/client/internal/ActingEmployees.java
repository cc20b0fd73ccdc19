package com.repairsync.client.internal;

import com.repairsync.client.LocalStoreException;
import com.repairsync.client.NotJoinedException;
import com.repairsync.client.PermissionDeniedException;
import com.repairsync.protocol.Role;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Who acts on this device and what role they hold, read inside the caller's transaction: the
 * employee switched in by PIN, else the one who signed the device in, and the rule that the actor
 * never outranks the signer.
 */
final class ActingEmployees {
    private static final String NOT_SIGNED_IN = "this device is not signed in to a shop";

    private ActingEmployees() {}

    /** The employee this device acts for: the one switched in by PIN, else the one signed in. */
    static String acting(LocalDatabase.Tx tx) throws SQLException {
        return DeviceInfo.get(tx, DeviceInfo.ACTING_EMPLOYEE)
                .or(() -> signedIn(tx))
                .orElseThrow(() -> new NotJoinedException(NOT_SIGNED_IN));
    }

    /** The employee who signed this device in, if one did. */
    static Optional<String> signedIn(LocalDatabase.Tx tx) {
        try {
            return DeviceInfo.get(tx, DeviceInfo.SIGNED_IN_EMPLOYEE);
        } catch (SQLException e) {
            throw new LocalStoreException("device database: " + e.getMessage(), e);
        }
    }

    /** The role the device was signed in with. @throws NotJoinedException if it was not */
    static Role signedInRole(LocalDatabase.Tx tx) throws SQLException {
        return Role.fromWire(DeviceInfo.get(tx, DeviceInfo.SIGNED_IN_ROLE).orElse(""))
                .orElseThrow(() -> new NotJoinedException(NOT_SIGNED_IN));
    }

    /** The signer's id. @throws NotJoinedException if the device is not signed in */
    static String signer(LocalDatabase.Tx tx) {
        return signedIn(tx).orElseThrow(() -> new NotJoinedException(NOT_SIGNED_IN));
    }

    /**
     * The rule the server holds too: the acting employee never outranks the employee who signed
     * the device in, as that employee's role is now (the lower of the role at sign-in and the synced
     * one). A manager's tablet never acts as an admin.
     */
    static void refuseOutranking(LocalDatabase.Tx tx, String actor, Role actorRole) throws SQLException {
        Role signer = signerRole(tx);
        if (actorRole.outranks(signer)) {
            throw new PermissionDeniedException("this device was signed in by a " + signer.wireName()
                    + " and may not act as " + actor + ", a " + actorRole.wireName());
        }
    }

    /** The signer's role now: the lower of the role at sign-in and the synced one. */
    static Role signerRole(LocalDatabase.Tx tx) throws SQLException {
        String signedIn = signer(tx);
        Role atSignIn = signedInRole(tx);
        Role now = roleOf(tx, signedIn);
        return now.outranks(atSignIn) ? atSignIn : now;
    }

    /** An employee's role from the synced employees (the signed-in role until they arrive). */
    static Role roleOf(LocalDatabase.Tx tx, String employeeId) throws SQLException {
        Optional<String> synced = Records.find(tx, "employees", employeeId)
                .filter(row -> !row.deleted() && row.view() != null)
                .map(row -> row.view().path("role").asText(null));
        String role = synced.isPresent()
                ? synced.get()
                : DeviceInfo.get(tx, DeviceInfo.SIGNED_IN_ROLE).orElse(null);
        return Role.fromWire(role).orElseThrow(() -> new NotJoinedException(NOT_SIGNED_IN));
    }
}
