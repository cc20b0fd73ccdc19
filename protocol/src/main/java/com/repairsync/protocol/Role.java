package com.repairsync.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/** An employee's role in a shop; it decides what the employee may write and see. */
public enum Role {
    ADMIN("admin"),
    MANAGER("manager"),
    TECHNICIAN("technician"),
    FRONT_DESK("front_desk");

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Admins and managers run the shop: they manage employees and see pay and PIN hashes. */
    public boolean managesShop() {
        return this == ADMIN || this == MANAGER;
    }

    /**
     * Whether this role is above another: admin above manager, manager above technician and front
     * desk, which are level. An actor named in a mutation may never outrank the employee who signed
     * the device in, so a manager's tablet can never act as an admin.
     */
    public boolean outranks(Role other) {
        return rank() > other.rank();
    }

    private int rank() {
        return switch (this) {
            case ADMIN -> 3;
            case MANAGER -> 2;
            case TECHNICIAN, FRONT_DESK -> 1;
        };
    }

    /** The role with this wire name, if any. */
    public static Optional<Role> fromWire(String wireName) {
        for (Role role : values()) {
            if (role.wireName.equals(wireName)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
