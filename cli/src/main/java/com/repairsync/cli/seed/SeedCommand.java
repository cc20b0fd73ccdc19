package com.repairsync.cli.seed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.cli.CliException;
import com.repairsync.cli.ExitCode;
import com.repairsync.cli.PasswordOptions;
import com.repairsync.cli.ServerCertificates;
import com.repairsync.cli.Terminal;
import com.repairsync.cli.device.DeviceHome;
import com.repairsync.cli.device.ServerUrls;
import com.repairsync.client.transport.HttpSyncTransport;
import com.repairsync.client.transport.ServerTrust;
import com.repairsync.client.transport.SessionTokens;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.client.transport.UnauthorizedException;
import com.repairsync.client.transport.UntrustedCertificateException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code repairsync seed}: realistic sample data for a shop, pushed through the sync API. */
@Command(
        name = "seed",
        mixinStandardHelpOptions = true,
        description = {
            "Fill a shop with realistic sample data, pushed through the sync API.",
            "Employees, stocked parts, customers with their devices and problems, tickets with parts used,"
                    + " and appointments over the coming four weeks: about 4.5 records per customer."
        },
        footer = {
            "",
            "Examples:",
            "  repairsync seed --server http://localhost:8787 --email owner@fixit.test --customers 200",
            "  repairsync seed --email owner@fixit.test --password-file pw.txt --customers 222000   (about 1,000,000 records)"
        })
public final class SeedCommand implements Callable<Integer> {
    @Option(names = "--server", paramLabel = "URL", description = "the sync server (default: the server of --device)")
    String server;

    @Option(names = "--fingerprint", paramLabel = "SHA256", description = ServerCertificates.FLAG_HELP)
    String fingerprint;

    @Option(
            names = "--device",
            paramLabel = "DIR",
            description = "a joined device whose server to use when --server is not given")
    Path deviceDir;

    @Option(names = "--email", required = true, paramLabel = "EMAIL", description = "an admin or manager of the shop")
    String email;

    @picocli.CommandLine.Mixin
    PasswordOptions passwords;

    @Option(
            names = "--customers",
            defaultValue = "50",
            paramLabel = "N",
            description = "customers to make (default 50)")
    int customers;

    @Option(names = "--items", defaultValue = "40", paramLabel = "N", description = "inventory items (default 40)")
    int items;

    @Option(
            names = "--employees",
            defaultValue = "4",
            paramLabel = "N",
            description = "employees besides the one signing in (default 4)")
    int employees;

    @Option(
            names = "--tickets-per-customer",
            defaultValue = "1.5",
            paramLabel = "X",
            description = "average tickets per customer, each with a part used (default 1.5)")
    double ticketsPerCustomer;

    @Option(
            names = "--appointments-per-customer",
            defaultValue = "0.5",
            paramLabel = "X",
            description = "average appointments per customer (default 0.5)")
    double appointmentsPerCustomer;

    @Option(
            names = "--seed",
            defaultValue = "1",
            paramLabel = "N",
            description = "the same seed makes the same content (default 1)")
    long seed;

    @Option(
            names = "--batch",
            defaultValue = "500",
            paramLabel = "N",
            description = "records per push, at most the server's --max-batch (default 2000)")
    int batch;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Terminal terminal = Terminal.of(spec);
        check(customers >= 0 && customers <= 10_000_000, "--customers: must be between 0 and 10000000");
        check(items >= 0 && items <= 100_000, "--items: must be between 0 and 100000");
        check(employees >= 0 && employees <= 10_000, "--employees: must be between 0 and 10000");
        check(ticketsPerCustomer >= 0 && ticketsPerCustomer <= 20, "--tickets-per-customer: must be between 0 and 20");
        check(
                appointmentsPerCustomer >= 0 && appointmentsPerCustomer <= 20,
                "--appointments-per-customer: must be between 0 and 20");
        check(batch >= 1 && batch <= 10_000, "--batch: must be between 1 and 10000");
        String url = server != null
                ? ServerUrls.normalize(server)
                : DeviceHome.resolve(deviceDir)
                        .server()
                        .orElseThrow(() -> CliException.usage(
                                "--server: say which server to seed (or use --device of a joined device)"));
        ServerTrust trust = ServerCertificates.trust(fingerprint);
        String secret = passwords.read();
        Seeder.Counts counts =
                new Seeder.Counts(employees, items, customers, ticketsPerCustomer, appointmentsPerCustomer);
        long estimate = counts.estimate();
        SessionTokens tokens = new SessionTokens();
        try (SyncTransport transport = new HttpSyncTransport(url, trust, tokens)) {
            SyncTransport.Session session;
            try {
                session = tokens.signIn(transport, email, secret, "sample data", null);
            } catch (UnauthorizedException wrong) {
                throw CliException.refused("sign-in refused: " + wrong.getMessage());
            } catch (UntrustedCertificateException e) {
                throw ServerCertificates.refused(e, fingerprint != null);
            }
            terminal.say("Seeding about " + estimate + " records into shop " + session.shopId() + " at " + url + "…");
            Seeder.Result result = new Seeder(transport, session, Clock.systemUTC(), batch)
                    .seed(
                            new SampleData(seed, java.time.Instant.now()),
                            counts,
                            sent -> terminal.progress(
                                    "seeding",
                                    Math.min(0.999, (double) sent / Math.max(1, estimate)),
                                    sent + " records"));
            terminal.progress("seeding", 1.0, result.total() + " records");
            ObjectNode json = Terminal.object().put("total", result.total()).put("millis", result.millis());
            json.set("created", Terminal.tree(result.created()));
            json.put(
                    "recordsPerSecond",
                    result.millis() == 0 ? result.total() : result.total() * 1000 / result.millis());
            terminal.result(
                    json,
                    () -> terminal.line("Made " + result.total() + " records in " + result.millis() / 1000.0 + " s: "
                            + result.created() + ". Devices get them with: repairsync sync"));
            return ExitCode.OK;
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw CliException.usage(message);
        }
    }
}
