package com.repairsync.client;

import com.repairsync.client.transport.HttpSyncTransport;
import com.repairsync.client.transport.ServerTrust;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.client.transport.TokenSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.random.RandomGenerator;

/**
 * How a device runs. Start from {@link #defaults()} and change what you need with the {@code
 * with...} methods; every value is validated when set.
 *
 * @param clock the time source (tests pass a settable clock)
 * @param transport makes the transport for a server URL and the certificate trust the device holds
 *     (tests wrap it to inject faults)
 * @param retry backoff of server errors; see {@link RetryPolicy#defaults()}
 * @param random jitter source (tests pass a seeded one)
 * @param autoSync run the background worker and the realtime socket; false means the app calls
 *     {@link RepairSyncDevice#syncNow()} itself
 * @param batchSize most mutations per push; a push starts at 100 and grows toward this while the
 *     server answers quickly
 * @param pageSize changes per pull page
 * @param probeInterval the ceiling of the first wait before the device tries to bring its socket
 *     back (a health probe, then the socket); each wait is jittered and the ceiling doubles while
 *     tries fail, up to 8 intervals: see {@link ReconnectPolicy#forProbeInterval}
 * @param keepAliveInterval how often the open socket is checked: after this long without a word
 *     from the server the device pings it; a ping unanswered this long gives the socket up, and
 *     the device goes offline (probing) instead of trusting a connection that died without a close
 * @param entityPriority lower drains first; entities not listed get 100
 * @param entities entities to pull; empty means all
 * @param appointmentsFrom if set, pull only appointments starting at or after it
 * @param appointmentsTo if set, pull only appointments starting before it
 * @param keys where the key that encrypts the device database lives; see {@link DeviceKeys}
 * @param pinCost the Argon2id cost of new PIN hashes; {@link PinCost#POLICY} unless a test makes
 *     it cheap (every hash made below the policy logs a warning)
 * @param keepAcknowledged how long the device keeps a change after the server acknowledged it (14
 *     days by default), to send it again if the server's data is restored to an earlier copy
 *     (see docs/operations.md)
 * @param app the app and its version, such as {@code RepairSync Desk 1.2.0}, as the owner's console
 *     shows it for this device (at most 64 printable characters), or null
 * @param files how attachments' files upload, download and are cached; see {@link FileOptions}
 */
