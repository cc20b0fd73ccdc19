package com.repairsync.cli.device;

import com.repairsync.cli.Terminal;
import com.repairsync.client.DeviceOptions;
import com.repairsync.client.RepairSyncDevice;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A command that works on the terminal's device: opens it, runs, closes it (nothing is lost on exit). */
public abstract class DeviceCommand implements Callable<Integer> {
    @Option(
            names = "--device",
            paramLabel = "DIR",
            description = "the device's folder (default: $REPAIRSYNC_DEVICE or ~/.repairsync/device)")
    Path deviceDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Terminal terminal = Terminal.of(spec);
        try (RepairSyncDevice device = DeviceHome.resolve(deviceDir).open(options())) {
            return run(device, terminal);
        }
    }

    /** Options of the device; commands that stay connected turn auto-sync on. */
    protected DeviceOptions options() {
        return DeviceOptions.defaults().withAutoSync(false);
    }

    protected abstract int run(RepairSyncDevice device, Terminal terminal);
}
