package com.repairsync.cli.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.cli.CliException;
import com.repairsync.cli.Secrets;
import com.repairsync.cli.Terminal;
import com.repairsync.cli.Values;
import com.repairsync.client.DeviceIdentity;
import com.repairsync.client.RepairSyncDevice;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Who is signed in on this device and which server it trusts: {@code logout}, {@code whoami}, {@code switch}, {@code repin}. */
public final class SessionCommands {
    private SessionCommands() {}

    @Command(
            name = "logout",
            mixinStandardHelpOptions = true,
            description = "Sign this device out. Its records and queued changes stay and go out after the next login.",
            footer = {"", "Example:", "  repairsync logout --device ~/.repairsync/desk"})
    public static final class Logout extends DeviceCommand {
        @Override
        protected int run(RepairSyncDevice device, Terminal terminal) {
            int pending = device.syncState().pendingCount();
            boolean wasSignedIn = device.identity().signedIn();
            boolean revoked = device.signOut();
            ObjectNode result = Terminal.object()
                    .put("signedOut", wasSignedIn)
                    .put("revokedOnServer", revoked)
                    .put("pending", pending);
            terminal.result(result, () -> {
                terminal.line(wasSignedIn ? "Signed out." : "This device was not signed in.");
                if (wasSignedIn && !revoked) {
                    terminal.line("The server could not be told (offline); the session was forgotten on this device.");
                }
                if (pending > 0) {
                    terminal.line(pending + " changes are kept on this device and go out after the next login.");
                }
            });
            return 0;
        }
    }

    @Command(
            name = "whoami",
            mixinStandardHelpOptions = true,
            description = "Show the shop, this device, and who is signed in and acting on it.",
            footer = {"", "Example:", "  repairsync whoami --json"})
    public static final class Whoami extends DeviceCommand {
        @Override
        protected int run(RepairSyncDevice device, Terminal terminal) {
            DeviceIdentity identity = device.identity();
            if (!identity.signedIn()) {
                throw CliException.notSignedIn("this device is signed out; sign in with: repairsync login --server "
                        + identity.serverUrl() + " --email EMAIL");
            }
            ObjectNode result = (ObjectNode) Terminal.tree(identity);
            result.put("serverCertificate", device.certificatePin().current().orElse(null));
            result.put("signedInAs", Employees.describe(device, identity.signedInEmployeeId()));
            result.put("actingAs", Employees.describe(device, identity.actingEmployeeId()));
            terminal.result(result, () -> {
                terminal.line("shop      " + identity.shopId() + " at " + identity.serverUrl());
                terminal.line("device    " + identity.deviceName() + " (" + identity.deviceId() + ")");
                terminal.line("signed in " + result.get("signedInAs").asText());
                terminal.line(
                        "acting    " + result.get("actingAs").asText() + " [" + identity.actingEmployeeId() + "]");
                device.certificatePin().current().ifPresent(pin -> terminal.line("server certificate " + pin));
            });
            return 0;
        }
    }

    @Command(
            name = "repin",
            mixinStandardHelpOptions = true,
            description = "Trust another server certificate, after the shop replaced its server's certificate."
                    + " Compare the fingerprint with the one the server prints at start.",
            footer = {
                "",
                "Example:",
                "  repairsync repin --fingerprint 3A:F1:...:9C",
                "  repairsync repin --fingerprint authorities   (a certificate a certificate authority vouches for)"
            })
    public static final class Repin extends DeviceCommand {
        @Option(
                names = "--fingerprint",
                required = true,
                paramLabel = "SHA256",
                description = "the SHA-256 fingerprint of the server's new certificate, or 'authorities'")
        String fingerprint;

        @Override
        protected int run(RepairSyncDevice device, Terminal terminal) {
            String pinned;
            try {
                pinned = device.certificatePin().repin(fingerprint);
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--fingerprint: " + e.getMessage());
            }
            terminal.result(
                    Terminal.object().put("serverCertificate", pinned),
                    () -> terminal.line("This device now trusts server certificate " + pinned + "."));
            return 0;
        }
    }

    @Command(
            name = "switch",
            mixinStandardHelpOptions = true,
            description = {
                "Switch the employee this device acts for, by their PIN (works offline).",
                "A PIN shorter than the employee's role needs (6 digits for admins and managers) is refused"
                        + " until they choose a new one with --new-pin-file (or REPAIRSYNC_NEW_PIN)."
            },
            footer = {
                "",
                "Examples:",
                "  repairsync switch --employee 0b5c8a44-2f0e-4c1e-9d55-2a7f0c1d9e21",
                "  repairsync switch --employee 0b5c8a44-2f0e-4c1e-9d55-2a7f0c1d9e21 --pin-file pin --new-pin-file new-pin"
            })
    public static final class Switch extends DeviceCommand {
        @Option(
                names = "--employee",
                required = true,
                paramLabel = "ID",
                description = "the employee's id (repairsync employee list)")
        String employee;

        @Option(
                names = "--pin-file",
                paramLabel = "FILE",
                description = "read the PIN from this file instead of the prompt")
        Path pinFile;

        @Option(
                names = "--new-pin-file",
                paramLabel = "FILE",
                description = "also set a new PIN, read from this file (or REPAIRSYNC_NEW_PIN)")
        Path newPinFile;

        @Override
        protected int run(RepairSyncDevice device, Terminal terminal) {
            String id = Values.id("--employee", employee);
            String pin = Secrets.read("PIN", null, pinFile, "--pin-file", "REPAIRSYNC_PIN");
            String newPin = System.getenv("REPAIRSYNC_NEW_PIN");
            if (newPinFile != null || (newPin != null && !newPin.isEmpty())) {
                newPin = Secrets.read("new PIN", null, newPinFile, "--new-pin-file", "REPAIRSYNC_NEW_PIN");
                try {
                    device.switchEmployee(id, pin, newPin);
                } catch (IllegalArgumentException policy) {
                    throw CliException.usage("new PIN: " + policy.getMessage());
                }
            } else {
                device.switchEmployee(id, pin);
            }
            String who = Employees.describe(device, id);
            terminal.result(
                    Terminal.object().put("actingEmployeeId", id).put("actingAs", who),
                    () -> terminal.line("Now acting as " + who + "."));
            return 0;
        }
    }
}
