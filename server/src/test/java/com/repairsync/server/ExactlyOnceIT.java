package com.repairsync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A replayed push batch (same mutation ids) changes nothing and answers duplicate. */
class ExactlyOnceIT {
    @RegisterExtension
    static final TestServer server = TestServer.start();

    private static String newItem(Device device, long quantity) {
        String item = UUID.randomUUID().toString();
        device.pushOk(List.of(Mutations.upsert("inventoryItems", item)
                .field("sku", "SKU-" + item.substring(0, 6))
                .field("name", "Battery")
                .field("quantity", quantity)));
        return item;
    }

    private static long quantity(Device device, String item) {
        return device.pullAll(0).record("inventoryItems", item).get("quantity").asLong();
    }

    @Test
    void stockAdjustReplayedTenTimesSubtractsOnce() {
        Device desk = server.createShop().adminDevice("desk");
        String item = newItem(desk, 5);
        List<ObjectNode> batch = List.of(stamp(desk, Mutations.adjust("inventoryItems", item, "quantity", -1)));

        JsonNode first = desk.pushRaw(batch).body().get("results").get(0);
        assertThat(first.get("status").asText()).isEqualTo("applied");
        for (int i = 0; i < 10; i++) {
            JsonNode again = desk.pushRaw(batch).body().get("results").get(0);
            assertThat(again.get("status").asText()).isEqualTo("duplicate");
            assertThat(again.get("seq").asLong()).isEqualTo(first.get("seq").asLong());
            assertThat(again.get("firstStatus").asText()).isEqualTo("applied");
        }
        assertThat(quantity(desk, item)).isEqualTo(4);
    }

    @Test
    void wholeBatchReplayedLeavesTheSameStateAndCursor() {
        Device desk = server.createShop().adminDevice("desk");
        String customer = UUID.randomUUID().toString();
        String item = newItem(desk, 10);
        List<ObjectNode> batch = List.of(
                stamp(desk, Mutations.upsert("customers", customer).field("firstName", "Ada")),
                stamp(desk, Mutations.upsert("customers", customer).field("phone", "555-0100")),
                stamp(desk, Mutations.adjust("inventoryItems", item, "quantity", -3)),
                stamp(desk, Mutations.upsert("customers", UUID.randomUUID().toString()))); // rejected: no firstName

        JsonNode first = desk.pushRaw(batch).body();
        Device.Snapshot before = desk.pullAll(0);
        for (int i = 0; i < 3; i++) {
            JsonNode again = desk.pushRaw(batch).body();
            assertThat(again.get("cursor").asLong())
                    .isEqualTo(first.get("cursor").asLong());
            for (int m = 0; m < batch.size(); m++) {
                JsonNode result = again.get("results").get(m);
                assertThat(result.get("status").asText()).isEqualTo("duplicate");
                assertThat(result.get("firstStatus").asText())
                        .isEqualTo(first.get("results").get(m).get("status").asText());
            }
        }
        Device.Snapshot after = desk.pullAll(0);
        assertThat(after.cursor()).isEqualTo(before.cursor());
        assertThat(after.changes()).isEqualTo(before.changes());
        assertThat(first.get("results").get(3).get("code").asText()).isEqualTo("unknown_record");
        assertThat(quantity(desk, item)).isEqualTo(7);
    }

    @Test
    void sameBatchFromTwoThreadsAtOnceAppliesOnce() throws Exception {
        Device desk = server.createShop().adminDevice("desk");
        String item = newItem(desk, 100);
        for (int round = 0; round < 10; round++) {
            List<ObjectNode> batch = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                batch.add(stamp(desk, Mutations.adjust("inventoryItems", item, "quantity", -1)));
            }
            CyclicBarrier together = new CyclicBarrier(2);
            List<CompletableFuture<JsonHttp.Response>> pushes = new ArrayList<>();
            for (int thread = 0; thread < 2; thread++) {
                pushes.add(CompletableFuture.supplyAsync(() -> {
                    await(together);
                    return desk.pushRaw(batch);
                }));
            }
            List<String> statuses = new ArrayList<>();
            for (CompletableFuture<JsonHttp.Response> push : pushes) {
                JsonHttp.Response response = push.get();
                assertThat(response.status()).isEqualTo(200);
                response.body()
                        .get("results")
                        .forEach(r -> statuses.add(r.get("status").asText()));
            }
            assertThat(statuses).filteredOn("applied"::equals).hasSize(5);
            assertThat(statuses).filteredOn("duplicate"::equals).hasSize(5);
        }
        assertThat(quantity(desk, item)).isEqualTo(50);
    }

    @Test
    void duplicateIdWithinOneBatchAppliesOnce() {
        Device desk = server.createShop().adminDevice("desk");
        String item = newItem(desk, 5);
        ObjectNode adjust = stamp(desk, Mutations.adjust("inventoryItems", item, "quantity", -1));
        JsonNode results = desk.pushRaw(List.of(adjust, adjust)).body().get("results");
        assertThat(results.get(0).get("status").asText()).isEqualTo("applied");
        assertThat(results.get(1).get("status").asText()).isEqualTo("duplicate");
        assertThat(quantity(desk, item)).isEqualTo(4);
    }

    static ObjectNode stamp(Device device, Mutations mutation) {
        return mutation.hlc(device.nextHlc()).actor(device.employeeId()).build();
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theSameIdTwiceInsideOneGroupAppliesOnceAndAnswersDuplicate() {
        Device desk = server.createShop().adminDevice("desk");
        String item = newItem(desk, 5);
        ObjectNode adjust = stamp(
                desk, Mutations.adjust("inventoryItems", item, "quantity", -1).group("g1"));
        JsonHttp.Response response = desk.pushRaw(List.of(adjust, adjust));
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        JsonNode results = response.body().get("results");
        assertThat(results.get(0).get("status").asText()).isEqualTo("applied");
        assertThat(results.get(1).get("status").asText()).isEqualTo("duplicate");
        assertThat(quantity(desk, item)).isEqualTo(4);
    }

    @Test
    void mutationIdsAreUniquePerDeviceNotPerShop() {
        Shop shop = server.createShop();
        Device desk = shop.adminDevice("desk");
        Device tablet = shop.adminDevice("tablet");
        String item = newItem(desk, 5);
        desk.pushOk(
                List.of(Mutations.adjust("inventoryItems", item, "quantity", -1).id("mutation-1")));
        tablet.pushOk(
                List.of(Mutations.adjust("inventoryItems", item, "quantity", -1).id("mutation-1")));
        assertThat(quantity(desk, item)).isEqualTo(3);
    }
}
