package com.repairsync.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.Mutations;
import com.repairsync.testkit.WsProbe;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The server's history id (epoch) is in every pull page, push answer and realtime hello, and the
 * same in all three; it survives restarts; on PostgreSQL a database that is not where its history
 * began (a restored dump) gets a new one at start, and nodes starting after agree on it.
 */
class ServerHistoryIT {
    private static final Duration GENEROUS = Duration.ofSeconds(10);

    @Test
    void pullPushAndRealtimeNameOneHistoryThatOutlivesARestart() {
        TestServer server = TestServer.start();
        try {
            Shop shop = server.createShop();
            Device desk = shop.adminDevice("desk");
            String epoch = epochOf(server, desk);
            assertThat(epoch).matches("[0-9a-f]{32}");

            server = server.restart();
            assertThat(epochOf(server, desk.on(server))).as("after a restart").isEqualTo(epoch);
        } finally {
            server.stop();
        }
    }

    @Test
    void aPostgresDatabaseThatIsNotWhereItsHistoryBeganStartsANewOne() throws Exception {
        assumeTrue(TestServer.isPostgres(), "PostgreSQL only: runs in the PostgreSQL execution");
        TestServer node = TestServer.startOnPostgres(Clock.systemUTC(), Map.of());
        TestServer other = null;
        try {
            Device desk = node.createShop().adminDevice("desk");
            String epoch = epochOf(node, desk);
            node = node.restart();
            assertThat(epochOf(node, desk.on(node)))
                    .as("a restart is not a restore")
                    .isEqualTo(epoch);

            node.stop();
            try (Connection owner = node.openDatabase();
                    Statement statement = owner.createStatement()) {
                // As after pg_restore into another database: the row names where it was made.
                statement.executeUpdate("UPDATE server_history SET fingerprint = 'another:database'");
            }
            node = node.startAgainOnSamePort();
            String restored = epochOf(node, desk.on(node));
            assertThat(restored).as("a restored copy").isNotEqualTo(epoch);

            other = node.startAnotherNode(Map.of("--node-id", "node-2"));
            assertThat(epochOf(other, desk.on(other)))
                    .as("a second node agrees")
                    .isEqualTo(restored);
            try (Connection owner = node.openDatabase();
                    Statement statement = owner.createStatement();
                    ResultSet row = statement.executeQuery("SELECT fingerprint FROM server_history")) {
                row.next();
                assertThat(row.getString(1)).as("where the new history began").isNotEqualTo("another:database");
            }
        } finally {
            if (other != null) {
                other.stop();
            }
            node.stop();
        }
    }

    /** The epoch of a pull, checked equal to a push answer's and the realtime hello's. */
    private static String epochOf(TestServer server, Device device) {
        JsonNode pull = device.pull("cursor=0").body();
        String epoch = pull.path("epoch").asText(null);
        assertThat(epoch).as("pull %s", pull).isNotNull();
        JsonNode push = device.pushOk(List.of(
                Mutations.upsert("customers", UUID.randomUUID().toString()).field("firstName", "Ada")));
        assertThat(push.path("epoch").asText()).as("push %s", push).isEqualTo(epoch);
        try (WsProbe socket = WsProbe.connect(server.http().client(), server.realtimeUri(null), device.accessToken())) {
            JsonNode hello =
                    socket.await(message -> message.path("type").asText().equals("cursor"), GENEROUS);
            assertThat(hello.path("epoch").asText()).as("hello %s", hello).isEqualTo(epoch);
        }
        return epoch;
    }
}
