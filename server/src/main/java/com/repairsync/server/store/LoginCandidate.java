package com.repairsync.server.store;

import com.repairsync.protocol.Role;

/** An employee who has a password and the given e-mail address. */
public record LoginCandidate(String shopId, String employeeId, Role role, boolean active, String passwordHash) {}
