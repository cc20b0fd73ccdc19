package com.repairsync.server.auth;

import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.Role;
import com.repairsync.server.ApiException;
import com.repairsync.server.store.DeviceHealthRow;
import com.repairsync.server.store.DeviceRow;
import com.repairsync.server.store.EmployeeRow;
import com.repairsync.server.store.Store;
import com.repairsync.server.store.StoreTx;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shop's devices, for its admins and managers: who signed each in, when it was last seen, and
 * removing a lost or stolen one. A removed device's tokens are refused and its sockets closed on
 * every node at once; it never signs in again under its id.
 */
public final class ShopDevices {
    /** A device heard from this recently is online; devices report at least every minute while they run. */
    public static final java.time.Duration ONLINE_WITHIN = java.time.Duration.ofSeconds(150);

    /**
     * One device as an admin or manager sees it.
     *
     * @param online not revoked, and heard from within {@link #ONLINE_WITHIN}
     * @param health what the device last said of its sync, or null if it never reported
     * @param wipeRequested it was removed with "wipe": it deletes its data once it hears of it
     * @param heldChanges how many unsent changes it sent up after its removal, for review
     */
    public record DeviceView(
            String deviceId,
            String name,
            String signedInBy,
            Instant joinedAt,
            Instant lastSeenAt,
            Instant revokedAt,
            String revokedBy,
            boolean online,
            HealthView health,
            boolean wipeRequested,
            int heldChanges) {

        static DeviceView of(DeviceRow row, DeviceHealthRow health, int held, Instant now) {
            boolean online = !row.revoked()
                    && row.lastSeenAt() != null
                    && row.lastSeenAt().isAfter(now.minus(ONLINE_WITHIN));
            return new DeviceView(
                    row.id(),
                    row.name(),
                    row.joinedBy(),
                    row.createdAt(),
                    row.lastSeenAt(),
                    row.revokedAt(),
                    row.revokedBy(),
                    online,
                    health == null ? null : HealthView.of(health, now),
                    row.wipeRequested(),
                    held);
        }
    }

    /**
     * A device's latest health report, on the server's clock (see {@code DeviceHealth}).
     *
     * @param oldestUnsentSeconds how long the oldest change waiting on the device has waited by now,
     *     as far as its last report tells, or null when none waited
     * @param clockOffsetMs how far the device's clock is ahead of the server's (negative: behind)
     */
    public record HealthView(
            Instant reportedAt,
            String appVersion,
            String sdkVersion,
            int protocol,
            String platform,
            int queueDepth,
            Instant oldestUnsentSince,
            Long oldestUnsentSeconds,
            int failedCount,
            int conflictCount,
            long clockOffsetMs,
            Instant lastPushAt,
            Instant lastPullAt,
            String actingEmployeeId) {

        static HealthView of(DeviceHealthRow row, Instant now) {
            Long waited = row.oldestUnsentSince() == null
                    ? null
                    : Math.max(
                            0,
                            java.time.Duration.between(row.oldestUnsentSince(), now)
                                    .toSeconds());
            return new HealthView(
                    row.reportedAt(),
                    row.appVersion(),
                    row.sdkVersion(),
                    row.protocol(),
                    row.platform(),
                    row.queueDepth(),
                    row.oldestUnsentSince(),
                    waited,
                    row.failedCount(),
                    row.conflictCount(),
                    row.clockOffsetMillis(),
                    row.lastPushAt(),
                    row.lastPullAt(),
                    row.actingEmployeeId());
        }
    }

    private final Store store;
    private final Clock clock;
    private final SignInEndings endings;

    public ShopDevices(Store store, Clock clock, SignInEndings endings) {
        this.store = store;
        this.clock = clock;
        this.endings = endings;
    }

    /**
     * The caller's shop's devices, most recently seen first.
     *
     * @throws ApiException {@code forbidden} unless the caller is an admin or manager now
     */
    public List<DeviceView> list(Principal principal) {
        Instant now = clock.instant();
        return store.read(tx -> {
            requireManager(tx, principal);
            Map<String, DeviceHealthRow> health = new HashMap<>();
            tx.deviceHealth(principal.shopId()).forEach(row -> health.put(row.deviceId(), row));
            Map<String, Integer> held = tx.heldCounts(principal.shopId());
            return tx.devices(principal.shopId()).stream()
                    .map(device ->
                            DeviceView.of(device, health.get(device.id()), held.getOrDefault(device.id(), 0), now))
                    .toList();
        });
    }

    /**
     * Removes a device from the shop. Removing one twice answers as the first time did.
     *
     * @throws ApiException {@code not_found} for a device not of the caller's shop, {@code
     *     forbidden} unless the caller is an admin or manager who does not rank below the employee
     *     who signed the device in
     */
    public DeviceView revoke(Principal principal, String deviceId) {
        return revoke(principal, deviceId, false);
    }

    /**
     * Removes a device from the shop; with {@code wipe}, the device also deletes its database and
     * key once it hears of it, after sending up what it had not sent (see {@code HeldChanges}).
     * Asking again with {@code wipe} asks a device removed before to wipe too.
     *
     * @throws ApiException as {@link #revoke(Principal, String)}
     */
    public DeviceView revoke(Principal principal, String deviceId, boolean wipe) {
        Instant now = clock.instant();
        DeviceRow[] removed = new DeviceRow[1];
        DeviceView view = store.write(tx -> {
            Role caller = requireManager(tx, principal);
            DeviceRow device = tx.findDevice(principal.shopId(), deviceId)
                    .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, null, "no device " + deviceId));
            if (device.revoked()) {
                if (wipe && !device.wipeRequested()) {
                    requireNotBelowSigner(tx, caller, device, "remove");
                    tx.requestWipe(principal.shopId(), deviceId);
                }
                return DeviceView.of(tx.findDevice(principal.shopId(), deviceId).orElseThrow(), null, 0, now);
            }
            requireNotBelowSigner(tx, caller, device, "remove");
            tx.revokeDevice(principal.shopId(), deviceId, principal.employeeId(), now);
            if (wipe) {
                tx.requestWipe(principal.shopId(), deviceId);
            }
            tx.revokeRefreshTokensOfDevice(principal.shopId(), deviceId, now);
            removed[0] = tx.findDevice(principal.shopId(), deviceId).orElseThrow();
            return DeviceView.of(removed[0], null, 0, now);
        });
        if (removed[0] != null) {
            String message = store.read(tx -> Sessions.removedMessage(tx, removed[0]));
            endings.device(principal.shopId(), deviceId, message);
        }
        return view;
    }

    /**
     * Refuses a caller who ranks below the employee who signed the device in: the rule for removing
     * a device and for reviewing what a removed one sent up.
     *
     * @param action what the caller may not do, for the refusal ("remove", "review the changes of")
     * @throws ApiException {@code forbidden}
     */
    public static void requireNotBelowSigner(StoreTx tx, Role caller, DeviceRow device, String action) {
        Role signer = tx.findEmployee(device.shopId(), device.joinedBy())
                .map(EmployeeRow::role)
                .orElse(Role.FRONT_DESK);
        if (signer.outranks(caller)) {
            throw ApiException.forbidden(
                    "a " + caller.wireName() + " may not " + action + " a device signed in by a " + signer.wireName());
        }
    }

    private static Role requireManager(StoreTx tx, Principal principal) {
        return AuthService.requireManager(tx, principal, "only an admin or manager manages the shop's devices");
    }
}
