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
            List<ShopDevice> devices = device.shopDevices().list();
            terminal.result(devices, () -> {
                List<List<String>> rows = new ArrayList<>();
                for (ShopDevice d : devices) {
                    rows.add(row(device, d));
                }
                terminal.table(
                        List.of(
                                "ID",
                                "NAME",
                                "SIGNED IN BY",
                                "ACTING",
                                "ONLINE",
                                "LAST SEEN",
                                "APP",
                                "QUEUE",
                                "OLDEST UNSENT",
                                "FAILED",
                                "CLOCK",
                                "STATE"),
                        rows);
            });
            return ExitCode.OK;
        }
    }

    /** A device's row: who, whether it is online, and what it last reported ("-" where it did not). */
    private static List<String> row(RepairSyncDevice device, ShopDevice d) {
        ShopDevice.Health health = d.health();
        String state = d.revoked()
                ? "removed " + d.revokedAt() + " by " + Employees.describe(device, d.revokedBy())
                        + (d.wipeRequested() ? ", wipe" : "")
                        + (d.heldChanges() > 0 ? ", " + d.heldChanges() + " held for review" : "")
                : "active";
        if (health == null) {
            return List.of(
                    d.deviceId(),
                    d.name(),
                    Employees.describe(device, d.signedInBy()),
                    "-",
                    d.online() ? "online" : "offline",
                    String.valueOf(d.lastSeenAt()),
                    "-",
                    "-",
                    "-",
                    "-",
                    "-",
                    state);
        }
        return List.of(
                d.deviceId(),
                d.name(),
                Employees.describe(device, d.signedInBy()),
                health.actingEmployeeId() == null ? "-" : Employees.describe(device, health.actingEmployeeId()),
                d.online() ? "online" : "offline",
                String.valueOf(d.lastSeenAt()),
                health.appVersion() == null ? "-" : health.appVersion(),
                Integer.toString(health.queueDepth()),
                health.oldestUnsentSeconds() == null ? "-" : age(health.oldestUnsentSeconds()),
                Integer.toString(health.failedCount()),
                offset(health.clockOffsetMs()),
                state);
    }

    /** An age as a person reads it: 45s, 12m, 3h, 2d. */
    static String age(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m";
        }
        if (seconds < 48 * 3600) {
            return seconds / 3600 + "h";
        }
        return seconds / 86_400 + "d";
    }

    /** A clock offset: {@code +1.2s} ahead, {@code -0.3s} behind. */
    static String offset(long millis) {
        return String.format(java.util.Locale.ROOT, "%+.1fs", millis / 1000.0);
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description =
                    "Remove a device from the shop: its tokens are refused and its sockets closed at once; what it"
                            + " had queued stays on it, unsent, or with --wipe is sent up for review and the device"
                            + " deletes its data.",
            footer = {
                "",
                "Examples:",
                "  repairsync devices revoke 0b5c8a44-2f0e-4c1e-9d55-2a7f0c1d9e21",
                "  repairsync devices revoke 0b5c8a44-2f0e-4c1e-9d55-2a7f0c1d9e21 --wipe"
            })
    public static final class RevokeDevice extends DeviceCommand {
        @Parameters(paramLabel = "DEVICE_ID", description = "the device's id (repairsync devices list)")
        String id;

        @picocli.CommandLine.Option(
                names = "--wipe",
                description = "also make the device delete its database and key once it hears of it,"
                        + " after sending up what it had not sent (review it in the console)")
        boolean wipe;

        @Override
        protected int run(RepairSyncDevice device, Terminal terminal) {
            ShopDevice removed = device.shopDevices().revoke(Values.id("DEVICE_ID", id), wipe);
            terminal.result(
                    removed,
                    () -> terminal.line("Removed " + removed.name() + " (" + removed.deviceId() + ") from the shop"
                            + (wipe ? "; it deletes its data once it hears of it." : ".")));
            return ExitCode.OK;
        }
    }
}
