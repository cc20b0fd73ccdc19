package com.repairsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.testkit.JsonHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A shop made with {@code repairsync shop create}, and terminal devices signed in to it, each in its own folder. */
final class TerminalShop {
    static final String PASSWORD = "correct horse battery";

    private final ServerProcess server;
    final String email;
    final String shopId;
    final String adminId;
    final Path passwordFile = Cli.secretFile(PASSWORD);

    TerminalShop(ServerProcess server) {
        this.server = server;
        this.email = "owner-" + UUID.randomUUID().toString().substring(0, 8) + "@fixit.test";
        Cli.Run created = Cli.run(
                "shop",
                "create",
                "--server",
                server.url(),
                "--name",
                "Fix-It Corner",
                "--email",
                email,
                "--password-file",
                passwordFile.toString(),
                "--first-name",
                "Ada",
                "--json");
        assertThat(created.exitCode()).as("%s", created).isZero();
        this.shopId = created.json().path("shopId").asText();
        this.adminId = created.json().path("employeeId").asText();
    }

    /** A new device folder signed in as the shop's admin. */
    Path device(String name) {
        return device(name, email, passwordFile);
    }

    /** A new device folder signed in as the employee with this e-mail and password file. */
    Path device(String name, String email, Path passwordFile) {
        try {
            Path dir = Files.createTempDirectory("repairsync-cli-device-");
            Cli.Run login = Cli.run(
                    "login",
                    "--server",
                    server.url(),
                    "--email",
                    email,
                    "--password-file",
                    passwordFile.toString(),
                    "--name",
                    name,
                    "--device",
                    dir.toString(),
                    "--json");
            assertThat(login.exitCode()).as("%s", login).isZero();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Gives an employee a sign-in password through the API, as the shop's admin (no command sets
     * another employee's password).
     */
    void setPassword(String employeeId, String password) {
        JsonHttp http = new JsonHttp(server.url());
        JsonHttp.Response login = http.post(
                "/v1/auth/login", Map.of("email", email, "password", PASSWORD, "deviceName", "test setup"), null);
        assertThat(login.status()).as("%s", login).isEqualTo(200);
        JsonHttp.Response set = http.put(
                "/v1/employees/" + employeeId + "/password",
                Map.of("password", password),
                login.body().path("accessToken").asText());
        assertThat(set.status()).as("%s", set).isBetween(200, 204);
    }

    /** Runs a command on a device: {@code --device DIR --json} are added. */
    static Cli.Run on(Path device, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--device");
        all.add(device.toString());
        all.add("--json");
        return Cli.run(all.toArray(String[]::new));
    }

    /** Runs a command that must succeed and returns its JSON. */
    static JsonNode ok(Path device, String... args) {
        Cli.Run run = on(device, args);
        assertThat(run.exitCode()).as("%s", run).isZero();
        return run.json();
    }
}
