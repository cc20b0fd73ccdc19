package com.repairsync.client.internal;

import com.repairsync.protocol.Hlc;
import com.repairsync.protocol.HlcClock;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * Keeps the device's hybrid logical clock past every server clock it has seen, so an edit made
 * after seeing a value always sorts after it, across restarts too.
 */
final class ServerClock {
    private final Supplier<HlcClock> hlc;

    ServerClock(Supplier<HlcClock> hlc) {
        this.hlc = hlc;
    }

    /**
     * Moves this device's HLC past the server's, so its next writes order after everything it has
     * seen; the parsed clock, or null if there was none (a malformed one is no reason to fail a
     * sync that succeeded).
     */
    Hlc receive(String serverHlc) {
        if (serverHlc == null) {
            return null;
        }
        Hlc seen;
        try {
            seen = Hlc.parse(serverHlc);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
        hlc.get().receive(seen);
        return seen;
    }

    /** Stores the HLC high-water mark in the transaction that stores what brought it: kept or lost together. */
    static void keepHighWater(LocalDatabase.Tx tx, Hlc seen) throws SQLException {
        if (seen == null) {
            return;
        }
        boolean later = DeviceInfo.get(tx, DeviceInfo.HLC_HIGH_WATER)
                .map(stored -> seen.isAfter(Hlc.parse(stored)))
                .orElse(true);
        if (later) {
            DeviceInfo.put(tx, DeviceInfo.HLC_HIGH_WATER, seen.toString());
        }
    }
}
