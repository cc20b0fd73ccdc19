package com.repairsync.server.sync;

import com.repairsync.protocol.Change;
import java.util.List;

/** Told after a push commits and moves a shop's change sequence. */
@FunctionalInterface
public interface CommitListener {
    /**
     * @param fromCursor the shop's sequence before the commit
     * @param cursor the shop's sequence after it
     * @param changes every record the commit changed, as any role sees it, in sequence order; null
     *     when the commit was too large to carry or changed a record some roles see only in part
     * @param serverHlc the server's clock after the commit, later than every HLC it stored
     */
    void committed(String shopId, long fromCursor, long cursor, List<Change> changes, String serverHlc);

    /**
     * As {@link #committed}, with the changes as devices of each wire version receive them (records
     * of entities that take custom fields carry their {@code custom} member from version 8 on). A
     * listener that cannot tell its devices' versions apart hears the changes every version may
     * receive.
     *
     * @param carried null when the commit carries nothing (see {@link CarriedChanges})
     */
    default void committedCarrying(
            String shopId, long fromCursor, long cursor, CarriedChanges carried, String serverHlc) {
        committed(shopId, fromCursor, cursor, carried == null ? null : carried.older(), serverHlc);
    }

    /**
     * The commit ended every sign-in of these employees: they were deactivated, deleted or given
     * another role (their session generation moved on in the same transaction).
     */
    default void signInsEnded(String shopId, java.util.Set<String> employeeIds) {}
}
