package com.repairsync.bench.scenario;

import com.repairsync.cli.seed.SampleData;
import com.repairsync.client.DeviceOptions;
import com.repairsync.client.internal.DeviceCore;
import com.repairsync.client.internal.DeviceInfo;
import com.repairsync.client.internal.KeyVault;
import com.repairsync.client.internal.LocalDatabase;
import com.repairsync.client.internal.PinHasher;
import com.repairsync.client.internal.PinPad;
import com.repairsync.client.internal.SqlitePinLockStore;
import com.repairsync.protocol.HlcClock;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.Schema;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * A day of offline work queued on a joined device, fast: the device's own write path ({@link
 * DeviceCore}, which checks, stores the record and its outbox mutation, and rebases), but all in
 * one local transaction instead of one commit (and fsync) per write, which would make setting up
 * 100k mutations take minutes. What is measured afterwards is the drain, not this.
 *
 * <p>Per customer: the customer, a ticket for them, a status change of that ticket, and an
 * appointment: four mutations, content from the cli's {@link SampleData} with a fixed seed, so two
 * devices given the same seed queue the same data.
 */
final class OfflineWrites {
    private OfflineWrites() {}

    /** Queues {@code mutations} mutations (rounded up to a whole customer) and returns how many. */
    static int queue(Path deviceFile, KeyVault vault, long seed, int mutations) {
        Clock clock = Clock.systemUTC();
        try (LocalDatabase db = LocalDatabase.open(deviceFile, vault)) {
            String deviceId = db.transaction(tx -> DeviceInfo.get(tx, DeviceInfo.DEVICE_ID))
                    .orElseThrow(() -> new IllegalStateException(deviceFile + " has not joined a shop"));
            HlcClock hlc = new HlcClock(clock, deviceId);
            DeviceCore core = new DeviceCore(
                    db,
                    clock,
                    () -> hlc,
                    entity -> DeviceOptions.DEFAULT_PRIORITY.getOrDefault(entity, 100),
                    new PinPad(clock, new SqlitePinLockStore(db), PinHasher.DEFAULT),
                    keys -> {});
            String employee = core.actingEmployee();
            SampleData data = new SampleData(seed, Instant.parse("2026-11-24T09:00:00Z"));
            return db.transaction(tx -> {
                int queued = 0;
                while (queued < mutations) {
                    String customer = core.create(entity("customers"), data.customer());
                    String ticket = core.create(entity("tickets"), data.ticket(customer, employee));
                    core.update(entity("tickets"), ticket, Map.of("status", "diagnosing"));
                    core.create(entity("appointments"), data.appointment(customer, ticket, employee));
                    queued += 4;
                }
                return queued;
            });
        }
    }

    private static EntityType entity(String name) {
        return Schema.entity(name).orElseThrow();
    }
}
