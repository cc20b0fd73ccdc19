package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push starts with small batches and grows them while the server answers quickly; a batch the
 * server refuses as too large goes again in smaller ones instead of failing.
 */
class PushBatchSizingTest {
    @TempDir
    Path dir;

    private RepairSyncDevice device(ScriptedTransport transport) {
        return transport.joinedDevice(dir.resolve("device.db"), 2000);
    }

    private static void createCustomers(RepairSyncDevice device, int count) {
        for (int i = 0; i < count; i++) {
            device.customers().create(Map.of("firstName", "Customer " + i));
        }
    }

    private static List<Integer> batchSizes(ScriptedTransport transport) {
        return transport.pushes.stream().map(push -> push.mutations().size()).toList();
    }

    @Test
    void batchesStartAtAHundredAndGrowWhileAnswersAreQuick() {
        ScriptedTransport transport = new ScriptedTransport();
        try (RepairSyncDevice device = device(transport)) {
            createCustomers(device, 550);

            device.syncNow();

            // the scripted server answers at once on the device's clock: fourfold growth
            assertThat(batchSizes(transport)).containsExactly(100, 400, 50);
            assertThat(device.syncState().pendingCount()).isZero();
        }
    }

    @Test
    void aBatchRefusedAsTooLargeGoesAgainInSmallerBatchesThatNeverGrowBack() {
        ScriptedTransport transport = new ScriptedTransport();
        transport.maxBatch = 60;
        try (RepairSyncDevice device = device(transport)) {
            createCustomers(device, 250);

            device.syncNow();

            assertThat(batchSizes(transport)).containsExactly(100, 50, 50, 50, 50, 50);
            assertThat(device.syncState().pendingCount()).isZero();
            assertThat(device.syncState().failedCount()).isZero();
        }
    }

    @Test
    void aGroupLargerThanTheServerTakesFailsWithTheReasonAndTheRestGoes() {
        ScriptedTransport transport = new ScriptedTransport();
        transport.maxBatch = 1;
        try (RepairSyncDevice device = device(transport)) {
            String customer = device.customers().create(Map.of("firstName", "Ada"));
            String ticket =
                    device.tickets().create(Map.of("customerId", customer, "deviceType", "phone", "problem", "screen"));
            String item = device.inventoryItems().create(Map.of("sku", "SCR-1", "name", "Screen", "quantity", 5));
            String part = device.tickets().addPart(ticket, item, 1, 4999L);

            device.syncNow();

            // the part and its stock take are one group of two: it cannot be split to fit
            assertThat(device.failedMutations())
                    .extracting(FailedMutation::recordId, FailedMutation::code)
                    .containsExactlyInAnyOrder(tuple(part, "payload_too_large"), tuple(item, "payload_too_large"));
            assertThat(device.status("customers", customer)).isEqualTo(SyncStatus.SYNCED);
            assertThat(device.status("tickets", ticket)).isEqualTo(SyncStatus.SYNCED);
            assertThat(device.syncState().pendingCount()).isZero();
        }
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}
