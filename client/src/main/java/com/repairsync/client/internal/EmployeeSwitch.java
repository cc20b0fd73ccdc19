package com.repairsync.client.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.client.PermissionDeniedException;
import com.repairsync.client.PinChangeRequiredException;
import com.repairsync.client.RecordNotFoundException;
import com.repairsync.protocol.Operation;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.schema.Action;
import com.repairsync.protocol.schema.Schema;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Switching the acting employee by PIN, offline: who may be switched to, the PIN check (slow hash
 * and lock bookkeeping outside the write transaction), and a new or re-hashed PIN written as the
 * employee's own change.
 */
final class EmployeeSwitch {
    private final LocalDatabase db;
    private final PinPad pinPad;
    private final RecordWriter writer;
    private final Consumer<Set<String>> written;

    EmployeeSwitch(LocalDatabase db, PinPad pinPad, RecordWriter writer, Consumer<Set<String>> written) {
        this.db = db;
        this.pinPad = pinPad;
        this.writer = writer;
        this.written = written;
    }

    /** See {@link DeviceCore#switchEmployee(String, String)}. */
    void switchEmployee(String employeeId, String pin) {
        Switching who = switching(employeeId);
        pinPad.check(pin, who.pinHash());
        if (!PinPolicy.longEnough(who.role(), pin)) {
            throw new PinChangeRequiredException(
                    employeeId, who.role().wireName(), PinPolicy.minimumLength(who.role()));
        }
        String rehashed = pinPad.current(who.pinHash()) ? null : pinPad.hash(pin);
        switchTo(employeeId, rehashed);
    }

    /** See {@link DeviceCore#switchEmployee(String, String, String)}. */
    void switchEmployee(String employeeId, String pin, String newPin) {
        Switching who = switching(employeeId);
        PinPolicy.validate(who.role(), newPin);
        pinPad.check(pin, who.pinHash());
        switchTo(employeeId, pinPad.hash(newPin));
    }

    /** See {@link DeviceCore#hashPin}. */
    String hashPin(String employeeId, String pin) {
        Role role = db.transaction(tx -> Records.find(tx, "employees", employeeId)
                        .filter(row -> !row.deleted() && row.view() != null)
                        .flatMap(row -> Role.fromWire(row.view().path("role").asText(""))))
                .orElseThrow(() -> new RecordNotFoundException("employees", employeeId));
        PinPolicy.validate(role, pin);
        return pinPad.hash(pin);
    }

    /** The employee being switched to, after the checks that need no PIN. */
    private record Switching(Role role, String pinHash) {}

    private Switching switching(String employeeId) {
        return db.transaction(tx -> {
            String signedIn = ActingEmployees.signer(tx);
            Role signedInRole = ActingEmployees.signedInRole(tx);
            if (!signedInRole.managesShop() && !signedIn.equals(employeeId)) {
                throw new PermissionDeniedException(
                        "this device was joined by a " + signedInRole.wireName() + " and acts only for that employee");
            }
            ObjectNode employee = Records.find(tx, "employees", employeeId)
                    .filter(row -> !row.deleted() && row.view() != null)
                    .map(Records.Row::view)
                    .orElseThrow(() -> new RecordNotFoundException("employees", employeeId));
            if (!employee.path("active").asBoolean(true)) {
                throw new PermissionDeniedException("employee " + employeeId + " is deactivated");
            }
            Role role = Role.fromWire(employee.path("role").asText(""))
                    .orElseThrow(() -> new PermissionDeniedException("employee " + employeeId + " has no known role"));
            ActingEmployees.refuseOutranking(tx, employeeId, role);
            return new Switching(role, employee.path("pinHash").asText(null));
        });
    }

    /** Makes the employee the actor and, with a new hash, writes it as their own change, in one transaction. */
    private void switchTo(String employeeId, String newPinHash) {
        db.transaction(tx -> {
            DeviceInfo.put(tx, DeviceInfo.ACTING_EMPLOYEE, employeeId);
            if (newPinHash != null) {
                writer.add(
                        tx,
                        Schema.EMPLOYEES,
                        employeeId,
                        Operation.UPSERT,
                        Map.of("pinHash", newPinHash),
                        null,
                        null,
                        Action.UPDATE);
            }
            return null;
        });
        if (newPinHash != null) {
            written.accept(Set.of("employees/" + employeeId));
        }
    }
}
