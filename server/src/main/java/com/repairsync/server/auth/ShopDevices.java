package com.repairsync.server.auth;

import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.Role;
import com.repairsync.server.ApiException;
import com.repairsync.server.store.DeviceRow;
import com.repairsync.server.store.EmployeeRow;
import com.repairsync.server.store.Store;
import com.repairsync.server.store.StoreTx;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The shop's devices, for its admins and managers: who signed each in, when it was last seen, and
 * removing a lost or stolen one. A removed device's tokens are refused and its sockets closed on
 * every node at once; it never signs in again under its id.
 */
public final class ShopDevices {
    /** One device as an admin or manager sees it. */
    public record DeviceView(
            String deviceId,
            String name,
            String signedInBy,
            Instant joinedAt,
            Instant lastSeenAt,
            Instant revokedAt,
            String revokedBy) {

        static DeviceView of(DeviceRow row) {
            return new DeviceView(
                    row.id(),
                    row.name(),
                    row.joinedBy(),
                    row.createdAt(),
                    row.lastSeenAt(),
                    row.revokedAt(),
                    row.revokedBy());
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
        return store.read(tx -> {
            requireManager(tx, principal);
            return tx.devices(principal.shopId()).stream().map(DeviceView::of).toList();
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
        Instant now = clock.instant();
        DeviceRow[] removed = new DeviceRow[1];
        DeviceView view = store.write(tx -> {
            Role caller = requireManager(tx, principal);
            DeviceRow device = tx.findDevice(principal.shopId(), deviceId)
                    .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, null, "no device " + deviceId));
            if (device.revoked()) {
                return DeviceView.of(device);
            }
            Role signer = tx.findEmployee(principal.shopId(), device.joinedBy())
                    .map(EmployeeRow::role)
                    .orElse(Role.FRONT_DESK);
            if (signer.outranks(caller)) {
                throw ApiException.forbidden(
                        "a " + caller.wireName() + " may not remove a device signed in by a" + " " + signer.wireName());
            }
            tx.revokeDevice(principal.shopId(), deviceId, principal.employeeId(), now);
            tx.revokeRefreshTokensOfDevice(principal.shopId(), deviceId, now);
            removed[0] = tx.findDevice(principal.shopId(), deviceId).orElseThrow();
            return DeviceView.of(removed[0]);
        });
        if (removed[0] != null) {
            String message = store.read(tx -> Sessions.removedMessage(tx, removed[0]));
            endings.device(principal.shopId(), deviceId, message);
        }
        return view;
    }

    private static Role requireManager(StoreTx tx, Principal principal) {
        Role role = AuthService.currentRole(tx, principal);
        if (!role.managesShop()) {
            throw ApiException.forbidden("only an admin or manager manages the shop's devices");
        }
        return role;
    }
}
