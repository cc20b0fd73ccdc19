package com.repairsync.client.internal;

import com.repairsync.protocol.Role;

/**
 * How long a PIN must be for a role (policy version 2). Admins and managers switch in on shared
 * desks with the power to change employees and see pay, so their PINs have at least 6 digits; a
 * technician's or front desk employee's at least 4. Every PIN is at most 8 digits ({@link
 * PinPad#validatePin(String)}). The hash cost is the other half of the policy: {@link
 * com.repairsync.client.PinCost#POLICY}.
 */
public final class PinPolicy {
    /** The fewest digits of an admin's or manager's PIN. */
    public static final int MANAGER_MINIMUM = 6;
    /** The fewest digits of anyone else's PIN. */
    public static final int MINIMUM = 4;

    private PinPolicy() {}

    /** The fewest digits a PIN of this role may have. */
    public static int minimumLength(Role role) {
        return role.managesShop() ? MANAGER_MINIMUM : MINIMUM;
    }

    /** "a manager", "an admin": for messages. */
    public static String withArticle(String role) {
        return ("aeiou".indexOf(role.charAt(0)) >= 0 ? "an " : "a ") + role;
    }

    /** Whether a PIN (already valid as digits) is long enough for the role. */
    public static boolean longEnough(Role role, String pin) {
        return pin.length() >= minimumLength(role);
    }

    /**
     * Refuses a PIN that is not 4 to 8 digits or is too short for the role, with a message that
     * names the rule and omits the PIN.
     *
     * @throws IllegalArgumentException if the PIN breaks the policy
     */
    public static void validate(Role role, String pin) {
        PinPad.validatePin(pin);
        if (!longEnough(role, pin)) {
            throw new IllegalArgumentException(withArticle(role.wireName()) + "'s PIN must be at least "
                    + minimumLength(role) + " digits (PIN policy: admins and managers 6 to 8, others 4 to 8)");
        }
    }
}
