package com.repairsync.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OWASP API4 (unrestricted resource consumption): batch and body limits refuse before anything is
 * applied, and idle sockets and slow clients (slowloris: headers or bodies a byte at a time) do
 * not keep the server from answering everyone else promptly.
 */
class ResourceConsumptionIT {
    private static final int MAX_BATCH = 50;
    private static final Duration PROMPT = Duration.ofSeconds(2);
    /** Idle sockets, slow-header and slow-body clients each; {@code -Drepairsync.slowClients=N} for more. */
    private static final int HOSTILE = Integer.getInteger("repairsync.slowClients", 100);

    @RegisterExtension
    static final TestServer server = TestServer.start(
            java.time.Clock.systemUTC(), Map.of("--max-batch", Integer.toString(MAX_BATCH), "--max-body", "64KiB"));

    @Test
    void batchesAndBodiesOverTheLimitAreRefusedWholeAndApplyNothing() {
        Device device = server.createShop().adminDevice("limits");
        long cursor = device.pullAll(0).cursor();
        JsonHttp.Response tooMany = device.push(customers(MAX_BATCH + 1));
        assertThat(tooMany.status()).as("%s", tooMany).isEqualTo(413);
        assertThat(tooMany.body().path("code").asText()).isEqualTo("payload_too_large");
        JsonHttp.Response tooBig = device.push(
                List.of(Mutations.upsert("customers", UUID.randomUUID().toString())
                        .field("firstName", "Big")
                        .field("notes", "x".repeat(70 * 1024))));
        assertThat(tooBig.status()).as("%s", tooBig).isEqualTo(413);
        assertThat(device.pullAll(cursor).seqs()).as("nothing applied").isEmpty();
        assertThat(device.push(customers(MAX_BATCH)).status()).isEqualTo(200);
    }

    @Test
    void manyIdleSocketsAndSlowClientsDoNotHoldTheServer() throws Exception {
        Shop shop = server.createShop();
        Device device = shop.adminDevice("patient");
        int port = java.net.URI.create(server.http().baseUrl()).getPort();
        List<Socket> sockets = new ArrayList<>();
        AtomicBoolean dripping = new AtomicBoolean(true);
        Thread drip = null;
        try {
            for (int i = 0; i < 2 * HOSTILE; i++) {
                sockets.add(new Socket(InetAddress.getLoopbackAddress(), port)); // idle: never sends a byte
            }
            List<Socket> slowHeaders = open(port, HOSTILE, "GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ");
            List<Socket> slowBodies = open(
                    port,
                    HOSTILE,
                    "POST /v1/sync/push HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer "
                            + device.accessToken() + "\r\nContent-Length: 60000\r\n\r\n{\"deviceId\":\"");
            sockets.addAll(slowHeaders);
            sockets.addAll(slowBodies);
            List<Socket> slow = new ArrayList<>(slowHeaders);
            slow.addAll(slowBodies);
            drip = new Thread(() -> drip(slow, dripping), "slowloris");
            drip.setDaemon(true);
            drip.start();

            for (int i = 0; i < 20; i++) {
                long started = System.nanoTime();
                assertThat(server.http().get("/v1/health", null).status()).isEqualTo(200);
                device.pushOk(customers(3));
                assertThat(device.pull("cursor=0&limit=10").status()).isEqualTo(200);
                assertThat(Duration.ofNanos(System.nanoTime() - started))
                        .as("health, push and pull with %d hostile sockets open", sockets.size())
                        .isLessThan(PROMPT);
            }
        } finally {
            dripping.set(false);
            if (drip != null) {
                drip.join();
            }
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        assertThat(server.http().get("/v1/health", null).status()).isEqualTo(200);
    }

    private static List<Socket> open(int port, int count, String start) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            sockets.add(socket);
        }
        return sockets;
    }

    /** Sends one more byte on every slow socket every 100 ms, as a slowloris does. */
    private static void drip(List<Socket> sockets, AtomicBoolean dripping) {
        while (dripping.get()) {
            for (Socket socket : sockets) {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write('a');
                    out.flush();
                } catch (IOException closedByServer) {
                    // the server may drop a slow client: that is allowed
                }
            }
            try {
                Thread.sleep(100); // the attacker's pace
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static List<Mutations> customers(int count) {
        List<Mutations> mutations = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            mutations.add(
                    Mutations.upsert("customers", UUID.randomUUID().toString()).field("firstName", "C" + i));
        }
        return mutations;
    }
}
