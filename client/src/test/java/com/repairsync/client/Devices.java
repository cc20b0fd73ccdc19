package com.repairsync.client;

import com.repairsync.client.internal.TestKeys;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Opens client devices against a test server, each in its own directory, and closes them all. */
final class Devices implements AutoCloseable {
    private final TestServer server;
    private final List<RepairSyncDevice> opened = new ArrayList<>();
    private final Path root;

    Devices(TestServer server) {
        this.server = server;
        try {
            this.root = Files.createTempDirectory("repairsync-devices-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Quick probes and keep-alives, and PIN hashes that cost nothing (never a shop's setting). */
    static DeviceOptions fastOptions() {
        return DeviceOptions.defaults()
                .withPinCost(PinCost.TEST_ONLY)
                .withProbeInterval(Duration.ofMillis(200))
                .withKeepAliveInterval(Duration.ofSeconds(1))
                .withKeys(TestKeys.deviceKeys());
    }

    Path file(String name) {
        return root.resolve(name).resolve("device.db");
    }

    RepairSyncDevice open(String name, DeviceOptions options) {
        RepairSyncDevice device =
                RepairSyncDevice.open(file(name), server.http().baseUrl(), options);
        opened.add(device);
        return device;
    }

    /** A device that joined the shop as its admin. */
    RepairSyncDevice joined(Shop shop, String name, DeviceOptions options) {
        RepairSyncDevice device = open(name, options);
        device.join(shop.adminEmail(), TestServer.PASSWORD, name);
        return device;
    }

    @Override
    public void close() {
        for (RepairSyncDevice device : opened) {
            try {
                device.close();
            } catch (RuntimeException alreadyClosed) {
                // a test may have closed it on purpose
            }
        }
    }
}
