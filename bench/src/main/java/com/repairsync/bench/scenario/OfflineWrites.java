package com.repairsync.bench.scenario;

import com.repairsync.cli.seed.SampleData;
import com.repairsync.client.internal.BenchHook;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * A day of offline work queued on a joined device, fast: the device's own write path ({@link
 * BenchHook.LocalDevice}, which checks, stores the record and its outbox mutation, and rebases), but all in
 * one local transaction instead of one commit (and fsync) per write, which would make setting up
 * 100k mutations take minutes. What is measured afterwards is the drain, not this.
 *
 * <p>Per customer: the customer, a ticket for them, a status change of that ticket, and an
 * appointment: four mutations, content from the cli's {@link SampleData} with a fixed seed, so two
 * devices given the same seed queue the same data.
 */
final class OfflineWrites {
    private OfflineWrites() {}

    /**
     * Queues {@code mutations} mutations (rounded up to a whole customer) and returns how many; each
     * customer and ticket with a value of each of {@code customFields} custom fields, which the
     * device must hold the declarations of.
     */
    static int queue(Path deviceFile, Path keysFolder, long seed, int mutations, int customFields) {
        try (BenchHook.LocalDevice device = BenchHook.openJoined(deviceFile, keysFolder)) {
            String employee = device.actingEmployee();
            SampleData data = new SampleData(seed, Instant.parse("2026-11-24T09:00:00Z"), customFields);
            return device.inOneTransaction(() -> {
                int queued = 0;
                while (queued < mutations) {
                    String customer = device.create("customers", data.customer());
                    String ticket = device.create("tickets", data.ticket(customer, employee));
                    device.update("tickets", ticket, Map.of("status", "diagnosing"));
                    device.create("appointments", data.appointment(customer, ticket, employee));
                    queued += 4;
                }
                return queued;
            });
        }
    }
}
