package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.client.records.Customer;
import com.repairsync.client.transport.ForwardingSyncTransport;
import com.repairsync.client.transport.OfflineException;
import com.repairsync.protocol.Change;
import com.repairsync.protocol.PullResponse;
import com.repairsync.protocol.RecordText;
import com.repairsync.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device pulls through streams of pages and stores each page as it comes: a stream the server
 * ends early, or one cut in the middle, loses nothing, and the next one starts at the last cursor
 * stored.
 */
class PullStreamTest {
    @TempDir
    Path dir;

    @Test
    void streamsEndedEarlyAreFollowedByOnesFromTheLastStoredCursor() {
        StreamingShop shop = new StreamingShop(2);
        try (RepairSyncDevice device = shop.joinedDevice(dir.resolve("device.db"))) {
            shop.addCustomers(45);

            device.syncNow();

            assertThat(device.customers().all()).hasSize(45);
            // pages of 10, at most 2 per stream: after the join's stream from 0, from 0 again, 20 and 40
            assertThat(shop.streamStarts).containsExactly(0L, 0L, 20L, 40L);
        }
    }

    @Test
    void aStreamCutAfterAPageKeepsThatPageAndTheNextSyncGoesOnFromIt() {
        StreamingShop shop = new StreamingShop(100);
        try (RepairSyncDevice device = shop.joinedDevice(dir.resolve("device.db"))) {
            shop.addCustomers(45);
            shop.cutAfterPages = 1;

            assertThatThrownBy(device::syncNow).isInstanceOf(OfflineException.class);
            assertThat(device.customers().all()).hasSize(10);

            device.syncNow();

            assertThat(device.customers().all())
                    .extracting(Customer::firstName)
                    .hasSize(45)
                    .doesNotHaveDuplicates();
            assertThat(shop.streamStarts).containsExactly(0L, 0L, 10L);
        }
    }

    /**
     * A page that does not continue from the device's cursor (an answer to another, earlier request)
     * is dropped and the device asks again: stored, it would move the cursor past changes the device
     * never saw (RestoreSimulationIT seed 720400582363, where a late answer to a pull from before the
     * download from 0 skipped the first changes of the restored server).
     */
    @Test
    void aPageThatDoesNotContinueFromTheDevicesCursorIsDroppedAndTheDeviceAsksAgain() {
        StreamingShop shop = new StreamingShop(100);
        try (RepairSyncDevice device = shop.joinedDevice(dir.resolve("device.db"))) {
            shop.addCustomers(25);
            shop.misplacedAnswers = 1;

            device.syncNow();

            assertThat(device.customers().all()).hasSize(25);
            assertThat(shop.streamStarts).containsExactly(0L, 0L, 0L);
        }
    }

    @Test
    void aServerThatKeepsAnsweringOtherRequestsEndsThePullForNowWithNothingStored() {
        StreamingShop shop = new StreamingShop(100);
        try (RepairSyncDevice device = shop.joinedDevice(dir.resolve("device.db"))) {
            shop.addCustomers(25);
            shop.misplacedAnswers = 3;

            assertThatThrownBy(device::syncNow)
                    .isInstanceOf(com.repairsync.client.transport.ServerBusyException.class)
                    .hasMessageContaining("do not continue from this device's cursor");
            assertThat(device.customers().all()).isEmpty();
        }
    }

    /** A shop of customers served as pull streams of pages of the device's size. */
    private static final class StreamingShop extends ForwardingSyncTransport {
        private final int pagesPerStream;
        private final List<Change> changes = new ArrayList<>();
        final List<Long> streamStarts = new ArrayList<>();
        /** The next stream breaks (offline) after handing over this many pages; 0 for never. */
        int cutAfterPages;
        /** How many streams to come begin with a page answering a pull from another cursor. */
        int misplacedAnswers;

        StreamingShop(int pagesPerStream) {
            super(new ScriptedTransport());
            this.pagesPerStream = pagesPerStream;
        }

        RepairSyncDevice joinedDevice(Path file) {
            DeviceOptions options = DeviceOptions.defaults()
                    .withAutoSync(false)
                    .withClock(new MutableClock(Instant.parse("2026-11-24T09:00:00Z")))
                    .withPageSize(10)
                    .withTransport((url, tokens) -> this);
            RepairSyncDevice device = RepairSyncDevice.open(file, "http://unused", options);
            device.join("owner@shop.test", "secret", "desk");
            return device;
        }

        void addCustomers(int count) {
            for (int i = 0; i < count; i++) {
                String id = UUID.randomUUID().toString();
                ObjectNode record = JsonNodeFactory.instance
                        .objectNode()
                        .put("id", id)
                        .put("firstName", "Customer " + changes.size())
                        .put("createdAt", "2026-11-24T08:00:00Z")
                        .put("updatedAt", "2026-11-24T08:00:00Z");
                changes.add(new Change("customers", id, changes.size() + 1, false, RecordText.of(record)));
            }
        }

        @Override
        public PullResponse pull(PullQuery query) {
            throw new AssertionError("the device pulls through streams");
        }

        @Override
        public PullResponse pullPages(PullQuery query, int pages, Consumer<PullResponse> store) {
            streamStarts.add(query.cursor());
            long cursor = query.cursor();
            int cutAfter = cutAfterPages;
            cutAfterPages = 0;
            if (misplacedAnswers > 0) {
                misplacedAnswers--;
                List<Change> late = changes.subList(changes.size() - 5, changes.size());
                store.accept(
                        new PullResponse(late, changes.size(), false, changes.size(), null, null, query.cursor() + 20));
                return new PullResponse(
                        List.of(), changes.size(), false, changes.size(), null, null, query.cursor() + 20);
            }
            for (int sent = 1; ; sent++) {
                long from = cursor;
                List<Change> page = changes.stream()
                        .filter(change -> change.seq() > from)
                        .limit(query.limit())
                        .toList();
                boolean hasMore = !page.isEmpty() && page.get(page.size() - 1).seq() < changes.size();
                cursor = page.isEmpty()
                        ? changes.size()
                        : page.get(page.size() - 1).seq();
                PullResponse answer = new PullResponse(page, cursor, hasMore, changes.size(), null, null, from);
                store.accept(answer);
                if (sent == cutAfter) {
                    throw new OfflineException("the stream broke", null);
                }
                if (!hasMore || sent == Math.min(pages, pagesPerStream)) {
                    return answer;
                }
            }
        }
    }
}
