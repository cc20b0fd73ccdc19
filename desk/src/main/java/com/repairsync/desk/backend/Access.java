package com.repairsync.desk.backend;

import com.repairsync.client.records.Employee;
import com.repairsync.protocol.Role;
import com.repairsync.protocol.schema.Action;
import com.repairsync.protocol.schema.Permissions;
import com.repairsync.protocol.schema.Schema;
import java.util.Map;
import java.util.Optional;

/**
 * Who is at the desk and what their role may do, by the protocol's permission table: the same one
 * the SDK and the server run, so a disabled button and a refused write never disagree.
 *
 * @param employee the acting employee, or null before their record arrived
 */
public record Access(Employee employee) {

    public Role role() {
        return employee == null
                ? Role.FRONT_DESK
                : Role.fromWire(employee.role()).orElse(Role.FRONT_DESK);
    }

    /** Why the acting employee may not do this to the entity (e.g. "technician may not create customers"), or empty. */
    public Optional<String> denial(String entity, Action action) {
        return Permissions.denial(role(), Schema.entity(entity).orElseThrow(), action, Map.of(), null);
    }

    /**
     * Why the acting employee may not change this employee: the permission table's rule that only
     * an admin changes an admin needs the record's role.
     */
    public Optional<String> denialToChange(Employee other) {
        return Permissions.denial(
                role(), Schema.EMPLOYEES, Action.UPDATE, other == null ? Map.of() : Map.of("role", other.role()), null);
    }

    /** Admins and managers see the employees screen and the shop's audit. */
    public boolean managesShop() {
        return role().managesShop();
    }

    /**
     * Whether the acting employee declares and changes the shop's custom fields (admins only, by
     * the permission table of {@code customFields}), and so sees the field editor.
     */
    public boolean editsCustomFields() {
        return denial("customFields", Action.CREATE).isEmpty();
    }

    /** Whether the acting employee may delete records of some entity, and so bring them back. */
    public boolean mayDeleteAny() {
        return Schema.entities().stream()
                .anyMatch(type -> Permissions.denial(role(), type, Action.DELETE, Map.of(), null)
                        .isEmpty());
    }

    /**
     * Why the acting employee may not erase a customer: only an admin may (the server checks the
     * admin who signed this device in as well).
     */
    public Optional<String> denialToErase() {
        return role() == Role.ADMIN
                ? Optional.empty()
                : Optional.of(role().wireName() + " may not erase customers (only an admin may)");
    }

    public String name() {
        if (employee == null) {
            return "?";
        }
        return employee.lastName() == null ? employee.firstName() : employee.firstName() + " " + employee.lastName();
    }
}
