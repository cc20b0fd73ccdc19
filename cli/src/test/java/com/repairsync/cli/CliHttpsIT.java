package com.repairsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The terminal against a server with a self-signed certificate: a command without a device of its
 * own refuses it and names the fingerprint to check, a device pins it at login, and a device
 * pinned to another certificate refuses the server and names both.
 */
class CliHttpsIT {
    private static final String PASSWORD = "correct horse battery";
    private static final String OTHER =
            "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF";

    @RegisterExtension
    static final ServerProcess server = ServerProcess.start(List.of("--tls", "on"));

    @Test
    void aSelfSignedServerIsTrustedByFingerprintAndPinnedAtLogin() throws Exception {
        assertThat(server.url()).startsWith("https://");
        String fingerprint = server.fingerprint();
        Path password = Cli.secretFile(PASSWORD);
        String[] create = {
            "shop",
            "create",
            "--server",
            server.url(),
            "--name",
            "Pinned Repairs",
            "--email",
            "owner@https.test",
            "--password-file",
            password.toString()
        };

        Cli.Run unchecked = Cli.run(create);
        assertThat(unchecked.exitCode()).as("%s", unchecked).isEqualTo(ExitCode.REFUSED);
        assertThat(unchecked.stderr()).contains(fingerprint, "--fingerprint");

        Cli.Run created = Cli.run(append(create, "--fingerprint", fingerprint));
        assertThat(created.exitCode()).as("%s", created).isZero();

        Path device = Files.createTempDirectory("repairsync-cli-https-");
        Cli.Run login = Cli.run(
                "login",
                "--server",
                server.url(),
                "--email",
                "owner@https.test",
                "--password-file",
                password.toString(),
                "--device",
                device.toString());
        assertThat(login.exitCode()).as("%s", login).isZero();
        assertThat(login.stdout()).contains(fingerprint, "pinned on first use");

        Cli.Run repinned = Cli.run("repin", "--fingerprint", OTHER, "--device", device.toString());
        assertThat(repinned.exitCode()).as("%s", repinned).isZero();
        Cli.Run refused = Cli.run("sync", "--device", device.toString());
        assertThat(refused.exitCode()).as("%s", refused).isEqualTo(ExitCode.REFUSED);
        assertThat(refused.stderr()).contains(OTHER, fingerprint);
    }

    private static String[] append(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }
}
