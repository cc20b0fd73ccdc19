package com.repairsync.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.client.internal.Acknowledgements;
import com.repairsync.client.internal.LocalDatabase;
import com.repairsync.client.internal.Outbox;
import com.repairsync.client.internal.OutboxEntry;
import com.repairsync.client.internal.TestKeys;
import com.repairsync.protocol.PushResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acknowledging a batch the server applied whole stores exactly what acknowledging its mutations
 * one by one stores: the same server states, views, statuses and outbox, on seeded devices that
 * created, edited, deleted and adjusted records, some already synced, with part of the queue
 * still waiting. A batch with a lost field is left to the one-by-one path, untouched.
 */
class AcknowledgementsTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;

    static List<Long> seeds() {
        long base = Long.getLong("repairsync.seed", System.nanoTime());
        int count = Integer.getInteger("repairsync.seeds", 20);
        List<Long> seeds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            seeds.add(base + i);
        }
        return seeds;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aWholeBatchIsStoredAsItsMutationsOneByOne(long seed) throws Exception {
        System.out.println("AcknowledgementsTest seed=" + seed + " (rerun with -Drepairsync.seed=" + seed + ")");
        Random random = new Random(seed);
        Path original = dir.resolve("original.db");
        writeOfflineDay(original, random);
        Path whole = copy(original, "whole.db");
        Path oneByOne = copy(original, "one-by-one.db");

        try (LocalDatabase a = LocalDatabase.open(whole, TestKeys.vault());
                LocalDatabase b = LocalDatabase.open(oneByOne, TestKeys.vault())) {
            List<OutboxEntry> queued = a.transaction(tx -> Outbox.nextBatch(tx, NOW, 10_000, Set.of()));
            assertThat(queued).as("seed %d", seed).isNotEmpty();
            List<OutboxEntry> batch = queued.subList(0, 1 + random.nextInt(queued.size()));
            Map<String, PushResult> results = applied(batch);

            boolean stored = a.serverStateTransaction(tx -> Acknowledgements.wholeBatch(tx, batch, results, NOW, true));
            assertThat(stored).as("seed %d", seed).isTrue();
            b.serverStateTransaction(tx -> {
                for (OutboxEntry entry : batch) {
                    Acknowledgements.one(tx, entry, results.get(entry.mutationId()), NOW, true);
                }
                return null;
            });

            assertThat(contents(a))
                    .as("seed %d, %d of %d acknowledged", seed, batch.size(), queued.size())
                    .isEqualTo(contents(b));
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aBatchWithALostFieldIsLeftForTheOneByOnePath(long seed) throws Exception {
        Random random = new Random(seed);
        Path file = dir.resolve("device.db");
        writeOfflineDay(file, random);
        try (LocalDatabase db = LocalDatabase.open(file, TestKeys.vault())) {
            List<OutboxEntry> batch = db.transaction(tx -> Outbox.nextBatch(tx, NOW, 10_000, Set.of()));
            Map<String, PushResult> results = applied(batch);
            OutboxEntry loser = batch.get(random.nextInt(batch.size()));
            PushResult applied = results.get(loser.mutationId());
            results.put(loser.mutationId(), PushResult.applied(loser.mutationId(), applied.seq(), List.of("notes")));
            List<String> before = contents(db);

            boolean stored =
                    db.serverStateTransaction(tx -> Acknowledgements.wholeBatch(tx, batch, results, NOW, true));
            assertThat(stored).isFalse();
            assertThat(contents(db)).as("seed %d", seed).isEqualTo(before);
        }
    }

    /**
     * After the server's history changed (a restore, or an answer that went back in time), a change
     * acknowledged again (sent again, or answered as a duplicate) must not be applied over a base of
     * the earlier history, which already holds it: a stock count would move twice (ConvergenceSimulationIT
     * seed 888237528929 showed 30 where the server had 33). The download after it brings the state.
     */
    @org.junit.jupiter.api.Test
    void aChangeAcknowledgedAgainIsNotAppliedOverABaseOfAnEarlierHistory() {
        try (LocalDatabase db = LocalDatabase.open(dir.resolve("device.db"), TestKeys.vault())) {
            com.fasterxml.jackson.databind.node.ObjectNode item = com.repairsync.client.internal.Json.MAPPER
                    .createObjectNode()
                    .put("id", "i1")
                    .put("sku", "SCR-1")
                    .put("name", "Screen")
                    .put("quantity", 7); // after this device's -3, acknowledged
            OutboxEntry adjust = OutboxEntry.queued(
                    "m1",
                    "inventoryItems",
                    "i1",
                    com.repairsync.protocol.Operation.ADJUST,
                    null,
                    Map.of("quantity", -3L),
                    "hlc",
                    "actor",
                    null,
                    10,
                    null);
            db.serverStateTransaction(tx -> {
                com.repairsync.client.internal.Records.storeSynced(
                        tx,
                        com.repairsync.protocol.schema.Schema.entity("inventoryItems")
                                .orElseThrow(),
                        "i1",
                        com.repairsync.protocol.RecordText.of(item),
                        12,
                        false,
                        "2026-11-25T09:00:00.000Z");
                com.repairsync.client.internal.DeviceInfo.put(
                        tx, com.repairsync.client.internal.DeviceInfo.HISTORY_GENERATION, "1");
                Outbox.add(tx, adjust, NOW);
                return null;
            });
            List<OutboxEntry> batch = db.transaction(tx -> Outbox.nextBatch(tx, NOW, 10, Set.of()));
            PushResult duplicate = PushResult.applied(batch.get(0).mutationId(), 12L, List.of());
            Map<String, PushResult> results = Map.of(batch.get(0).mutationId(), duplicate);

            boolean whole = db.serverStateTransaction(tx -> Acknowledgements.wholeBatch(tx, batch, results, NOW, true));
            assertThat(whole).as("left for the one-by-one path").isFalse();
            db.serverStateTransaction(tx -> {
                Acknowledgements.one(tx, batch.get(0), duplicate, NOW, true);
                return null;
            });

            assertThat(db.transaction(tx -> com.repairsync.client.internal.Records.findBase(tx, "inventoryItems", "i1"))
                            .orElseThrow()
                            .record()
                            .get("quantity")
                            .asLong())
                    .as("the -3 counted once")
                    .isEqualTo(7);
            List<OutboxEntry> left = db.transaction(tx -> Outbox.pending(tx));
            assertThat(left).isEmpty();
        }
    }

    /** Some records synced, then offline: new records, edits of old and new ones, deletes, stock moves. */
    private static void writeOfflineDay(Path file, Random random) {
        ScriptedTransport server = new ScriptedTransport();
        try (RepairSyncDevice device = server.joinedDevice(file, 2000)) {
            List<String> customers = new ArrayList<>();
            List<String> items = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(4); i++) {
                customers.add(device.customers().create(Map.of("firstName", "Synced " + i)));
                items.add(
                        device.inventoryItems().create(Map.of("sku", "S-" + i, "name", "Screen " + i, "quantity", 10)));
            }
            device.syncNow();
            List<String> tickets = new ArrayList<>();
            int writes = 5 + random.nextInt(40);
            for (int w = 0; w < writes; w++) {
                String customer = customers.get(random.nextInt(customers.size()));
                switch (random.nextInt(7)) {
                    case 0 -> customers.add(device.customers().create(Map.of("firstName", "New " + w)));
                    case 1 -> device.customers().update(customer, Map.of("phone", "555-" + w, "notes", "call " + w));
                    case 2 ->
                        tickets.add(device.tickets()
                                .create(Map.of(
                                        "customerId", customer, "deviceType", "phone", "problem", "screen " + w)));
                    case 3 -> {
                        if (!tickets.isEmpty()) {
                            device.tickets()
                                    .update(
                                            tickets.get(random.nextInt(tickets.size())),
                                            Map.of("status", "in_repair", "notes", "step " + w));
                        }
                    }
                    case 4 ->
                        device.inventoryItems()
                                .adjustStock(items.get(random.nextInt(items.size())), -1 - random.nextInt(3));
                    case 5 -> {
                        if (!tickets.isEmpty()) {
                            device.tickets()
                                    .addPart(
                                            tickets.get(random.nextInt(tickets.size())),
                                            items.get(random.nextInt(items.size())),
                                            1,
                                            1999L);
                        }
                    }
                    default -> {
                        if (customers.size() > 1 && random.nextInt(3) == 0) {
                            device.customers().delete(customers.remove(random.nextInt(customers.size())));
                        } else {
                            items.add(device.inventoryItems()
                                    .create(Map.of("sku", "N-" + w, "name", "Battery " + w, "quantity", 5)));
                        }
                    }
                }
            }
        }
    }

    /** Every mutation applied, in order, with sequences past anything the device has stored. */
    private static Map<String, PushResult> applied(List<OutboxEntry> batch) {
        Map<String, PushResult> results = new HashMap<>();
        long seq = 1_000;
        for (OutboxEntry entry : batch) {
            results.put(entry.mutationId(), PushResult.applied(entry.mutationId(), ++seq, List.of()));
        }
        return results;
    }

    private static List<String> contents(LocalDatabase db) {
        return db.transaction(tx -> {
            List<String> rows = new ArrayList<>(tx.query(
                    "SELECT entity, id, base, base_seq, base_deleted, view, deleted, status, updated_at FROM records"
                            + " ORDER BY entity, id",
                    AcknowledgementsTest::row));
            rows.addAll(tx.query("SELECT mutation_id, state FROM outbox ORDER BY seq", AcknowledgementsTest::row));
            rows.addAll(tx.query(
                    "SELECT entity, record_id, field FROM lost_writes ORDER BY 1, 2, 3", AcknowledgementsTest::row));
            return rows;
        });
    }

    private static String row(java.sql.ResultSet row) throws SQLException {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= row.getMetaData().getColumnCount(); i++) {
            values.add(row.getString(i));
        }
        return String.join("|", values);
    }

    /** A copy of a closed database and of the file naming its key (the key itself stays in the vault). */
    private Path copy(Path file, String name) throws Exception {
        Path copy = dir.resolve(name);
        Files.copy(file, copy);
        Files.copy(file.resolveSibling(file.getFileName() + ".keyid"), copy.resolveSibling(name + ".keyid"));
        return copy;
    }
}
