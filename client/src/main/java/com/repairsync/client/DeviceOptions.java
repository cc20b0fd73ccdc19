package com.repairsync.client;

import com.repairsync.client.transport.HttpSyncTransport;
import com.repairsync.client.transport.SyncTransport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * How a device runs. Start from {@link #defaults()} and change what you need with the {@code
 * with...} methods; every value is validated when set.
 *
 * @param clock the time source (tests pass a settable clock)
 * @param transport makes the transport for a server URL (tests wrap it to inject faults)
 * @param retry backoff of server errors; see {@link RetryPolicy#defaults()}
 * @param random jitter source (tests pass a seeded one)
 * @param autoSync run the background worker and the realtime socket; false means the app calls
 *     {@link RepairSyncDevice#syncNow()} itself
 * @param batchSize most mutations per push
 * @param pageSize changes per pull page
 * @param probeInterval how often the health probe runs while the socket is down
 * @param entityPriority lower drains first; entities not listed get 100
 * @param entities entities to pull; empty means all
 * @param appointmentsFrom if set, pull only appointments starting at or after it
 * @param appointmentsTo if set, pull only appointments starting before it
 */
public record DeviceOptions(
        Clock clock,
        Function<String, SyncTransport> transport,
        RetryPolicy retry,
        RandomGenerator random,
        boolean autoSync,
        int batchSize,
        int pageSize,
        Duration probeInterval,
        Map<String, Integer> entityPriority,
        List<String> entities,
        Instant appointmentsFrom,
        Instant appointmentsTo) {

    /** Tickets and appointments drain before customers, employees, then bulk inventory edits. */
    public static final Map<String, Integer> DEFAULT_PRIORITY = Map.of(
            "tickets",
            10,
            "ticketParts",
            10,
            "appointments",
            10,
            "customers",
            20,
            "employees",
            30,
            "inventoryItems",
            40);

    public DeviceOptions {
        if (batchSize < 1 || batchSize > 500) {
            throw new IllegalArgumentException(
                    "batchSize must be 1..500 (the server's default limit), got " + batchSize);
        }
        if (pageSize < 1 || pageSize > 1000) {
            throw new IllegalArgumentException("pageSize must be 1..1000, got " + pageSize);
        }
        if (probeInterval.isNegative() || probeInterval.isZero()) {
            throw new IllegalArgumentException("probeInterval must be positive, got " + probeInterval);
        }
        entityPriority = Map.copyOf(entityPriority);
        entities = List.copyOf(entities);
    }

    /** System clock, HTTP transport, default retry, background sync on, everything pulled. */
    public static DeviceOptions defaults() {
        return new DeviceOptions(
                Clock.systemUTC(),
                HttpSyncTransport::new,
                RetryPolicy.defaults(),
                new Random(),
                true,
                200,
                500,
                Duration.ofSeconds(2),
                DEFAULT_PRIORITY,
                List.of(),
                null,
                null);
    }

    public DeviceOptions withClock(Clock value) {
        return new DeviceOptions(
                value,
                transport,
                retry,
                random,
                autoSync,
                batchSize,
                pageSize,
                probeInterval,
                entityPriority,
                entities,
                appointmentsFrom,
                appointmentsTo);
    }

    public DeviceOptions withTransport(Function<String, SyncTransport> value) {
        return new DeviceOptions(
                clock,
                value,
                retry,
                random,
                autoSync,
                batchSize,
                pageSize,
                probeInterval,
                entityPriority,
                entities,
                appointmentsFrom,
                appointmentsTo);
    }

    public DeviceOptions withRetry(RetryPolicy value) {
        return new DeviceOptions(
                clock,
                transport,
                value,
                random,
                autoSync,
                batchSize,
                pageSize,
                probeInterval,
                entityPriority,
                entities,
                appointmentsFrom,
                appointmentsTo);
    }

    public DeviceOptions withRandom(RandomGenerator value) {
        return new DeviceOptions(
                clock,
                transport,
                retry,
                value,
                autoSync,
                batchSize,
                pageSize,
                probeInterval,
                entityPriority,
                entities,
                appointmentsFrom,
                appointmentsTo);
    }

    public DeviceOptions withAutoSync(boolean value) {
        return new DeviceOptions(
                clock,
                transport,
                retry,
                random,
                value,
                batchSize,
                pageSize,
                probeInterval,
                entityPriority,
                entities,
                appointmentsFrom,
                appointmentsTo);
    }

    public DeviceOptions withBatchSize(int value) {
        return new DeviceOptions(
                clock,
                transport,
                retry,
                random,
                autoSync,
                value,
                pageSize,
                probeInterval,
                entityPriority,
                entities,
                appointmentsFrom,
                appointmentsTo);
    }

    public DeviceOptions withPageSize(int value) {
        return new DeviceOptions(
                clock,
                transport,
                retry,
                random,
                autoSync,
                batchSize,
                value,
                probeInterval,
                entityPriority,
                entities,
                appointmentsFrom,
                appointmentsTo);
    }

    public DeviceOptions withProbeInterval(Duration value) {
        return new DeviceOptions(
                clock,
                transport,
                retry,
                random,
                autoSync,
                batchSize,
                pageSize,
                value,
                entityPriority,
                entities,
                appointmentsFrom,
                appointmentsTo);
    }

    public DeviceOptions withEntityPriority(Map<String, Integer> value) {
        return new DeviceOptions(
                clock,
                transport,
                retry,
                random,
                autoSync,
                batchSize,
                pageSize,
                probeInterval,
                value,
                entities,
                appointmentsFrom,
                appointmentsTo);
    }

    /** Selective sync: only these entities, and appointments only in [from, to) when given. */
    public DeviceOptions withSelection(List<String> pulled, Instant from, Instant to) {
        return new DeviceOptions(
                clock,
                transport,
                retry,
                random,
                autoSync,
                batchSize,
                pageSize,
                probeInterval,
                entityPriority,
                pulled,
                from,
                to);
    }

    int priorityOf(String entity) {
        return entityPriority.getOrDefault(entity, 100);
    }
}
