package com.repairsync.client.records;

import com.repairsync.client.internal.DeviceCore;
import com.repairsync.protocol.schema.Schema;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The shop's employees. */
public final class Employees extends Repository<Employee> {
    public Employees(DeviceCore core) {
        super(core, Schema.EMPLOYEES, Employee.class);
    }

    public List<Employee> active() {
        return sorted(list(field("active") + " = 1"), Comparator.comparing(Employee::firstName));
    }

    /**
     * Sets an employee's PIN. Only its Argon2id hash is stored and synced; the PIN itself never
     * leaves this call.
     *
     * @throws IllegalArgumentException unless the PIN is 4 to 8 digits
     */
    public void setPin(String employeeId, String pin) {
        update(employeeId, Map.of("pinHash", core().hashPin(pin)));
    }
}
