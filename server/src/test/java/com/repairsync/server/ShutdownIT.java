package com.repairsync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.Mutations;
import com.repairsync.testkit.WsProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Graceful shutdown and restart: sockets hear why they close, acknowledged pushes survive. */
class ShutdownIT {

    @Test
    void stopClosesSocketsWithAReasonAndAcknowledgedDataSurvivesARestart() {
        TestServer server = TestServer.start();
        Shop shop = server.createShop();
        Device desk = shop.adminDevice("desk");
        String customer = UUID.randomUUID().toString();
        desk.pushOk(List.of(Mutations.upsert("customers", customer).field("firstName", "Persisted")));

        WsProbe socket = WsProbe.connect(server.http().client(), server.realtimeUri(null), desk.accessToken());
        socket.await(message -> message.path("type").asText().equals("cursor"), Duration.ofSeconds(10));
        TestServer restarted = server.restart();
        try {
            assertThat(socket.awaitClose(Duration.ofSeconds(10))).isEqualTo(1001);
            Device again = restarted.login(shop.adminEmail(), TestServer.PASSWORD, "desk");
            assertThat(again.pullAll(0)
                            .record("customers", customer)
                            .get("firstName")
                            .asText())
                    .isEqualTo("Persisted");
            JsonHttp.Response oldToken = restarted.http().get("/v1/sync/pull?cursor=0", desk.accessToken());
            assertThat(oldToken.status())
                    .as("the signing key persists in the data directory")
                    .isEqualTo(200);
        } finally {
            socket.close();
            restarted.stop();
        }
    }

    @Test
    void pushesRacingAShutdownAreEitherFullyAppliedOrNotAtAll() throws Exception {
        TestServer server = TestServer.start();
        Shop shop = server.createShop();
        Device desk = shop.adminDevice("desk");
        List<CompletableFuture<JsonHttp.Response>> pushes = new ArrayList<>();
        List<List<String>> batches = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            List<String> ids = new ArrayList<>();
            List<Mutations> batch = new ArrayList<>();
            for (int m = 0; m < 200; m++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                batch.add(Mutations.upsert("customers", id).field("firstName", "Batch " + i));
            }
            batches.add(ids);
            pushes.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return desk.push(batch);
                } catch (RuntimeException connectionRefused) {
                    return null;
                }
            }));
        }
        TestServer restarted = server.restart();
        try {
            Device again = restarted.login(shop.adminEmail(), TestServer.PASSWORD, "desk");
            Device.Snapshot stored = again.pullAll(0);
            for (int i = 0; i < pushes.size(); i++) {
                JsonHttp.Response response = pushes.get(i).get();
                long present = batches.get(i).stream()
                        .filter(id -> stored.record("customers", id) != null)
                        .count();
                if (response != null && response.status() == 200) {
                    for (JsonNode result : response.body().get("results")) {
                        assertThat(result.get("status").asText()).isEqualTo("applied");
                    }
                    assertThat(present).as("acknowledged batch %d is stored", i).isEqualTo(200);
                } else {
                    assertThat(present)
                            .as("refused batch %d is all or nothing", i)
                            .isIn(0L, 200L);
                }
            }
        } finally {
            restarted.stop();
        }
    }
}
