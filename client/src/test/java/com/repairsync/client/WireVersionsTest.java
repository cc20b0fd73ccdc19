package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.repairsync.client.records.NewCustomer;
import com.repairsync.client.transport.RequestRejectedException;
import com.repairsync.client.transport.UpgradeRequiredException;
import com.repairsync.protocol.ErrorCode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device meeting a newer server keeps what it saved: told to update, it keeps its queue and says
 * so; refused with a code it does not know, per change or for the whole push, it keeps the changes
 * queued for later instead of sending them to the failed queue.
 */
class WireVersionsTest {
    @TempDir
    Path dir;

    private final ScriptedTransport server = new ScriptedTransport();

    @Test
    void toldToUpdateTheDeviceKeepsItsQueueAndSaysSo() {
        try (RepairSyncDevice device = server.joinedDevice(dir.resolve("device.db"), 10)) {
            device.customers().create(new NewCustomer("Grace"));
            device.customers().create(new NewCustomer("Ada"));
            server.pushFailure = new UpgradeRequiredException("3-4", "this server serves RepairSync protocol 3-4");

            assertThatThrownBy(device::syncNow).isInstanceOf(UpgradeRequiredException.class);

            SyncState state = device.syncState();
            assertThat(state.pendingCount()).isEqualTo(2);
            assertThat(state.failedCount()).isZero();
            assertThat(state.lastError()).startsWith("Update RepairSync to keep syncing");

            server.pushFailure = null; // the app was updated
            device.syncNow();
            assertThat(device.syncState().pendingCount()).isZero();
        }
    }

    @Test
    void aChangeRefusedWithAnUnknownCodeStaysQueuedForLater() {
        try (RepairSyncDevice device = server.joinedDevice(dir.resolve("device.db"), 10)) {
            String id = device.customers().create(new NewCustomer("Grace"));
            server.refusedRecords.add(id);
            server.refusalCode = ErrorCode.fromWire("a_code_from_a_newer_server");

            device.syncNow();

            assertThat(device.syncState().failedCount()).isZero();
            assertThat(device.syncState().pendingCount()).isEqualTo(1);
            assertThat(device.failedMutations()).isEmpty();
        }
    }

    @Test
    void aPushRefusedWholeWithAnUnknownCodeKeepsTheBatchQueued() {
        try (RepairSyncDevice device = server.joinedDevice(dir.resolve("device.db"), 10)) {
            device.customers().create(new NewCustomer("Grace"));
            server.pushFailure = new RequestRejectedException(
                    418, ErrorCode.fromWire("teapot_policy"), null, "a refusal from a newer server");

            assertThatThrownBy(device::syncNow).isInstanceOf(RequestRejectedException.class);

            assertThat(device.syncState().failedCount()).isZero();
            assertThat(device.syncState().pendingCount()).isEqualTo(1);
        }
    }

    @Test
    void aKnownRefusalStillGoesToTheFailedQueue() {
        try (RepairSyncDevice device = server.joinedDevice(dir.resolve("device.db"), 10)) {
            String id = device.customers().create(new NewCustomer("Grace"));
            server.refusedRecords.add(id);

            device.syncNow();

            assertThat(device.syncState().failedCount()).isEqualTo(1);
        }
    }
}
