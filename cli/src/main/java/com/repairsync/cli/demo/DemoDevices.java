package com.repairsync.cli.demo;

import com.repairsync.cli.Terminal;
import com.repairsync.cli.device.TestPinCost;
import com.repairsync.client.DeviceKeys;
import com.repairsync.client.DeviceOptions;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.transport.HttpSyncTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's devices in its temporary folder: opens each on its cable, and closes them all, newest
 * first, when the story ends or fails.
 */
final class DemoDevices implements AutoCloseable {
    private final Path dir;
    private final Terminal terminal;
    private final List<RepairSyncDevice> opened = new ArrayList<>();

    DemoDevices(Path dir, Terminal terminal) {
        this.dir = dir;
        this.terminal = terminal;
    }

    /** Opens the device {@code name} (its own database), talking to the server at {@code url} through the cable. */
    RepairSyncDevice open(String name, String url, Cable cable) {
        DeviceOptions options = TestPinCost.apply(DeviceOptions.defaults()
                .withProbeInterval(Duration.ofMillis(200))
                .withTransport((ignored, tokens) -> cable.connect(new HttpSyncTransport(url, tokens)))
                // throwaway devices in a temporary folder: their keys go with it, not into the user's
                .withKeys(DeviceKeys.inFolder(dir.resolve("keys"))));
        RepairSyncDevice device = RepairSyncDevice.open(dir.resolve(name).resolve("device.db"), url, options);
        opened.add(0, device);
        return device;
    }

    /** Closes every device opened; a device that fails to close is noted on stderr, the others still close. */
    @Override
    public void close() {
        for (RepairSyncDevice device : opened) {
            try {
                device.close();
            } catch (Exception e) {
                terminal.note("demo: closing failed: " + e.getMessage());
            }
        }
        opened.clear();
    }
}
