package com.repairsync.cli;

import com.repairsync.server.ConfigException;
import com.repairsync.server.RepairSyncServer;
import com.repairsync.server.ServerConfig;
import com.repairsync.server.tls.SelfSignedCertificate;
import com.repairsync.server.tls.ServerCertificate;
import com.repairsync.server.tls.TlsMaterialException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code repairsync server}: runs the sync server until Ctrl-C. Its flags are the server's settings
 * ({@link ServerConfig#SETTINGS}), each also readable from its environment variable.
 */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        description = {
            "Run the sync server until Ctrl-C (in-flight pushes finish first).",
            "Every flag can also come from its environment variable; a flag wins."
        },
        subcommands = ServerCommand.Fingerprint.class,
        footer = {
            "",
            "HTTPS: on by default with a self-signed certificate made once into --data; devices pin its",
            "fingerprint, printed at start and by 'repairsync server fingerprint'. See docs/https.md.",
            "",
            "Examples:",
            "  repairsync server --port 8787 --data ./data",
            "  repairsync server --tls-cert shop.pem --tls-key shop-key.pem",
            "  repairsync server --tls off --host 10.0.0.5 --trusted-proxies 10.0.0.2/32"
        })
public final class ServerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        List<String> args = new ArrayList<>();
        for (ServerConfig.Setting setting : ServerConfig.SETTINGS) {
            OptionSpec option = spec.findOption(setting.flag());
            if (option != null && option.getValue() != null) {
                args.add(setting.flag());
                args.add(option.getValue());
            }
        }
        ServerConfig config;
        try {
            config = ServerConfig.parse(args.toArray(String[]::new), System.getenv());
        } catch (ConfigException e) {
            throw CliException.usage(e.getMessage());
        }
        RepairSyncServer server;
        try {
            server = RepairSyncServer.start(config, Clock.systemUTC());
        } catch (TlsMaterialException e) {
            throw CliException.usage("cannot start HTTPS: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new CliException(ExitCode.INTERNAL, "cannot start the server: " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.stop();
                            System.out.println("RepairSync server stopped.");
                            System.out.flush();
                            stopped.countDown();
                        },
                        "shutdown"));
        System.out.println("RepairSync server ready on " + server.url() + " (" + config.storageDescription()
                + "). Ctrl-C stops it.");
        server.certificateFingerprint().ifPresent(fingerprint -> {
            System.out.println("Certificate SHA-256 fingerprint: " + fingerprint);
            System.out.println("Devices compare it with the one they are shown when they join.");
        });
        if (!ServerConfig.isLoopback(config.host()) && server.url().contains("://127.0.0.1:")) {
            System.out.println("It listens on every address: devices elsewhere use this computer's address or"
                    + " name instead of 127.0.0.1.");
        }
        System.out.flush();
        stopped.await();
        return ExitCode.OK;
    }

    /** Declares the server's settings as options of this command. */
    static void addSettingOptions(CommandSpec spec) {
        for (ServerConfig.Setting setting : ServerConfig.SETTINGS) {
            String help = setting.help() + " (" + setting.env()
                    + (setting.defaultValue().isEmpty() ? "" : "; default " + setting.defaultValue()) + ")";
            spec.addOption(OptionSpec.builder(setting.flag())
                    .paramLabel("VALUE")
                    .type(String.class)
                    .description(help)
                    .build());
        }
    }

    /** {@code repairsync server fingerprint}: the fingerprint of the certificate the server serves, without starting it. */
    @Command(
            name = "fingerprint",
            mixinStandardHelpOptions = true,
            description = {
                "Print the SHA-256 fingerprint of the server's HTTPS certificate without starting the server.",
                "Devices compare it when they join; give it to whoever signs a device in."
            },
            footer = {
                "",
                "Examples:",
                "  repairsync server fingerprint --data ./data",
                "  repairsync server fingerprint --tls-cert /etc/repairsync/shop.pem"
            })
    public static final class Fingerprint implements Callable<Integer> {
        @Option(
                names = "--data",
                paramLabel = "DIR",
                defaultValue = "${env:REPAIRSYNC_DATA:-./data}",
                description = "the server's data directory (REPAIRSYNC_DATA; default ./data), where its"
                        + " self-signed certificate lives")
        Path data;

        @Option(
                names = "--tls-cert",
                paramLabel = "FILE",
                defaultValue = "${env:REPAIRSYNC_TLS_CERT}",
                description = "the PEM certificate the server is given with --tls-cert (REPAIRSYNC_TLS_CERT)")
        Path certificate;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Terminal terminal = Terminal.of(spec);
            Path file = certificate != null
                    ? certificate
                    : SelfSignedCertificate.certificateFile(data.resolve(SelfSignedCertificate.FOLDER));
            if (certificate == null && !Files.exists(file)) {
                throw CliException.notFound("no certificate yet in " + file.getParent() + ": the server makes its"
                        + " self-signed certificate on its first start with HTTPS (repairsync server --data " + data
                        + "), or give the one it serves with --tls-cert FILE");
            }
            String fingerprint;
            try {
                fingerprint = ServerCertificate.fingerprintOf(file, certificate != null ? "--tls-cert" : "--data");
            } catch (TlsMaterialException e) {
                throw CliException.usage(e.getMessage());
            }
            var result = Terminal.object().put("fingerprint", fingerprint).put("certificate", file.toString());
            terminal.result(result, () -> terminal.line("Certificate SHA-256 fingerprint: " + fingerprint));
            return ExitCode.OK;
        }
    }
}
