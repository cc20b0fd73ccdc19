package com.repairsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.cli.device.ServerUrls;
import com.repairsync.client.transport.ServerTrust;
import com.repairsync.client.transport.UntrustedCertificateException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code repairsync shop create}: a new shop and its first employee, an admin. */
@Command(
        name = "shop",
        mixinStandardHelpOptions = true,
        description = "Shops on a server.",
        subcommands = ShopCommand.Create.class,
        footer = {
            "",
            "Example:",
            "  repairsync shop create --server http://localhost:8787 --name \"Fix-It Corner\" --email owner@fixit.test"
        })
public final class ShopCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "say what to do: create");
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description =
                    "Create a shop and its admin, who then signs devices in. The password is asked for when not given, never echoed.",
            footer = {
                "",
                "Example:",
                "  repairsync shop create --server http://localhost:8787 --name \"Fix-It Corner\" --email owner@fixit.test --first-name Ada"
            })
    public static final class Create implements Callable<Integer> {
        @Option(
                names = "--server",
                required = true,
                paramLabel = "URL",
                description = "the sync server, such as http://localhost:8787")
        String server;

        @Option(names = "--fingerprint", paramLabel = "SHA256", description = ServerCertificates.FLAG_HELP)
        String fingerprint;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "the shop's name")
        String name;

        @Option(
                names = "--email",
                required = true,
                paramLabel = "EMAIL",
                description = "the admin's e-mail (their sign-in)")
        String email;

        @picocli.CommandLine.Mixin
        PasswordOptions passwords;

        @Option(
                names = "--first-name",
                defaultValue = "Owner",
                paramLabel = "NAME",
                description = "the admin's first name (default: Owner)")
        String firstName;

        @Option(names = "--last-name", paramLabel = "NAME", description = "the admin's last name")
        String lastName;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Terminal terminal = Terminal.of(spec);
            String url = ServerUrls.normalize(server);
            ServerTrust trust = ServerCertificates.trust(fingerprint);
            String secret = passwords.read();
            JsonNode created;
            try {
                created = Shops.create(url, trust, name, email, secret, firstName, lastName);
            } catch (UntrustedCertificateException e) {
                throw ServerCertificates.refused(e, fingerprint != null);
            }
            terminal.result(
                    created,
                    () -> terminal.line("Created shop '" + name + "' ("
                            + created.path("shopId").asText() + "); its admin " + email
                            + " can sign in: repairsync login --server " + url + " --email " + email
                            + (fingerprint == null ? "" : " --fingerprint " + fingerprint)));
            return ExitCode.OK;
        }
    }
}
