package com.repairsync.desk.ui;

import com.repairsync.client.SyncState;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The header's sync status in words: "Offline · 2 changes waiting", "Syncing…", "All synced · 14:02:11". */
final class SyncText {
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private SyncText() {}

    static String of(SyncState state) {
        int pending = state.pendingCount();
        String waiting = pending == 0 ? "" : pending + " change" + (pending == 1 ? "" : "s") + " waiting";
        if (!state.online()) {
            return pending == 0 ? "Offline" : "Offline \u00b7 " + waiting;
        }
        if (state.syncing()) {
            return "Syncing\u2026";
        }
        if (pending > 0) {
            return waiting;
        }
        return state.lastSyncAt() == null ? "Online" : "All synced \u00b7 " + CLOCK.format(state.lastSyncAt());
    }
}
