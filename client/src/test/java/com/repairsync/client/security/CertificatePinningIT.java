package com.repairsync.client.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.client.DeviceOptions;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.transport.ServerTrust;
import com.repairsync.client.transport.UnauthorizedException;
import com.repairsync.client.transport.UntrustedCertificateException;
import com.repairsync.server.RepairSyncServer;
import com.repairsync.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23, item 1: a device joins a server over HTTPS with a self-signed certificate, pins it,
 * syncs and hears realtime; a server with another certificate at the same address is refused with
 * a message that names both fingerprints, and the device syncs again only after a deliberate
 * re-pin.
 */
class CertificatePinningIT {
    private static final String PASSWORD = "correct horse battery";
    private static final Duration GENEROUS = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void aDevicePinsTheSelfSignedCertificateAndRefusesAnotherAtTheSameAddress() throws Exception {
        RepairSyncServer first = start(dir.resolve("first"), 0);
        int port = first.port();
        String url = "https://127.0.0.1:" + port;
        String fingerprint = first.certificateFingerprint().orElseThrow();
        RepairSyncServer second = null;
        try (RepairSyncDevice desk = open("desk", url);
                RepairSyncDevice tablet = open("tablet", url)) {
            createShop(url, fingerprint, "owner@pinned.test");

            desk.join("owner@pinned.test", PASSWORD, "desk");
            tablet.join("owner@pinned.test", PASSWORD, "tablet", fingerprint.toLowerCase());

            assertThat(desk.certificatePin().current()).contains(fingerprint);
            assertThat(tablet.certificatePin().current()).contains(fingerprint);
            // Presence arrives over the realtime socket only: wss works with the pinned certificate.
            await().atMost(GENEROUS).untilAsserted(() -> assertThat(tablet.presence())
                    .extracting(online -> online.deviceName())
                    .contains("desk"));
            String customer = desk.customers().create(Map.of("firstName", "Grace"));
            await().atMost(GENEROUS)
                    .untilAsserted(
                            () -> assertThat(tablet.customers().get(customer)).isPresent());

            first.stop();
            second = start(dir.resolve("second"), port);
            String other = second.certificateFingerprint().orElseThrow();
            assertThat(other).isNotEqualTo(fingerprint);

            assertThatThrownBy(desk::syncNow).isInstanceOfSatisfying(UntrustedCertificateException.class, refused -> {
                assertThat(refused.trusted()).isEqualTo(fingerprint);
                assertThat(refused.presented()).isEqualTo(other);
                assertThat(refused.getMessage()).contains(fingerprint, other, "repin");
            });
            assertThat(desk.syncState().lastError()).contains(fingerprint, other);
            assertThat(desk.syncState().pendingCount()).isZero();

            desk.certificatePin().repin(other);

            // The certificate passes now; this server has never heard of the device's sign-in.
            assertThatThrownBy(desk::syncNow).isInstanceOf(UnauthorizedException.class);
            assertThat(desk.certificatePin().current()).contains(other);
        } finally {
            first.stop();
            if (second != null) {
                second.stop();
            }
        }
    }

    @Test
    void aJoinWithTheWrongFingerprintSendsNothingAndPinsNothing() throws Exception {
        RepairSyncServer server = start(dir.resolve("server"), 0);
        String url = "https://127.0.0.1:" + server.port();
        String actual = server.certificateFingerprint().orElseThrow();
        String wrong = actual.substring(0, actual.length() - 2) + (actual.endsWith("00") ? "01" : "00");
        try (RepairSyncDevice desk = open("desk", url)) {
            createShop(url, actual, "owner@wary.test");

            assertThatThrownBy(() -> desk.join("owner@wary.test", PASSWORD, "desk", wrong))
                    .isInstanceOfSatisfying(UntrustedCertificateException.class, refused -> {
                        assertThat(refused.trusted()).isEqualTo(wrong);
                        assertThat(refused.presented()).isEqualTo(actual);
                    });

            assertThat(desk.joined()).isFalse();
            assertThat(desk.certificatePin().current()).isEmpty();
        } finally {
            server.stop();
        }
    }

    private RepairSyncDevice open(String name, String url) {
        return RepairSyncDevice.open(
                dir.resolve(name).resolve("device.db"),
                url,
                DeviceOptions.defaults()
                        .withProbeInterval(Duration.ofMillis(200))
                        .withKeepAliveInterval(Duration.ofSeconds(1)));
    }

    private static RepairSyncServer start(Path data, int port) {
        return RepairSyncServer.start(
                ServerConfig.parse(
                        new String[] {
                            "--host", "127.0.0.1",
                            "--port", Integer.toString(port),
                            "--data", data.toString(),
                            "--tls", "on",
                            "--argon2-memory-kib", "1024",
                            "--argon2-iterations", "1",
                            "--shutdown-grace", "1s"
                        },
                        Map.of()),
                Clock.systemUTC());
    }

    /** Signs a shop up over HTTPS, trusting exactly the server's certificate. */
    private static void createShop(String url, String fingerprint, String email) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .sslContext(ServerTrust.expecting(fingerprint).sslContext())
                .build();
        String body = new ObjectMapper()
                .writeValueAsString(
                        Map.of("shopName", "Pinned", "email", email, "password", PASSWORD, "firstName", "Ada"));
        HttpResponse<String> created = http.send(
                HttpRequest.newBuilder(URI.create(url + "/v1/shops"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode answer = new ObjectMapper().readTree(created.body());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(answer.path("shopId").asText()).isNotBlank();
    }
}
