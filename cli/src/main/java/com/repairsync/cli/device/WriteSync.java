package com.repairsync.cli.device;

import com.repairsync.cli.Failures;
import com.repairsync.cli.Terminal;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.transport.TransportException;

/**
 * After a local write: tries to send it at once. The write is already saved on the device, so a
 * server that cannot be reached is a note, not a failure.
 */
final class WriteSync {
    private WriteSync() {}

    /**
     * Says so if a change of the record waits for the server to be updated (it names a field or an
     * entity the server does not know yet): it stays queued, not failed, and goes again by itself.
     */
    static void noteWaiting(RepairSyncDevice device, Terminal terminal, String recordId) {
        device.waitingForServerUpdate().stream()
                .filter(waiting -> waiting.recordId().equals(recordId))
                .findFirst()
                .ifPresent(waiting -> terminal.note("Saved and queued, not failed: " + waiting.reason()
                        + ". It goes again by itself (repairsync status shows what waits)."));
    }

    /** Syncs unless told not to, and returns how many changes wait in the failed queue. */
    static int afterWrite(RepairSyncDevice device, Terminal terminal, boolean noSync) {
        if (noSync) {
            terminal.note("Saved on this device; it goes out with the next 'repairsync sync'.");
            return device.syncState().failedCount();
        }
        try {
            SyncRun.run(device, terminal, false);
        } catch (TransportException | com.repairsync.client.NotJoinedException e) {
            terminal.note("Saved on this device, not sent yet: "
                    + Failures.describe(e).message());
        }
        return device.syncState().failedCount();
    }
}
