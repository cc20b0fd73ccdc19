package com.repairsync.client;

import com.repairsync.client.transport.OfflineException;
import com.repairsync.client.transport.SyncTransport;
import java.util.List;

/**
 * The shop's devices as an admin or manager manages them from a device ({@link
 * RepairSyncDevice#shopDevices()}): every call asks the server.
 *
 * @see <a href="../../../../../docs/console.md">docs/console.md</a> for the same in a browser
 */
public final class ShopDeviceAdmin {
    private final SyncTransport transport;

    ShopDeviceAdmin(SyncTransport transport) {
        this.transport = transport;
    }

    /**
     * The shop's devices, removed ones too, most recently seen first, with what each last reported
     * of its sync.
     *
     * @throws com.repairsync.client.transport.RequestRejectedException {@code forbidden} unless the
     *     employee who signed this device in is an admin or manager
     * @throws OfflineException if the server cannot be reached
     */
    public List<ShopDevice> list() {
        return transport.devices();
    }

    /**
     * Removes a lost or stolen device from the shop: the server refuses its tokens and closes its
     * sockets at once on every node, and the device keeps what it had queued, unsent.
     *
     * @throws com.repairsync.client.transport.RequestRejectedException {@code forbidden} unless an
     *     admin or manager who does not rank below the device's signer signed this device in, {@code
     *     not_found} for a device not of the shop
     */
    public ShopDevice revoke(String deviceId) {
        return transport.revokeDevice(deviceId, false);
    }

    /**
     * Removes a device like {@link #revoke(String)}; with {@code wipe}, once the device hears of it,
     * it sends up what it had not sent (for an admin or manager to apply or discard) and then
     * deletes its database and its key.
     */
    public ShopDevice revoke(String deviceId, boolean wipe) {
        return transport.revokeDevice(deviceId, wipe);
    }
}
