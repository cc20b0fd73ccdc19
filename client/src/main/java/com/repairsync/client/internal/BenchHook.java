package com.repairsync.client.internal;

import com.repairsync.client.DeviceOptions;
import com.repairsync.client.PinCost;
import com.repairsync.client.RetryPolicy;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.protocol.HlcClock;
import com.repairsync.protocol.schema.EntityType;
import com.repairsync.protocol.schema.Schema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.sqlite.SQLiteConfig;

/**
 * The bench module's one door into the engine, and nobody else's: the benchmarks measure the
 * device's write and apply paths against a raw SQLite baseline under the device's own settings,
 * without a server or a sign-in in the way. Not API: the package is not exported, and
 * ClientArchitectureTest lets the bench module use this class and no other engine type (see
 * docs/benchmarks.md, "Measuring hook").
 */
public final class BenchHook {
    private BenchHook() {}

    /** The SQLite settings of a device's connections: encrypted with the 32-byte key, or plain if it is null. */
    public static SQLiteConfig connectionConfig(byte[] key) {
        return key == null ? ConnectionSettings.plain() : ConnectionSettings.encrypted(key);
    }

    /** A bare connection to a device database, its key kept in {@code keysFolder}. */
    public static Connection connect(Path deviceFile, Path keysFolder) throws SQLException {
        return LocalDatabase.connect(deviceFile, new FolderKeyVault(keysFolder));
    }

    /** Creates a device database as a device does (migrated, encrypted with a key kept in {@code keysFolder}). */
    public static void createDeviceDatabase(Path deviceFile, Path keysFolder) {
        LocalDatabase.open(deviceFile, new FolderKeyVault(keysFolder)).close();
    }

    /** Hashes and checks PINs at the given cost, as a device does. */
    public interface PinHashing {
        String hash(String pin);

        boolean verify(String pin, String hash);
    }

    /** The device's PIN hashing at a cost. */
    public static PinHashing pinHashing(PinCost cost) {
        PinHasher hasher = new PinHasher(cost);
        return new PinHashing() {
            @Override
            public String hash(String pin) {
                return hasher.hash(pin);
            }

            @Override
            public boolean verify(String pin, String hash) {
                return hasher.verify(pin, hash);
            }
        };
    }

    /**
     * Opens a device database that has joined a shop, its key in {@code keysFolder}, acting as the
     * employee signed in on it.
     */
    public static LocalDevice openJoined(Path deviceFile, Path keysFolder) {
        LocalDatabase db = LocalDatabase.open(deviceFile, new FolderKeyVault(keysFolder));
        try {
            String deviceId = db.transaction(tx -> DeviceInfo.get(tx, DeviceInfo.DEVICE_ID))
                    .orElseThrow(() -> new IllegalStateException(deviceFile + " has not joined a shop"));
            return new LocalDevice(db, deviceId);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * Creates a device database that has never met a server, with an admin signed in and an access
     * token that never expires: encrypted with a key in {@code keysFolder}, or plain if it is null.
     */
    public static LocalDevice openDetached(Path deviceFile, Path keysFolder) {
        LocalDatabase db = keysFolder == null
                ? LocalDatabase.openUnencrypted(deviceFile)
                : LocalDatabase.open(deviceFile, new FolderKeyVault(keysFolder));
        String deviceId = "bench-device";
        db.transaction(tx -> {
            DeviceInfo.put(tx, DeviceInfo.DEVICE_ID, deviceId);
            DeviceInfo.put(tx, DeviceInfo.SIGNED_IN_EMPLOYEE, UUID.randomUUID().toString());
            DeviceInfo.put(tx, DeviceInfo.SIGNED_IN_ROLE, "admin");
            DeviceInfo.put(tx, DeviceInfo.ACCESS_TOKEN, "token");
            DeviceInfo.put(tx, DeviceInfo.ACCESS_EXPIRES_AT, "2999-01-01T00:00:00Z");
            return null;
        });
        return new LocalDevice(db, deviceId);
    }

    /** A device's local engine: its write path and its pull-and-apply, over one database. */
    public static final class LocalDevice implements AutoCloseable {
        private final LocalDatabase db;
        private final Clock clock = Clock.systemUTC();
        private final HlcClock hlc;
        private final DeviceCore core;

        private LocalDevice(LocalDatabase db, String deviceId) {
            this.db = db;
            this.hlc = new HlcClock(clock, deviceId);
            this.core = new DeviceCore(
                    db,
                    clock,
                    () -> hlc,
                    entity -> DeviceOptions.DEFAULT_PRIORITY.getOrDefault(entity, 100),
                    new PinPad(clock, new SqlitePinLockStore(db), PinHasher.DEFAULT),
                    keys -> {});
        }

        /** The employee acting on this device. */
        public String actingEmployee() {
            return core.actingEmployee();
        }

        /** Creates a record through the device's write path (checks, record, outbox, rebase). */
        public String create(String entity, Map<String, ?> fields) {
            return core.create(type(entity), fields);
        }

        /** Changes a record through the device's write path. */
        public void update(String entity, String id, Map<String, ?> fields) {
            core.update(type(entity), id, fields);
        }

        /** Runs {@code work} in one local transaction: its writes commit (and fsync) once. */
        public <T> T inOneTransaction(Supplier<T> work) {
            return db.transaction(tx -> work.get());
        }

        /**
         * The device's sync over {@code transport}, pages of {@code pageSize} changes: each run pulls
         * and applies until the transport has no more (and pushes what the outbox holds).
         */
        public Runnable sync(SyncTransport transport, int pageSize) {
            SyncEngine engine = new SyncEngine(
                    db,
                    transport,
                    clock,
                    () -> hlc,
                    RetryPolicy.defaults(),
                    new Random(1),
                    500,
                    pageSize,
                    SyncEngine.PullFilter.ALL,
                    new SyncEngine.Listener() {
                        @Override
                        public void progress(double fraction) {}

                        @Override
                        public void pushed() {}

                        @Override
                        public void recordsChanged(Set<String> keys) {}
                    });
            return engine::sync;
        }

        @Override
        public void close() {
            db.close();
        }

        private static EntityType type(String entity) {
            return Schema.entity(entity).orElseThrow(() -> new IllegalArgumentException("no entity " + entity));
        }
    }
}
