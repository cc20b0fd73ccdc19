package com.repairsync.cli.device;

import com.repairsync.cli.ExitCode;
import com.repairsync.cli.Terminal;
import com.repairsync.cli.Values;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.ShopDevice;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The shop's devices, for an admin's or manager's device: {@code devices list}, {@code devices revoke}. */
public final class DevicesCommands {
    private DevicesCommands() {}

    @Command(
            name = "devices",
            mixinStandardHelpOptions = true,
            description = "List the shop's devices, or remove a lost or stolen one (admins and managers, online).",
            subcommands = {DevicesCommands.ListDevices.class, DevicesCommands.RevokeDevice.class},
            footer = {
                "",
                "Examples:",
                "  repairsync devices list --device ~/.repairsync/desk",
                "  repairsync devices revoke 0b5c8a44-2f0e-4c1e-9d55-2a7f0c1d9e21"
            })
    public static final class Devices implements Runnable {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "say what to do: list or revoke");
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the shop's devices: who signed each in, when it was last seen, which were removed.",
            footer = {"", "Example:", "  repairsync devices list --json --device ~/.repairsync/desk"})
    public static final class ListDevices extends DeviceCommand {
        @Override
        protected int run(RepairSyncDevice device, Terminal terminal) {
            List<ShopDevice> devices = device.devices();
            terminal.result(devices, () -> {
                List<List<String>> rows = new ArrayList<>();
                for (ShopDevice d : devices) {
                    rows.add(List.of(
                            d.deviceId(),
                            d.name(),
                            Employees.describe(device, d.signedInBy()),
                            String.valueOf(d.lastSeenAt()),
                            d.revoked()
                                    ? "removed " + d.revokedAt() + " by " + Employees.describe(device, d.revokedBy())
                                    : "active"));
                }
                terminal.table(List.of("ID", "NAME", "SIGNED IN BY", "LAST SEEN", "STATE"), rows);
            });
            return ExitCode.OK;
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description =
                    "Remove a device from the shop: its tokens are refused and its sockets closed at once; what it"
                            + " had queued stays on it, unsent.",
            footer = {"", "Example:", "  repairsync devices revoke 0b5c8a44-2f0e-4c1e-9d55-2a7f0c1d9e21"})
    public static final class RevokeDevice extends DeviceCommand {
        @Parameters(paramLabel = "DEVICE_ID", description = "the device's id (repairsync devices list)")
        String id;

        @Override
        protected int run(RepairSyncDevice device, Terminal terminal) {
            ShopDevice removed = device.revokeDevice(Values.id("DEVICE_ID", id));
            terminal.result(
                    removed,
                    () -> terminal.line("Removed " + removed.name() + " (" + removed.deviceId() + ") from the shop."));
            return ExitCode.OK;
        }
    }
}
