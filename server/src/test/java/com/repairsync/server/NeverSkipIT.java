package com.repairsync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import com.repairsync.testkit.Seeds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Eight devices push while four pull, for at least ten seconds. Pushes mostly create records, so
 * each change sequence belongs to one record for good: a pull that stepped past a sequence before
 * its commit was visible would lose that record for ever. Every puller must end with exactly the
 * server's records, and every page must move strictly forward.
 */
class NeverSkipIT {
    private static final int PUSHERS = 8;
    private static final int PULLERS = 4;

    @Test
    void concurrentPushesNeverLetAPullSkipAChange() throws Exception {
        long seed = Seeds.seed("NeverSkipIT");
        long runMillis = Seeds.scaled(10_000);
        try (TestServer server = TestServer.start()) {
            Shop shop = server.createShop();
            List<Device> pushers = new ArrayList<>();
            for (int i = 0; i < PUSHERS; i++) {
                pushers.add(shop.adminDevice("pusher-" + i));
            }
            List<Device> pullers = new ArrayList<>();
            for (int i = 0; i < PULLERS; i++) {
                pullers.add(shop.adminDevice("puller-" + i));
            }
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(PUSHERS + PULLERS);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(runMillis);
            List<Future<Integer>> pushed = new ArrayList<>();
            for (int i = 0; i < PUSHERS; i++) {
                Device device = pushers.get(i);
                Random random = new Random(seed + i);
                pushed.add(pool.submit(() -> pushUntil(device, random, deadline, failures)));
            }
            List<Future<Replica>> pulled = new ArrayList<>();
            for (int i = 0; i < PULLERS; i++) {
                Device device = pullers.get(i);
                Random random = new Random(seed * 31 + i);
                pulled.add(pool.submit(() -> pullUntil(device, random, deadline, failures)));
            }
            int applied = 0;
            for (Future<Integer> count : pushed) {
                applied += count.get();
            }
            List<Replica> replicas = new ArrayList<>();
            for (Future<Replica> replica : pulled) {
                replicas.add(replica.get());
            }
            pool.shutdown();
            assertThat(failures).as("seed %d", seed).isEmpty();

            Device.Snapshot truth = pullers.get(0).pullAll(0);
            assertThat(truth.changes()).hasSizeGreaterThan(PUSHERS);
            System.out.printf(
                    "NeverSkipIT: %d mutations applied, %d records, final cursor %d%n",
                    applied, truth.changes().size(), truth.cursor());
            for (Replica replica : replicas) {
                replica.catchUp();
                assertThat(replica.records)
                        .as("seed %d: replica equals server", seed)
                        .isEqualTo(truth.changes());
            }
        }
    }

    private static int pushUntil(Device device, Random random, long deadline, ConcurrentLinkedQueue<String> failures) {
        List<String> mine = new ArrayList<>();
        int applied = 0;
        while (System.nanoTime() < deadline) {
            List<Mutations> batch = new ArrayList<>();
            int size = 1 + random.nextInt(5);
            for (int i = 0; i < size; i++) {
                if (mine.isEmpty() || random.nextInt(5) > 0) {
                    String id = UUID.randomUUID().toString();
                    mine.add(id);
                    batch.add(Mutations.upsert("customers", id).field("firstName", "C" + random.nextInt(1000)));
                } else {
                    String id = mine.get(random.nextInt(mine.size()));
                    batch.add(Mutations.upsert("customers", id).field("notes", "n" + random.nextInt(1000)));
                }
            }
            JsonHttp.Response response = device.push(batch);
            if (response.status() != 200) {
                failures.add("push " + response);
                return applied;
            }
            for (JsonNode result : response.body().get("results")) {
                if (!result.get("status").asText().equals("applied")) {
                    failures.add("not applied: " + result);
                }
                applied++;
            }
        }
        return applied;
    }

    /** A pulling device's copy of the shop. */
    private static final class Replica {
        final Device device;
        final Map<String, JsonNode> records = new HashMap<>();
        long cursor;

        Replica(Device device) {
            this.device = device;
        }

        /** Pulls one page and checks it moves strictly forward; returns whether more pages wait. */
        boolean pullPage(int limit, ConcurrentLinkedQueue<String> failures) {
            JsonHttp.Response response = device.pull("cursor=" + cursor + "&limit=" + limit);
            if (response.status() != 200) {
                failures.add("pull " + response);
                return false;
            }
            long previous = cursor;
            long last = cursor;
            for (JsonNode change : response.body().get("changes")) {
                long seq = change.get("seq").asLong();
                if (seq <= last) {
                    failures.add("page after " + previous + " not strictly increasing: " + seq + " after " + last);
                }
                last = seq;
                records.put(
                        change.get("entity").asText() + "/"
                                + change.get("recordId").asText(),
                        change);
            }
            long next = response.body().get("cursor").asLong();
            if (next < last || next < previous) {
                failures.add("cursor went from " + previous + " to " + next + " with changes up to " + last);
            }
            cursor = next;
            return response.body().get("hasMore").asBoolean();
        }

        void catchUp() {
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            while (pullPage(500, failures)) {
                // keep paging
            }
            assertThat(failures).isEmpty();
        }
    }

    private static Replica pullUntil(
            Device device, Random random, long deadline, ConcurrentLinkedQueue<String> failures) {
        Replica replica = new Replica(device);
        while (System.nanoTime() < deadline) {
            replica.pullPage(1 + random.nextInt(50), failures);
        }
        return replica;
    }
}
