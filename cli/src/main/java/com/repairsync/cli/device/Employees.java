package com.repairsync.cli.device;

import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.records.Employee;

/** How the command line names an employee: "Ada Lovelace (admin)". */
final class Employees {
    private Employees() {}

    static String describe(RepairSyncDevice device, String employeeId) {
        if (employeeId == null) {
            return "nobody";
        }
        return device.employees().get(employeeId).map(Employees::describe).orElse(employeeId);
    }

    static String describe(Employee employee) {
        String name = employee.lastName() == null || employee.lastName().isBlank()
                ? employee.firstName()
                : employee.firstName() + " " + employee.lastName();
        return name + " (" + employee.role() + ")";
    }
}
