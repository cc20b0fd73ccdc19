package com.repairsync.server.auth;

import com.repairsync.protocol.Role;
import java.time.Instant;

/**
 * Who a request acts for, read from its access token: the shop (the only source of the tenant),
 * the employee who signed the device in, their role when the token was issued, and the device.
 */
public record Principal(String shopId, String employeeId, Role role, String deviceId, Instant expiresAt) {}
