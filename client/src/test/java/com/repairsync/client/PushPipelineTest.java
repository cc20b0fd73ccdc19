package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.protocol.Mutation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The next push batch goes while the device stores the last one's acknowledgement, but only when
 * the server applied all of it: a refusal decides what may go next.
 */
class PushPipelineTest {
    @TempDir
    Path dir;

    private RepairSyncDevice device(ScriptedTransport transport, int batchSize) {
        return transport.joinedDevice(dir.resolve("device.db"), batchSize);
    }

    @Test
    void theNextBatchIsInFlightWhileTheLastIsAcknowledged() throws InterruptedException {
        ScriptedTransport transport = new ScriptedTransport();
        CountDownLatch secondPushSent = new CountDownLatch(2);
        transport.onPush = request -> secondPushSent.countDown();
        try (RepairSyncDevice device = device(transport, 1)) {
            String first = device.customers().create(Map.of("firstName", "Ada"));
            device.customers().create(Map.of("firstName", "Grace"));
            AtomicBoolean overlapped = new AtomicBoolean();
            // Record listeners run on the sync thread right after an acknowledgement is stored, before
            // the sync thread moves on: the second push can only have arrived by then if it was sent
            // beside the first one's acknowledgement. The wait only ends early when it was.
            device.addRecordListener((entity, id) -> {
                if (id.equals(first)) {
                    try {
                        overlapped.set(secondPushSent.await(10, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });

            device.syncNow();

            assertThat(overlapped).isTrue();
            assertThat(transport.pushes).hasSize(2);
            assertThat(device.syncState().pendingCount()).isZero();
        }
    }

    @Test
    void aRefusedMutationIsRecordedBeforeTheNextBatchIsChosen() {
        ScriptedTransport transport = new ScriptedTransport();
        try (RepairSyncDevice device = device(transport, 2)) {
            String ada = device.customers().create(Map.of("firstName", "Ada"));
            String grace = device.customers().create(Map.of("firstName", "Grace"));
            device.customers().update(ada, Map.of("lastName", "Lovelace"));
            transport.refusedRecords.add(ada);

            device.syncNow();

            // The first batch is Ada and Grace. Chosen as if Ada's creation had been applied, the next
            // batch would have been her edit, instead of it waiting behind the refusal.
            List<String> sent = transport.pushes.stream()
                    .flatMap(push -> push.mutations().stream())
                    .map(Mutation::recordId)
                    .toList();
            assertThat(sent).containsExactly(ada, grace);
            assertThat(device.status("customers", ada)).isEqualTo(SyncStatus.FAILED);
            assertThat(device.status("customers", grace)).isEqualTo(SyncStatus.SYNCED);
        }
    }

    @Test
    void theBatchChosenAheadIsDroppedWhenTheBatchInFlightHasARefusal() {
        ScriptedTransport transport = new ScriptedTransport();
        try (RepairSyncDevice device = device(transport, 1)) {
            String ada = device.customers().create(Map.of("firstName", "Ada"));
            String grace = device.customers().create(Map.of("firstName", "Grace"));
            device.customers().update(grace, Map.of("lastName", "Hopper"));
            transport.refusedRecords.add(grace);

            device.syncNow();

            // While Grace's creation was in flight, her edit was chosen as the batch after it. The
            // creation was refused, so the edit waits behind it instead of going out.
            List<String> sent = transport.pushes.stream()
                    .flatMap(push -> push.mutations().stream())
                    .map(Mutation::recordId)
                    .toList();
            assertThat(sent).containsExactly(ada, grace);
            assertThat(device.status("customers", ada)).isEqualTo(SyncStatus.SYNCED);
            assertThat(device.status("customers", grace)).isEqualTo(SyncStatus.FAILED);
            assertThat(device.syncState().pendingCount()).isEqualTo(1);
        }
    }

    @Test
    void aWriteMadeWhileABatchIsInFlightGoesInTheSamePush() {
        ScriptedTransport transport = new ScriptedTransport();
        try (RepairSyncDevice device = device(transport, 1)) {
            device.customers().create(Map.of("firstName", "Ada"));
            device.customers().create(Map.of("firstName", "Grace"));
            String[] linus = new String[1];
            transport.onPush = request -> {
                if (transport.pushes.size() == 2 && linus[0] == null) {
                    linus[0] = device.customers().create(Map.of("firstName", "Linus"));
                }
            };

            device.syncNow();

            assertThat(transport.pushes).hasSize(3);
            assertThat(transport.pushes.get(2).mutations())
                    .extracting(Mutation::recordId)
                    .containsExactly(linus[0]);
            assertThat(device.syncState().pendingCount()).isZero();
        }
    }
}
