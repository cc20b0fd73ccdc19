package com.repairsync.server.security;

import static com.repairsync.server.security.SignInFixtures.AT_ONCE;
import static com.repairsync.server.security.SignInFixtures.assertProblem;
import static com.repairsync.server.security.SignInFixtures.socket;
import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.server.testing.Device;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.Mutations;
import com.repairsync.testkit.WsProbe;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SignInEndsEverywhereIT} across two nodes on one PostgreSQL database: an admin on node 1
 * gives a technician another role while the technician's tablet talks to node 2, which has already
 * let its token in. Within a second node 2 refuses the token and has closed the socket.
 */
class PostgresSignInEndsEverywhereIT {
    private TestServer node1;
    private TestServer node2;

    @BeforeEach
    void twoNodes() {
        node1 = TestServer.startOnPostgres(Clock.systemUTC(), Map.of("--node-id", "node-1"));
        node2 = node1.startAnotherNode(Map.of("--node-id", "node-2"));
    }

    @AfterEach
    void stopBoth() {
        node1.stop();
        node2.stop();
    }

    @Test
    void aNewRoleGivenOnOneNodeEndsTheSignInOnTheOtherWithinASecond() {
        Shop shop = node1.createShop();
        Device owner = shop.adminDevice("owner's desk");
        Device tablet = shop.employeeDevice(owner, "technician", "Tess").on(node2);
        assertThat(tablet.pull("cursor=0").status()).isEqualTo(200);

        try (WsProbe tabletSocket = socket(node2, tablet)) {
            owner.pushOk(
                    List.of(Mutations.upsert("employees", tablet.employeeId()).field("role", "front_desk")));

            Awaitility.await()
                    .atMost(AT_ONCE)
                    .pollInterval(Duration.ofMillis(20))
                    .untilAsserted(() -> {
                        assertProblem(tablet.pull("cursor=0"), 401, "session_revoked");
                        assertThat(tabletSocket.awaitClose(Duration.ofMillis(1)))
                                .isEqualTo(1008);
                    });
        }
    }
}
