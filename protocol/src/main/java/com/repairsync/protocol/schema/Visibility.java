package com.repairsync.protocol.schema;

import com.repairsync.protocol.Role;

/** Which roles' devices receive a field's value. */
public enum Visibility {
    EVERYONE,
    /** Only admins and managers: PIN hashes and pay rates. */
    MANAGERS;

    public boolean visibleTo(Role role) {
        return this == EVERYONE || role.managesShop();
    }
}
