package com.repairsync.cli.device;

import com.repairsync.cli.Terminal;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.SyncState;
import java.util.function.Consumer;

/**
 * One push + pull with a progress bar for people when it takes a while: the push's share of the
 * queue sent, then the pull's share of the shop's changes received.
 */
final class SyncRun {
    private static final long QUIET_MILLIS = 400;

    private SyncRun() {}

    /** What a sync did: changes sent and the cursor it reached. */
    record Outcome(int sent, long cursorBefore, long cursorAfter, SyncState state) {}

    static Outcome run(RepairSyncDevice device, Terminal terminal, boolean full) {
        SyncState before = device.syncState();
        long cursorBefore = device.identity().cursor();
        int queued = before.pendingCount();
        long started = System.nanoTime();
        boolean[] pulling = {false};
        Consumer<SyncState> bar = state -> {
            if ((System.nanoTime() - started) / 1_000_000 < QUIET_MILLIS || !state.syncing()) {
                return;
            }
            int left = state.pendingCount();
            if (queued > 0 && left > 0 && !pulling[0]) {
                terminal.progress("pushing", 1.0 - (double) left / queued, (queued - left) + "/" + queued + " changes");
            } else if (state.progress() < 1.0) {
                pulling[0] = true;
                terminal.progress("pulling", state.progress(), "");
            }
        };
        device.addSyncStateListener(bar);
        try {
            if (full) {
                device.fullSync();
            } else {
                device.syncNow();
            }
        } finally {
            if ((System.nanoTime() - started) / 1_000_000 >= QUIET_MILLIS) {
                terminal.progress(pulling[0] ? "pulling" : "synced", 1.0, "");
            }
        }
        SyncState after = device.syncState();
        return new Outcome(
                Math.max(0, queued - after.pendingCount() - (after.failedCount() - before.failedCount())),
                cursorBefore,
                device.identity().cursor(),
                after);
    }
}
