package com.repairsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.server.tls.SelfSignedCertificate;
import com.repairsync.server.tls.ServerCertificate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code repairsync server fingerprint}: the owner reads the fingerprint without starting the server. */
class ServerFingerprintTest {
    @TempDir
    Path data;

    /** What one command line printed and returned, run in this JVM. */
    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            int exitCode = RepairSyncCli.run(args);
            return new Run(exitCode, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void printsTheFingerprintOfTheSelfSignedCertificateInTheDataDirectory() {
        ServerCertificate made = SelfSignedCertificate.loadOrCreate(
                data.resolve(SelfSignedCertificate.FOLDER), List::of, Clock.systemUTC());

        Run run = run("server", "fingerprint", "--data", data.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out())
                .isEqualTo("Certificate SHA-256 fingerprint: " + made.fingerprint() + System.lineSeparator());
    }

    @Test
    void printsTheFingerprintOfAGivenCertificateAsJson() throws Exception {
        ServerCertificate made =
                SelfSignedCertificate.loadOrCreate(data.resolve("elsewhere"), List::of, Clock.systemUTC());
        Path certificate = data.resolve("elsewhere").resolve(SelfSignedCertificate.CERTIFICATE_FILE);

        Run run = run("server", "fingerprint", "--tls-cert", certificate.toString(), "--json");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(Cli.JSON.readTree(run.out()).path("fingerprint").asText()).isEqualTo(made.fingerprint());
    }

    @Test
    void saysWhenThereIsNoCertificateYetAndMakesNone() {
        Run run = run("server", "fingerprint", "--data", data.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(run.err())
                .contains("no certificate yet in " + data.resolve("tls"))
                .contains("--tls-cert");
        assertThat(data.resolve("tls")).doesNotExist();
    }

    @Test
    void aFileThatHoldsNoCertificateIsAUsageError() throws Exception {
        Path garbage = Files.writeString(data.resolve("garbage.pem"), "not a certificate");

        Run run = run("server", "fingerprint", "--tls-cert", garbage.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains(garbage + " (--tls-cert) holds no PEM certificate");
    }
}
