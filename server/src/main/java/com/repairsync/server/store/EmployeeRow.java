package com.repairsync.server.store;

import com.repairsync.protocol.Role;

/** The parts of an employee record that authorization needs. */
public record EmployeeRow(String shopId, String id, Role role, boolean active, String email) {}
