package com.repairsync.client;

/**
 * How a person settles a {@link Conflict} ({@link RepairSyncDevice#resolveConflict}); either way
 * the conflict is closed, in the same local transaction as the write keeping mine makes. Resolving
 * a conflict that is not open is an {@link IllegalArgumentException}.
 */
public enum ConflictChoice {
    /**
     * Write the value this device lost again, as a new change (a new HLC, by the acting employee,
     * checked like any edit): it wins over what won before, unless something newer comes. Refused
     * with {@link IllegalStateException} while the record is deleted: undelete it first.
     */
    KEEP_MINE,
    /** Keep what won: the conflict is closed and nothing is written (what dismissing did). */
    KEEP_THEIRS
}
