package com.repairsync.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.protocol.CertificateFingerprint;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.server.tls.SelfSignedCertificate;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import com.repairsync.testkit.PinnedTls;
import com.repairsync.testkit.WsProbe;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server over HTTPS on its self-signed certificate, as a shop runs it by default: the API,
 * errors as problem+json, body limits and the realtime socket all work over TLS, seen by a client
 * that trusts exactly the server's certificate; plain HTTP to the port gets no answer.
 */
class HttpsIT {
    private static final Duration GENEROUS = Duration.ofSeconds(10);

    @RegisterExtension
    static final TestServer server = TestServer.start(Clock.systemUTC(), Map.of("--tls", "on", "--max-body", "64KiB"));

    private static X509Certificate certificate() {
        return server.server().certificate().orElseThrow();
    }

    @Test
    void theServerSaysItsHttpsUrlAndTheFingerprintOfTheCertificateItPresents() throws Exception {
        RepairSyncServer running = server.server();

        assertThat(running.url()).isEqualTo("https://127.0.0.1:" + running.port());
        assertThat(running.certificateFingerprint())
                .contains(CertificateFingerprint.of(certificate().getEncoded()));
        assertThat(running.certificateFingerprint())
                .contains(CertificateFingerprint.of(
                        SelfSignedCertificate.load(server.dataDir().resolve(SelfSignedCertificate.FOLDER))
                                .orElseThrow()
                                .leaf()
                                .getEncoded()));
    }

    @Test
    void healthAnswersOverHttps() {
        JsonHttp.Response health = server.http().get("/v1/health", null);

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().path("status").asText()).isEqualTo("ok");
        assertThat(health.raw().uri().getScheme()).isEqualTo("https");
        assertThat(health.raw().sslSession()).isPresent();
        assertThat(health.raw().sslSession().get().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
    }

    @Test
    void errorsStillArriveAsProblemJson() {
        JsonHttp.Response missing = server.http().get("/v1/no-such-route", null);
        JsonHttp.Response tooBig = server.http()
                .postRaw("/v1/shops", "{\"shopName\":\"" + "x".repeat(100_000) + "\"}", "application/json", null);

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(tooBig.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aDeviceSignsInAndHearsAnotherDevicesPushOverWss() {
        Shop shop = server.createShop();
        Device tablet = shop.adminDevice("tablet");
        Device desk = shop.adminDevice("desk");
        assertThat(server.realtimeUri(null).getScheme()).isEqualTo("wss");

        try (WsProbe socket = WsProbe.connect(server.http().client(), server.realtimeUri(null), tablet.accessToken())) {
            socket.await(message -> message.path("type").asText().equals("cursor"), GENEROUS);
            long cursor = desk.pushOk(List.of(
                            Mutations.upsert("customers", UUID.randomUUID().toString())
                                    .field("firstName", "Rita")))
                    .get("cursor")
                    .asLong();

            JsonNode heard = socket.await(message -> message.path("cursor").asLong() == cursor, GENEROUS);
            assertThat(heard.path("type").asText()).isIn("cursor", "changes");
        }
    }

    @Test
    void plainHttpToTheTlsPortGetsNoPlaintextAnswer() throws Exception {
        String answer = rawExchange("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        assertThat(answer).doesNotContain("HTTP/1.1").doesNotContain("status");
        HttpClient plain = HttpClient.newBuilder().connectTimeout(GENEROUS).build();
        assertThatThrownBy(() -> plain.send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.1:" + server.server().port() + "/v1/health"))
                                .timeout(GENEROUS)
                                .build(),
                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsRefused() {
        HttpClient stranger = PinnedTls.client(SelfSignedCertificateFixture.other());

        assertThatThrownBy(() -> stranger.send(
                        HttpRequest.newBuilder(URI.create(server.server().url() + "/v1/health"))
                                .timeout(GENEROUS)
                                .build(),
                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }

    @Test
    void aDeviceMayAskForAnyNameOverTls12AndStillGetsTheCertificate() throws Exception {
        try (SSLSocket socket =
                (SSLSocket) PinnedTls.trusting(certificate()).getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.server().port()), 5_000);
            socket.setSoTimeout(10_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setProtocols(new String[] {"TLSv1.2"});
            parameters.setServerNames(List.of(new SNIHostName("repair-server.shop.lan")));
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            socket.getOutputStream()
                    .write("GET /v1/health HTTP/1.1\r\nHost: repair-server.shop.lan\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));

            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

            assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(certificate());
            assertThat(answer).startsWith("HTTP/1.1 200").contains("\"status\":\"ok\"");
        }
    }

    @Test
    void aRestartServesTheSameCertificate() {
        TestServer first = TestServer.start(Clock.systemUTC(), Map.of("--tls", "on"));
        String fingerprint = first.server().certificateFingerprint().orElseThrow();
        first.stop();

        TestServer again = TestServer.startIn(first.dataDir(), Clock.systemUTC(), Map.of("--tls", "on"));
        try {
            assertThat(again.server().certificateFingerprint()).contains(fingerprint);
            assertThat(again.http().get("/v1/health", null).status()).isEqualTo(200);
        } finally {
            again.stop();
        }
    }

    /** Sends raw bytes to the TLS port and reads what comes back until the server closes or goes quiet. */
    private static String rawExchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.server().port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int read; (read = in.read(buffer)) != -1 && received.size() < 65_536; ) {
                    received.write(buffer, 0, read);
                }
            } catch (SocketTimeoutException | java.net.SocketException closed) {
                // a silent or reset connection is no plaintext answer either
            }
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** A certificate that is not the server's. */
    private static final class SelfSignedCertificateFixture {
        static X509Certificate other() {
            return com.repairsync.server.testing.TestCertificates.selfSigned(
                    "not the server", com.repairsync.server.testing.TestCertificates.ec());
        }
    }

    @Test
    void theConsolesCookiesAreSecureOverHttps() throws Exception {
        Shop shop = server.createShop();
        java.net.http.HttpClient client = server.http().client();
        java.net.http.HttpResponse<String> form = client.send(
                server.http().request("/console/login", null).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(form.headers().allValues("Set-Cookie")).singleElement().satisfies(cookie -> assertThat(cookie)
                .contains("Secure", "HttpOnly", "SameSite=Strict"));
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"formToken\" value=\"([^\"]+)\"")
                .matcher(form.body());
        assertThat(token.find()).isTrue();
        String cookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        String body = "formToken=" + token.group(1) + "&email="
                + java.net.URLEncoder.encode(shop.adminEmail(), java.nio.charset.StandardCharsets.UTF_8) + "&password="
                + java.net.URLEncoder.encode(TestServer.PASSWORD, java.nio.charset.StandardCharsets.UTF_8);

        java.net.http.HttpResponse<String> signedIn = client.send(
                server.http()
                        .request("/console/login", null)
                        .header("Cookie", cookie)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);
        assertThat(signedIn.headers().allValues("Set-Cookie"))
                .filteredOn(set -> set.startsWith("rs_console="))
                .singleElement()
                .satisfies(set -> assertThat(set).contains("Secure", "HttpOnly", "SameSite=Strict"));
    }
}
