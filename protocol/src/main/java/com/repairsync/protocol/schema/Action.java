package com.repairsync.protocol.schema;

/** What a role may do to an entity; the permission table is keyed by it. */
public enum Action {
    CREATE,
    UPDATE,
    DELETE,
    ADJUST
}
