package com.repairsync.server.auth;

import com.repairsync.protocol.Role;
import java.time.Instant;

/**
 * Who a request acts for, read from its access token: the shop (the only source of the tenant),
 * the employee who signed the device in, their role when the token was issued, and the device.
 * The generations are those of the employee's sign-ins and of the device when the token was
 * issued; {@link Sessions} refuses the token once either has moved on. A console session (a browser
 * signed in to the owner's console) has no device: its {@code deviceId} is null.
 */
public record Principal(
        String shopId,
        String employeeId,
        Role role,
        String deviceId,
        Instant expiresAt,
        long employeeGeneration,
        long deviceGeneration) {

    /** A principal under the first generations (tests, benchmarks). */
    public Principal(String shopId, String employeeId, Role role, String deviceId, Instant expiresAt) {
        this(shopId, employeeId, role, deviceId, expiresAt, 0, 0);
    }

    /** The principal of a console session: no device, only the employee's sign-in generation. */
    public static Principal console(
            String shopId, String employeeId, Role role, Instant expiresAt, long employeeGeneration) {
        return new Principal(shopId, employeeId, role, null, expiresAt, employeeGeneration, 0);
    }

    /** Whether this is a console session rather than a device. */
    public boolean isConsole() {
        return deviceId == null;
    }
}
