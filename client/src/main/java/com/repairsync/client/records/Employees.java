package com.repairsync.client.records;

import com.repairsync.client.internal.DeviceCore;
import com.repairsync.protocol.schema.Schema;
import java.util.List;
import java.util.Map;

/** The shop's employees. */
public final class Employees extends Repository<Employee, NewEmployee, EmployeeChanges> {
    Employees(DeviceCore core) {
        super(core, Schema.EMPLOYEES, Employee.class, EmployeeChanges::new);
    }

    /** Every active employee, by first name. */
    public List<Employee> active() {
        return list(new Where(field("active") + " = 1"), field("firstName"), ALL);
    }

    /**
     * Sets an employee's PIN. Only its Argon2id hash is stored and synced; the PIN itself never
     * leaves this call.
     *
     * <p>PIN policy: 4 to 8 digits, and at least 6 for an admin or manager. Promoting an employee
     * needs no PIN: at their next switch a PIN too short for the new role must be replaced.
     *
     * @throws IllegalArgumentException unless the PIN is 4 to 8 digits and long enough for the
     *     employee's role (the message names the rule)
     */
    public void setPin(String employeeId, String pin) {
        update(employeeId, Map.of("pinHash", core().hashPin(employeeId, pin)));
    }
}