public record DeviceOptions(
        Clock clock,
        TransportFactory transport,
        RetryPolicy retry,
        RandomGenerator random,
        boolean autoSync,
        int batchSize,
        int pageSize,
        Duration probeInterval,
        Duration keepAliveInterval,
        Map<String, Integer> entityPriority,
        List<String> entities,
        Instant appointmentsFrom,
        Instant appointmentsTo,
        DeviceKeys keys,
        PinCost pinCost,
        Duration keepAcknowledged,
        String app,
        FileOptions files) {

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
            40,
            "attachments",
            15);

    /** Makes a device's transport. */
    @FunctionalInterface
    public interface TransportFactory {
        /**
         * @param serverUrl the server's base URL
         * @param trust which TLS certificate the device accepts: its pin, or first use before a join
         * @param tokens the device's tokens, for the transport to send and refresh
         */
        SyncTransport open(String serverUrl, ServerTrust trust, TokenSource tokens);
    }

    public DeviceOptions {
        if (batchSize < 1 || batchSize > 2000) {
            throw new IllegalArgumentException(
                    "batchSize must be 1..2000 (the server's default limit), got " + batchSize);
        }
        if (pageSize < 1 || pageSize > 1000) {
            throw new IllegalArgumentException("pageSize must be 1..1000, got " + pageSize);
        }
        if (probeInterval.isNegative() || probeInterval.isZero()) {
            throw new IllegalArgumentException("probeInterval must be positive, got " + probeInterval);
        }
        if (keepAliveInterval.isNegative() || keepAliveInterval.isZero()) {
            throw new IllegalArgumentException("keepAliveInterval must be positive, got " + keepAliveInterval);
        }
        java.util.Objects.requireNonNull(pinCost, "pinCost");
        java.util.Objects.requireNonNull(files, "files");
        entityPriority = Map.copyOf(entityPriority);
        entities = List.copyOf(entities);
        java.util.Objects.requireNonNull(keys, "keys");
        if (keepAcknowledged.isNegative()) {
            throw new IllegalArgumentException("keepAcknowledged must not be negative, got " + keepAcknowledged);
        }
        if (app != null
                && (app.isBlank()
                        || app.length() > com.repairsync.protocol.DeviceHealth.MAX_APP_VERSION
                        || app.codePoints().anyMatch(Character::isISOControl))) {
            throw new IllegalArgumentException("app must be 1..64 printable characters, got '" + app + "'");
        }
    }

    /**
     * System clock, HTTP transport, default retry, background sync on, everything pulled, the
     * database encrypted with {@link DeviceKeys#defaults()}.
     */
    public static DeviceOptions defaults() {
        return new DeviceOptions(
                Clock.systemUTC(),
                (TransportFactory) HttpSyncTransport::new,
                RetryPolicy.defaults(),
                new Random(),
                true,
                2000,
                500,
                Duration.ofSeconds(2),
                Duration.ofSeconds(15),
                DEFAULT_PRIORITY,
                List.of(),
                null,
                null,
                DeviceKeys.defaults(),
                PinCost.POLICY,
                com.repairsync.client.internal.SyncEngine.KEEP_ACKNOWLEDGED,
                null,
                FileOptions.defaults());
    }

    public DeviceOptions withClock(Clock value) {
        return with(copy -> copy.clock = value);
    }

    /**
     * A transport that decides on certificates itself (a test double, a plain-HTTP fault proxy),
     * made from the server URL and the device's tokens.
     */
    public DeviceOptions withTransport(BiFunction<String, TokenSource, SyncTransport> value) {
        return with(copy -> copy.transport = (url, trust, tokens) -> value.apply(url, tokens));
    }

    /** A transport that honours the device's certificate pin. */
    public DeviceOptions withTransport(TransportFactory value) {
        return with(copy -> copy.transport = value);
    }

    public DeviceOptions withRetry(RetryPolicy value) {
        return with(copy -> copy.retry = value);
    }

    public DeviceOptions withRandom(RandomGenerator value) {
        return with(copy -> copy.random = value);
    }

    public DeviceOptions withAutoSync(boolean value) {
        return with(copy -> copy.autoSync = value);
    }

    public DeviceOptions withBatchSize(int value) {
        return with(copy -> copy.batchSize = value);
    }

    public DeviceOptions withPageSize(int value) {
        return with(copy -> copy.pageSize = value);
    }

    public DeviceOptions withProbeInterval(Duration value) {
        return with(copy -> copy.probeInterval = value);
    }

    public DeviceOptions withKeepAliveInterval(Duration value) {
        return with(copy -> copy.keepAliveInterval = value);
    }

    public DeviceOptions withEntityPriority(Map<String, Integer> value) {
        return with(copy -> copy.entityPriority = value);
    }

    /** The cost of new PIN hashes; anything below {@link PinCost#POLICY} is for tests only. */
    public DeviceOptions withPinCost(PinCost value) {
        return with(copy -> copy.pinCost = value);
    }

    /** Selective sync: only these entities, and appointments only in [from, to) when given. */
    public DeviceOptions withSelection(List<String> pulled, Instant from, Instant to) {
        return with(copy -> {
            copy.entities = pulled;
            copy.appointmentsFrom = from;
            copy.appointmentsTo = to;
        });
    }

    /** Where the database's key lives; {@link DeviceKeys#unencrypted()} only in benchmarks and tests. */
    public DeviceOptions withKeys(DeviceKeys value) {
        return with(copy -> copy.keys = value);
    }

    /**
     * How long acknowledged changes are kept to heal a restored server; zero keeps none (a restore
     * then loses what the server acknowledged since its copy).
     */
    public DeviceOptions withKeepAcknowledged(Duration value) {
        return with(copy -> copy.keepAcknowledged = value);
    }

    /** The app and its version, as the owner's console shows it for this device. */
    public DeviceOptions withApp(String value) {
        return with(copy -> copy.app = value);
    }

    /** How attachments' files upload, download and are cached here. */
    public DeviceOptions withFiles(FileOptions value) {
        return with(copy -> copy.files = value);
    }

    /** A copy with some settings changed, validated like any other. */
    private DeviceOptions with(java.util.function.Consumer<Settings> change) {
        Settings copy = new Settings(this);
        change.accept(copy);
        return copy.build();
    }

    /** The settings while a copy is being changed. */
    private static final class Settings {
        Clock clock;
        TransportFactory transport;
        RetryPolicy retry;
        RandomGenerator random;
        boolean autoSync;
        int batchSize;
        int pageSize;
        Duration probeInterval;
        Duration keepAliveInterval;
        Map<String, Integer> entityPriority;
        List<String> entities;
        Instant appointmentsFrom;
        Instant appointmentsTo;
        DeviceKeys keys;
        PinCost pinCost;
        Duration keepAcknowledged;
        String app;
        FileOptions files;

        Settings(DeviceOptions from) {
            clock = from.clock;
            transport = from.transport;
            retry = from.retry;
            random = from.random;
            autoSync = from.autoSync;
            batchSize = from.batchSize;
            pageSize = from.pageSize;
            probeInterval = from.probeInterval;
            keepAliveInterval = from.keepAliveInterval;
            entityPriority = from.entityPriority;
            entities = from.entities;
            appointmentsFrom = from.appointmentsFrom;
            appointmentsTo = from.appointmentsTo;
            keys = from.keys;
            pinCost = from.pinCost;
            keepAcknowledged = from.keepAcknowledged;
            app = from.app;
            files = from.files;
        }

        DeviceOptions build() {
            return new DeviceOptions(
                    clock,
                    transport,
                    retry,
                    random,
                    autoSync,
                    batchSize,
                    pageSize,
                    probeInterval,
                    keepAliveInterval,
                    entityPriority,
                    entities,
                    appointmentsFrom,
                    appointmentsTo,
                    keys,
                    pinCost,
                    keepAcknowledged,
                    app,
                    files);
        }
    }

    int priorityOf(String entity) {
        return entityPriority.getOrDefault(entity, 100);
    }
}
