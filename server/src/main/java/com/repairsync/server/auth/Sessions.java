package com.repairsync.server.auth;

import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.merge.RecordState;
import com.repairsync.protocol.schema.Schema;
import com.repairsync.server.ApiException;
import com.repairsync.server.store.DeviceRow;
import com.repairsync.server.store.Store;
import com.repairsync.server.store.StoreTx;
import com.repairsync.server.store.StoredRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Whether the sign-in behind an access token still holds. Access tokens are stateless JWTs, so
 * each names the generations it was issued under: the employee's sign-ins (moved on by a password
 * reset, deactivation, deletion or a new role) and the device's (moved on by logout or removal).
 * A token whose generation is no longer current is refused on every request, at once.
 *
 * <p>The current generations are cached per node in two bounded maps; a node forgets an entry when
 * it ends a sign-in and when another node tells it so through the cluster channel, and forgets
 * everything when its channel reconnects (it may have missed messages).
 */
public final class Sessions {
    static final int MAX_CACHED = 50_000;

    private record DeviceState(boolean registered, long generation, String revokedBy) {}

    private final Store store;
    private final Map<String, Long> employees = bounded();
    private final Map<String, DeviceState> devices = bounded();
    /** Moves on with every forget, so a load that raced with one is not cached. */
    private final AtomicLong forgets = new AtomicLong();

    public Sessions(Store store) {
        this.store = store;
    }

    private static <V> Map<String, V> bounded() {
        return new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MAX_CACHED;
            }
        };
    }

    /**
     * Checks that the principal's sign-in has not ended.
     *
     * @throws ApiException 401 {@code device_revoked} for a device removed from the shop, 401
     *     {@code session_revoked} for a sign-in that ended
     */
    public void requireCurrent(Principal principal) {
        if (!principal.isConsole()) {
            requireCurrentDevice(principal);
        }
        long employee = employee(principal.shopId(), principal.employeeId());
        if (employee != principal.employeeGeneration()) {
            throw new ApiException(
                    ErrorCode.SESSION_REVOKED,
                    401,
                    null,
                    "this sign-in has ended: the password was changed, or the employee who signed this device in"
                            + " was deactivated, removed or given another role; an admin or manager must sign it in"
                            + " again",
                    null);
        }
    }

    private void requireCurrentDevice(Principal principal) {
        DeviceState device = device(principal.shopId(), principal.deviceId());
        if (device.revokedBy() != null) {
            throw new ApiException(ErrorCode.DEVICE_REVOKED, 401, null, device.revokedBy(), null);
        }
        if (!device.registered() || device.generation() != principal.deviceGeneration()) {
            throw new ApiException(
                    ErrorCode.SESSION_REVOKED, 401, null, "this device was signed out; sign in again", null);
        }
    }

    /** The employee's current generation, or -1 when they cannot sign in at all (no password). */
    private long employee(String shopId, String employeeId) {
        return cachedOrLoaded(employees, shopId + "/" + employeeId, tx -> tx.sessionGeneration(shopId, employeeId)
                .orElse(-1));
    }

    private DeviceState device(String shopId, String deviceId) {
        return cachedOrLoaded(devices, shopId + "/" + deviceId, tx -> tx.findDevice(shopId, deviceId)
                .map(row -> new DeviceState(true, row.generation(), row.revoked() ? removedMessage(tx, row) : null))
                .orElse(new DeviceState(false, -1, null)));
    }

    /**
     * The cached value, or one read from the store and cached unless something was forgotten
     * meanwhile (the read may then be older than the forget).
     */
    private <V> V cachedOrLoaded(Map<String, V> map, String key, java.util.function.Function<StoreTx, V> load) {
        synchronized (this) {
            V cached = map.get(key);
            if (cached != null) {
                return cached;
            }
        }
        long before = forgets.get();
        V loaded = store.read(load::apply);
        synchronized (this) {
            if (forgets.get() == before) {
                map.put(key, loaded);
            }
        }
        return loaded;
    }

    /** What a removed device is told: "This device was removed from the shop by Ada Lovelace". */
    public static String removedMessage(StoreTx tx, DeviceRow device) {
        String who = Optional.ofNullable(device.revokedBy())
                .flatMap(id -> tx.findRecord(Schema.EMPLOYEES, device.shopId(), id))
                .map(StoredRecord::state)
                .map(Sessions::fullName)
                .filter(name -> !name.isBlank())
                .orElse("an admin or manager");
        return "This device was removed from the shop by " + who + "; it no longer syncs, and what it had"
                + " queued stays on it";
    }

    private static String fullName(RecordState employee) {
        return Stream.of(employee.value("firstName"), employee.value("lastName"))
                .filter(Objects::nonNull)
                .map(Object::toString)
                .collect(Collectors.joining(" "));
    }

    /** Forgets what this node knew of an employee's sign-ins (they ended, here or on another node). */
    public void forgetEmployee(String shopId, String employeeId) {
        synchronized (this) {
            forgets.incrementAndGet();
            employees.remove(shopId + "/" + employeeId);
        }
    }

    /** Forgets what this node knew of a device (it signed out or was removed). */
    public void forgetDevice(String shopId, String deviceId) {
        synchronized (this) {
            forgets.incrementAndGet();
            devices.remove(shopId + "/" + deviceId);
        }
    }

    /** Forgets everything, for a node that may have missed the others' messages. */
    public void forgetAll() {
        synchronized (this) {
            forgets.incrementAndGet();
            employees.clear();
            devices.clear();
        }
    }
}
