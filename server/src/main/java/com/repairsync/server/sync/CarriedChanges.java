package com.repairsync.server.sync;

import com.repairsync.protocol.Change;
import java.util.List;

/**
 * What a small commit carries to the shop's sockets, so a device at the commit's previous cursor
 * stores it without pulling: the changed records as devices of wire version {@link #since} on see
 * them ({@code current}, with their {@code custom} member), and as older devices do ({@code
 * older}, without it). Either is null when it cannot be carried to those devices (they get the
 * cursor and pull); both are the same list when no record takes custom fields.
 *
 * @param since the first wire version that receives {@code current}
 */
public record CarriedChanges(List<Change> current, List<Change> older, int since) {
    /** The same changes for every device. */
    public static CarriedChanges forEvery(List<Change> changes) {
        return new CarriedChanges(changes, changes, com.repairsync.protocol.WireVersions.FIRST);
    }

    /** The changes a device of this wire version receives, or null. */
    public List<Change> forVersion(int wireVersion) {
        return wireVersion >= since ? current : older;
    }

    /** Whether every device receives the same. */
    public boolean same() {
        return current == older;
    }
}
