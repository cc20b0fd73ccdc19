package com.repairsync.cli.device;

import com.repairsync.cli.CliException;
import com.repairsync.cli.PasswordOptions;
import com.repairsync.cli.ServerCertificates;
import com.repairsync.cli.Terminal;
import com.repairsync.client.DeviceIdentity;
import com.repairsync.client.DeviceOptions;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.transport.ServerTrust;
import com.repairsync.client.transport.UnauthorizedException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code repairsync login}: joins this terminal device to a shop and pulls the shop's data. */
@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        description = "Sign this device in to a shop (an admin or manager, so others can switch in by PIN)"
                + " and pull the shop's data.",
        footer = {
            "",
            "Example:",
            "  repairsync login --server http://localhost:8787 --email owner@fixit.test --name \"front desk\""
        })
public final class LoginCommand implements Callable<Integer> {
    @Option(
            names = "--server",
            required = true,
            paramLabel = "URL",
            description = "the sync server, such as http://localhost:8787")
    String server;

    @Option(
            names = "--fingerprint",
            paramLabel = "SHA256",
            description = "accept only the server certificate with this SHA-256 fingerprint, as the server prints it"
                    + " (default over https: trust the certificate the server presents now, and pin it)")
    String fingerprint;

    @Option(names = "--email", required = true, paramLabel = "EMAIL", description = "the employee's e-mail")
    String email;

    @picocli.CommandLine.Mixin
    PasswordOptions passwords;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "this device's name, as others see it (default: terminal on HOST)")
    String name;

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
        String url = ServerUrls.normalize(server);
        // A malformed fingerprint is a usage error before any prompt.
        String wanted = fingerprint == null ? null : ServerCertificates.canonical(fingerprint);
        String secret = passwords.read();
        DeviceHome home = DeviceHome.resolve(deviceDir);
        try (RepairSyncDevice device =
                home.openFor(url, DeviceOptions.defaults().withAutoSync(false))) {
            String pinned = device.certificatePin().current().orElse(null);
            if (wanted != null && pinned != null && !pinned.equals(wanted)) {
                throw CliException.usage("--fingerprint: this device pinned server certificate " + pinned
                        + "; if the shop replaced it, run: repairsync repin --fingerprint " + fingerprint);
            }
            try {
                device.join(email, secret, name != null ? name : "terminal on " + host(), wanted);
            } catch (UnauthorizedException wrong) {
                throw CliException.refused("sign-in refused: " + wrong.getMessage());
            }
            home.remember(url);
            DeviceIdentity identity = device.identity();
            String who = Employees.describe(device, identity.signedInEmployeeId());
            terminal.result(identity, () -> {
                terminal.line("Signed in as " + who + " on shop " + identity.shopId() + ".");
                terminal.line("This device is '" + identity.deviceName() + "' (" + identity.deviceId() + "), data in "
                        + home.dir() + "; pulled up to change " + identity.cursor() + ".");
                device.certificatePin()
                        .current()
                        .ifPresent(pin -> terminal.line("Server certificate " + pin + " pinned"
                                + (fingerprint == null && !pin.equals(ServerTrust.AUTHORITIES)
                                        ? " on first use: check that the server printed the same fingerprint."
                                        : ".")));
            });
            return 0;
        }
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "this computer";
        }
    }
}
